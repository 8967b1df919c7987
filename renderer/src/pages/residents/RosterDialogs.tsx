import { Alert, App, Checkbox, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterFilters } from '../../../../shared/contract/roster.contract';
import type { TagRow } from '../../../../shared/contract/register.contract';
import { RESIDENT_TYPE_LABELS } from '../../../../shared/domain/archive-types';
import { api } from '../../lib/api';
import { showFieldErrors } from '../../lib/errors';
import { options } from '../../lib/register-data';
import { saveBase64 } from '../data/save-file';
import { TagSelect } from './TagSelect';

type BatchValues = { addTagIds?: string[]; removeTagIds?: string[]; residentType?: 'registered'; submitForReview?: boolean };

/** 批量修改: tags (on the residents' households) and resident type; a keeper's batch goes to 待审核. */
export function BatchEditModal({
  open,
  residentIds,
  tags,
  isAdmin,
  onClose,
  onDone,
}: {
  open: boolean;
  residentIds: string[];
  tags: TagRow[];
  isAdmin: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<BatchValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);
  const submit = async (v: BatchValues) => {
    setBusy(true);
    try {
      const r = await api.roster.batchEdit({
        residentIds,
        addTagIds: v.addTagIds ?? [],
        removeTagIds: v.removeTagIds ?? [],
        residentType: v.residentType,
        submitForReview: isAdmin ? !!v.submitForReview : true,
      });
      if (!r.ok) return void setError(showFieldErrors(form, r.error));
      const n = { n: r.value.residents, h: r.value.households };
      void message.success(r.value.pendingId ? t('roster.batchSubmitted', n) : t('roster.batchApplied', n));
      onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('roster.batchTitle', { n: residentIds.length })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'batch-ok' } as never}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="batch-error" />}
      <Form<BatchValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="batch-form">
        <Form.Item name="addTagIds" label={t('roster.batchAddTags')} extra={t('roster.batchTagsNote')}>
          <TagSelect tags={tags} allowClear testId="batch-add-tags" />
        </Form.Item>
        <Form.Item name="removeTagIds" label={t('roster.batchRemoveTags')}>
          <TagSelect tags={tags} allowClear testId="batch-remove-tags" />
        </Form.Item>
        <Form.Item name="residentType" label={t('roster.batchType')}>
          <Select allowClear options={options(RESIDENT_TYPE_LABELS)} data-testid="batch-type" />
        </Form.Item>
        {isAdmin ? (
          <Form.Item name="submitForReview" valuePropName="checked">
            <Checkbox>{t('roster.batchSubmitForReview')}</Checkbox>
          </Form.Item>
        ) : (
          <Typography.Text type="secondary" data-testid="batch-review-note">
            {t('roster.batchReviewNote')}
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}

/** 导出名单: the filtered roster through the audited export, with a stated purpose. */
export function RosterExportModal({ open, filters, onClose }: { open: boolean; filters: RosterFilters; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ purpose: string; format: 'xlsx' | 'csv' }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);
  const submit = async (v: { purpose: string; format: 'xlsx' | 'csv' }) => {
    setBusy(true);
    try {
      const r = await api.exporter.list({ kind: 'roster', format: v.format, purpose: v.purpose, filters: {}, roster: filters });
      if (!r.ok) return void setError(showFieldErrors(form, r.error));
      saveBase64(r.value.dataBase64, r.value.fileName, r.value.mime);
      void message.success(t('roster.exported', { n: r.value.rows, file: r.value.fileName }));
      onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('roster.exportTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'roster-export-ok' } as never}
    >
      <Alert type="info" showIcon message={t('roster.exportNote')} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ format: 'xlsx' }} onFinish={(v) => void submit(v)}>
        <Form.Item name="purpose" label={t('roster.exportPurpose')} rules={[{ required: true, whitespace: true, message: t('roster.exportPurposeRequired') }]}>
          <Input maxLength={200} data-testid="roster-export-purpose" />
        </Form.Item>
        <Form.Item name="format">
          <Radio.Group
            options={[
              { value: 'xlsx', label: 'Excel (.xlsx)' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Names the current filters as a saved search. */
export function SaveSearchModal({ open, onClose, onSave }: { open: boolean; onClose: () => void; onSave: (name: string) => Promise<string | null> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={t('roster.saveSearch')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'save-search-ok' } as never}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const problem = await onSave(v.name);
          if (problem) form.setFields([{ name: 'name', errors: [problem] }]);
        }}
      >
        <Form.Item name="name" label={t('roster.searchName')} rules={[{ required: true, whitespace: true, message: t('roster.searchName') }]}>
          <Input maxLength={30} data-testid="save-search-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
