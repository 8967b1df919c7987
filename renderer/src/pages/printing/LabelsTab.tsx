import { PrinterOutlined } from '@ant-design/icons';
import { Button, Form, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LABEL_SHEET_IDS, LABEL_SHEETS, labelsPerSheet, sheetsNeeded, type LabelSheetId } from '../../../../shared/domain/label-sheets';
import { api } from '../../lib/api';
import { toRequest, type OptionsState } from './print-options';
import { PrintError } from './PrintError';
import { RecordPicker } from './RecordPicker';
import { useDirectPrint, type PdfOut } from './use-direct-print';

/** A miniature of the sheet: labels before the start position are already used (greyed). */
function StartPicker({ sheet, value, onChange }: { sheet: LabelSheetId; value: number; onChange: (n: number) => void }) {
  const { t } = useTranslation();
  const s = LABEL_SHEETS[sheet];
  return (
    <div
      role="radiogroup"
      aria-label={t('printing.labelStart')}
      data-testid="labels-start"
      style={{
        display: 'grid',
        gridTemplateColumns: `repeat(${s.cols}, ${Math.round(s.w * 0.9)}px)`,
        gap: 3,
        padding: 6,
        background: '#fafafa',
        width: 'fit-content',
      }}
    >
      {Array.from({ length: labelsPerSheet(s) }, (_, i) => i + 1).map((n) => (
        <button
          key={n}
          type="button"
          role="radio"
          aria-checked={n === value}
          data-testid={`labels-start-${n}`}
          onClick={() => onChange(n)}
          style={{
            height: Math.round(s.h * 0.6),
            border: n === value ? '2px solid #1677ff' : '1px solid #d9d9d9',
            background: n < value ? '#e8e8e8' : '#fff',
            color: n < value ? '#bbb' : '#333',
            cursor: 'pointer',
            fontSize: 11,
          }}
        >
          {n}
        </button>
      ))}
    </div>
  );
}

/** 档案标签: small labels (档号, 题名, year, retention, box) for chosen records, on a bought A4 sheet. */
export function LabelsTab({ options, onPdf }: { options: OptionsState; onPdf: (title: string, pdf: PdfOut) => void }) {
  const { t } = useTranslation();
  const [ids, setIds] = useState<string[]>([]);
  const [sheet, setSheet] = useState<LabelSheetId>('2x8');
  const [startAt, setStartAt] = useState(1);
  const { busy, failure, run } = useDirectPrint(onPdf);
  const s = LABEL_SHEETS[sheet];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <RecordPicker value={ids} onChange={setIds} testId="labels-records" />
      <Typography.Text type="secondary">{t('printing.pickedN', { n: ids.length })}</Typography.Text>
      <Form layout="vertical" size="small">
        <Form.Item label={t('printing.labelSheet')} htmlFor="labels_sheet">
          <Select
            id="labels_sheet"
            style={{ maxWidth: 520 }}
            value={sheet}
            data-testid="labels-sheet"
            onChange={(v: LabelSheetId) => {
              setSheet(v);
              setStartAt(1);
            }}
            options={LABEL_SHEET_IDS.map((id) => {
              const x = LABEL_SHEETS[id];
              return {
                value: id,
                label: t('printing.labelSheetOption', { cols: x.cols, rows: x.rows, n: labelsPerSheet(x), w: x.w, h: x.h, examples: x.examples }),
              };
            })}
          />
        </Form.Item>
        <Form.Item label={t('printing.labelStart')} extra={t('printing.labelStartHint')}>
          <StartPicker sheet={sheet} value={Math.min(startAt, labelsPerSheet(s))} onChange={setStartAt} />
        </Form.Item>
      </Form>
      {ids.length > 0 && <Typography.Text type="secondary">{t('printing.labelSheetsNeeded', { n: sheetsNeeded(s, ids.length, startAt) })}</Typography.Text>}
      <Button
        type="primary"
        icon={<PrinterOutlined />}
        disabled={!ids.length}
        loading={busy}
        data-testid="labels-print"
        onClick={() => void run(t('printing.tabLabels'), () => api.print.labels({ recordIds: ids, sheet, startAt, options: toRequest(options) }))}
      >
        {t('printing.printLabels')}
      </Button>
      <PrintError failure={failure} />
    </Space>
  );
}
