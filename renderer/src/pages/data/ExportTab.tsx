import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportRequest } from '../../../../shared/contract/data.contract';
import { RECORD_STATUS_LABELS } from '../../../../shared/domain/archive-types';
import { TagChip } from '../../components/TagChip';
import { showFieldErrors } from '../../lib/errors';
import { api } from '../../lib/api';
import { CategoryTreeSelect } from '../../components/CategoryTreeSelect';
import { options, useCategories, useStructure, useTags } from '../../lib/register-data';
import { saveBase64 } from './save-file';

type Values = Omit<ExportRequest, 'filters'> & {
  gridId?: string;
  buildingId?: string;
  unitId?: string;
  tagId?: string;
  status?: string;
  contentCategory?: string;
};

/** Blank selects are "no filter"; only the filters the chosen list understands are sent. */
function toRequest(v: Values): ExportRequest {
  const pick = {
    gridId: v.gridId,
    buildingId: v.buildingId,
    unitId: v.unitId,
    tagId: v.tagId,
    ...(v.kind === 'records' ? { status: v.status, contentCategory: v.contentCategory } : {}),
  };
  const filters = Object.fromEntries(Object.entries(pick).filter(([, x]) => !!x)) as ExportRequest['filters'];
  return { kind: v.kind, format: v.format, purpose: v.purpose, filters };
}

/** 导出: a list to XLSX/CSV with a required purpose; the Node side writes the audit entry. */
export function ExportTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { tree } = useStructure();
  const { categories } = useCategories();
  const { tags } = useTags();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  const gridId = Form.useWatch('gridId', form);
  const buildingId = Form.useWatch('buildingId', form);

  // Cascading place pickers: a building of another grid would only ever export nothing.
  const buildings = tree.buildings.filter((b) => !gridId || b.gridId === gridId);
  const units = tree.units.filter((u) => !buildingId || u.buildingId === buildingId);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.exporter.list(toRequest(v));
      if (!r.ok) return void setError(showFieldErrors(form, r.error));
      saveBase64(r.value.dataBase64, r.value.fileName, r.value.mime);
      void message.success(t('data.exported', { n: r.value.rows, file: r.value.fileName }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 640 }}>
      <Alert type="info" showIcon message={t('data.exportIntro')} data-testid="export-audit-note" />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        data-testid="export-form"
        initialValues={{ kind: 'residents', format: 'xlsx' }}
        onValuesChange={(changed) => {
          if ('gridId' in changed) form.setFieldsValue({ buildingId: undefined, unitId: undefined });
          if ('buildingId' in changed) form.setFieldsValue({ unitId: undefined });
        }}
      >
        <Form.Item name="kind" label={t('data.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'residents', label: t('data.kindResidents') },
              { value: 'households', label: t('data.kindHouseholds') },
              { value: 'records', label: t('data.kindRecords') },
            ]}
          />
        </Form.Item>
        <Form.Item name="format" label={t('data.format')}>
          <Radio.Group
            options={[
              { value: 'xlsx', label: 'Excel (.xlsx)' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
        </Form.Item>
        <Form.Item name="purpose" label={t('data.purpose')} rules={[{ required: true, whitespace: true, message: t('data.purposeRequired') }]}>
          <Input maxLength={200} placeholder={t('data.purposePlaceholder')} data-testid="export-purpose" />
        </Form.Item>
        <Typography.Text strong>{t('data.filters')}</Typography.Text>
        <Space wrap style={{ marginTop: 8 }}>
          <Form.Item name="gridId" label={t('data.grid')}>
            <Select allowClear style={{ width: 160 }} placeholder={t('data.all')} options={tree.grids.map((g) => ({ value: g.id, label: g.name }))} />
          </Form.Item>
          <Form.Item name="buildingId" label={t('data.building')}>
            <Select allowClear style={{ width: 160 }} placeholder={t('data.all')} options={buildings.map((b) => ({ value: b.id, label: b.name }))} />
          </Form.Item>
          <Form.Item name="unitId" label={t('data.unit')}>
            <Select allowClear style={{ width: 140 }} placeholder={t('data.all')} options={units.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="tagId" label={t('data.tag')}>
            <Select
              allowClear
              style={{ width: 180 }}
              placeholder={t('data.all')}
              options={tags.map((tg) => ({ value: tg.id, label: <TagChip tag={tg} revealName size={16} /> }))}
            />
          </Form.Item>
          {kind === 'records' && (
            <>
              <Form.Item name="status" label={t('data.recordStatus')}>
                <Select allowClear style={{ width: 140 }} placeholder={t('data.all')} options={options(RECORD_STATUS_LABELS)} />
              </Form.Item>
              <Form.Item name="contentCategory" label={t('data.category')}>
                <CategoryTreeSelect mode="filter" allowClear categories={categories} style={{ width: 160 }} placeholder={t('data.all')} />
              </Form.Item>
            </>
          )}
        </Space>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="export-error" />}
        <Button type="primary" htmlType="submit" icon={<DownloadOutlined />} loading={busy} data-testid="export-submit">
          {t('data.doExport')}
        </Button>
      </Form>
    </Space>
  );
}
