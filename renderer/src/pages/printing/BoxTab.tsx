import { MinusCircleOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Divider, Form, Input, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { BOX_NOTE_LABELS, type BoxNoteKind } from '../../../../shared/domain/print-types';
import { api } from '../../lib/api';
import { options as labelOptions, useLocations } from '../../lib/register-data';
import { toRequest, type OptionsState } from './print-options';
import { PrintError } from './PrintError';
import { useDirectPrint, type PdfOut } from './use-direct-print';

interface SheetValues {
  notes?: { kind: BoxNoteKind; text?: string }[];
  arrangedBy?: string;
  arrangedDate?: string;
  checkedBy?: string;
  checkedDate?: string;
}

/**
 * 盒脊 and 备考表 of one archive box (a location in the register), per DA/T 22: the spine's
 * years, retention and item range come from the box's records on the Node side.
 */
export function BoxTab({ options, onPdf }: { options: OptionsState; onPdf: (title: string, pdf: PdfOut) => void }) {
  const { t } = useTranslation();
  const { locations } = useLocations();
  const [form] = Form.useForm<{ locationId?: string; spine: 20 | 30 | 40 | 50 } & SheetValues>();
  const locationId = Form.useWatch('locationId', form);
  const spine = useDirectPrint(onPdf);
  const sheet = useDirectPrint(onPdf);

  const printSpine = () => {
    const v = form.getFieldsValue();
    if (!v.locationId) return;
    void spine.run(t('printing.printSpine'), () => api.print.boxSpine({ locationId: v.locationId!, spineWidthMm: v.spine, options: toRequest(options) }));
  };
  const printSheet = () => {
    const v = form.getFieldsValue();
    if (!v.locationId) return;
    const req = {
      locationId: v.locationId,
      notes: (v.notes ?? []).filter((n) => n?.kind).map((n) => ({ kind: n.kind, text: n.text ?? '' })),
      arrangedBy: v.arrangedBy ?? '',
      arrangedDate: v.arrangedDate ?? '',
      checkedBy: v.checkedBy ?? '',
      checkedDate: v.checkedDate ?? '',
    };
    void sheet.run(t('printing.printSheet'), () => api.print.boxSheet({ ...req, options: toRequest(options) }));
  };

  return (
    <Form form={form} name="box" layout="vertical" initialValues={{ spine: 30, notes: [] }} style={{ maxWidth: 640 }}>
      <Form.Item name="locationId" label={t('printing.location')}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('printing.pickLocation')}
          data-testid="box-location"
          options={locations.map((l) => ({ value: l.id, label: l.label }))}
        />
      </Form.Item>
      <Space align="end">
        <Form.Item name="spine" label={t('printing.spineWidth')}>
          <Radio.Group
            optionType="button"
            data-testid="box-spine-width"
            aria-label={t('printing.spineWidth')}
            options={[20, 30, 40, 50].map((w) => ({ value: w, label: `${w} mm` }))}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" icon={<PrinterOutlined />} disabled={!locationId} loading={spine.busy} onClick={printSpine} data-testid="box-spine-print">
            {t('printing.printSpine')}
          </Button>
        </Form.Item>
      </Space>
      <PrintError failure={spine.failure} />
      <Divider />
      <Form.List name="notes">
        {(fields, { add, remove }) => (
          <Form.Item label={t('printing.notes')} htmlFor="box_notes_add">
            {fields.map((f) => (
              <Space key={f.key} align="baseline">
                <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                  <Select
                    style={{ width: 140 }}
                    placeholder={t('printing.noteKind')}
                    aria-label={t('printing.noteKind')}
                    options={labelOptions(BOX_NOTE_LABELS)}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'text']}>
                  <Input style={{ width: 360 }} maxLength={200} placeholder={t('printing.noteText')} aria-label={t('printing.noteText')} />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Button id="box_notes_add" type="dashed" icon={<PlusOutlined />} disabled={fields.length >= 20} onClick={() => add({ kind: 'missing', text: '' })}>
              {t('printing.addNote')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
      <Space wrap>
        <Form.Item name="arrangedBy" label={t('printing.arrangedBy')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="arrangedDate" label={t('printing.arrangedDate')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="checkedBy" label={t('printing.checkedBy')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="checkedDate" label={t('printing.checkedDate')}>
          <Input type="date" />
        </Form.Item>
      </Space>
      <Form.Item>
        <Button type="primary" icon={<PrinterOutlined />} disabled={!locationId} loading={sheet.busy} onClick={printSheet} data-testid="box-sheet-print">
          {t('printing.printSheet')}
        </Button>
      </Form.Item>
      <PrintError failure={sheet.failure} />
    </Form>
  );
}
