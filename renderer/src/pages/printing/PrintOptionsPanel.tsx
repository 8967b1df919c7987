import { Card, Form, InputNumber, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OptionsState } from './print-options';

/** Paper, colour and calibration offsets: one panel shared by every kind of print on the page. */
export function PrintOptionsPanel({ value, onChange }: { value: OptionsState; onChange: (patch: Partial<OptionsState>) => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('printing.options')} data-testid="print-options">
      <Form layout="vertical" size="small">
        <Form.Item label={t('printing.paper')} htmlFor="print_paper">
          <Radio.Group
            id="print_paper"
            aria-label={t('printing.paper')}
            value={value.paper}
            onChange={(e) => onChange({ paper: e.target.value })}
            data-testid="opt-paper"
            options={[
              { value: 'A4', label: 'A4' },
              { value: 'A3', label: 'A3' },
              { value: 'custom', label: t('printing.paperCustom') },
            ]}
          />
        </Form.Item>
        {value.paper === 'custom' && (
          <Space>
            <Form.Item label={t('printing.widthMm')} htmlFor="print_widthMm">
              <InputNumber
                id="print_widthMm"
                min={50}
                max={1000}
                value={value.widthMm}
                onChange={(v) => onChange({ widthMm: v ?? 210 })}
                data-testid="opt-width"
              />
            </Form.Item>
            <Form.Item label={t('printing.heightMm')} htmlFor="print_heightMm">
              <InputNumber
                id="print_heightMm"
                min={50}
                max={1500}
                value={value.heightMm}
                onChange={(v) => onChange({ heightMm: v ?? 297 })}
                data-testid="opt-height"
              />
            </Form.Item>
          </Space>
        )}
        <Form.Item label={t('printing.colour')} htmlFor="print_colour">
          <Radio.Group
            id="print_colour"
            aria-label={t('printing.colour')}
            value={value.colour}
            onChange={(e) => onChange({ colour: e.target.value })}
            data-testid="opt-colour"
            options={[
              { value: true, label: t('printing.colourOn') },
              { value: false, label: t('printing.colourOff') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('printing.printLanguage')} htmlFor="print_language">
          <Radio.Group
            id="print_language"
            aria-label={t('printing.printLanguage')}
            value={value.english === true}
            onChange={(e) => onChange({ english: e.target.value })}
            data-testid="opt-language"
            options={[
              { value: false, label: t('printing.languageZh') },
              { value: true, label: t('printing.languageZhEn') },
            ]}
          />
        </Form.Item>
        <Space>
          <Form.Item label={t('printing.offsetX')} htmlFor="print_offsetX">
            <InputNumber
              id="print_offsetX"
              min={-20}
              max={20}
              step={0.5}
              value={value.offsetXmm}
              onChange={(v) => onChange({ offsetXmm: v ?? 0 })}
              data-testid="opt-offset-x"
            />
          </Form.Item>
          <Form.Item label={t('printing.offsetY')} htmlFor="print_offsetY">
            <InputNumber
              id="print_offsetY"
              min={-20}
              max={20}
              step={0.5}
              value={value.offsetYmm}
              onChange={(v) => onChange({ offsetYmm: v ?? 0 })}
              data-testid="opt-offset-y"
            />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('printing.offsetHint')}
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}
