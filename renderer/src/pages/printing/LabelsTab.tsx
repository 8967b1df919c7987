import { PrinterOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { toRequest, type OptionsState } from './print-options';
import { PrintError } from './PrintError';
import { RecordPicker } from './RecordPicker';
import { useDirectPrint, type PdfOut } from './use-direct-print';

/** 档案标签: small labels (档号, 题名, year, retention, box) for chosen records. */
export function LabelsTab({ options, onPdf }: { options: OptionsState; onPdf: (title: string, pdf: PdfOut) => void }) {
  const { t } = useTranslation();
  const [ids, setIds] = useState<string[]>([]);
  const { busy, failure, run } = useDirectPrint(onPdf);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <RecordPicker value={ids} onChange={setIds} testId="labels-records" />
      <Typography.Text type="secondary">{t('printing.pickedN', { n: ids.length })}</Typography.Text>
      <Button
        type="primary"
        icon={<PrinterOutlined />}
        disabled={!ids.length}
        loading={busy}
        data-testid="labels-print"
        onClick={() => void run(t('printing.tabLabels'), () => api.print.labels({ recordIds: ids, options: toRequest(options) }))}
      >
        {t('printing.printLabels')}
      </Button>
      <PrintError failure={failure} />
    </Space>
  );
}
