import { PrinterOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { toRequest, type OptionsState } from './print-options';
import { PrintError } from './PrintError';
import { useDirectPrint, type PdfOut } from './use-direct-print';

/** 校准页: a test page printed with the current offsets, to measure and correct them. */
export function CalibrationTab({ options, onPdf }: { options: OptionsState; onPdf: (title: string, pdf: PdfOut) => void }) {
  const { t } = useTranslation();
  const { busy, failure, run } = useDirectPrint(onPdf);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph>{t('printing.calibrationIntro')}</Typography.Paragraph>
      <Button
        type="primary"
        icon={<PrinterOutlined />}
        loading={busy}
        data-testid="calibration-print"
        onClick={() => void run(t('printing.tabCalibration'), () => api.print.calibration({ options: toRequest(options) }))}
      >
        {t('printing.printCalibration')}
      </Button>
      <PrintError failure={failure} />
    </Space>
  );
}
