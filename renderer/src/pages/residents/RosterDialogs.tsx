import { Alert, App, Button, Checkbox, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridMove, RosterFilters } from '../../../../shared/contract/roster.contract';
import type { TagRow } from '../../../../shared/contract/register.contract';
import { RESIDENT_TYPE_LABELS, type ResidentType } from '../../../../shared/domain/resident-types';
import { api } from '../../lib/api';
import { showFieldErrors } from '../../lib/errors';
import { label, options } from '../../lib/register-data';
import { saveBase64 } from '../data/save-file';
import { TagSelect } from './TagSelect';

type BatchValues = { addTagIds?: string[]; removeTagIds?: string[]; residentType?: ResidentType; gridId?: string; submitForReview?: boolean };

/** "2 栋楼（5 户，12 人）将移至 第二网格", each building, and who moves without being selected. */
export function GridMoveReview({ move }: { move: GridMove }) {
  const { t } = useTranslation();
  if (!move.buildings.length) return <Alert type="warning" showIcon message={t('roster.gridMoveNothing', { grid: move.gridName })} data-testid="grid-move" />;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="grid-move"
      message={<span data-testid="grid-move-summary">{gridMoveText(move, t)}</span>}
      description={
        <>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {move.buildings.map((b) => (
              <li key={b.id}>{t('roster.gridMoveBuilding', { name: b.name, from: b.fromGrid, grid: move.gridName, h: b.households, n: b.residents })}</li>
            ))}
          </ul>
          {move.unselected > 0 && <div data-testid="grid-move-unselected">{t('roster.gridMoveUnselected', { n: move.unselected })}</div>}
          {move.alreadyThere > 0 && <div>{t('roster.gridMoveAlready', { n: move.alreadyThere, grid: move.gridName })}</div>}
        </>
      }
    />
  );
}

export function gridMoveText(move: GridMove, t: TFunction, done = false): string {
  return t(done ? 'roster.gridMoveDone' : 'roster.gridMoveSummary', { b: move.buildings.length, h: move.households, n: move.residents, grid: move.gridName });
}

/**
 * 批量修改: tags (on the residents' households), resident type, and grid (on their buildings); a
 * keeper's batch goes to 待审核. A grid move first shows what it really moves — whole buildings,
 * with people who were not selected — and is sent only once that is confirmed.
 */
export function BatchEditModal({
  open,
  residentIds,
  tags,
  grids,
  isAdmin,
  onClose,
  onDone,
}: {
  open: boolean;
  residentIds: string[];
  tags: TagRow[];
  grids: { id: string; name: string }[];
  isAdmin: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<BatchValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The review step: the values as entered and the grid move they make.
  const [review, setReview] = useState<{ values: BatchValues; move: GridMove } | null>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
      setReview(null);
    }
  }, [open, form]);
  const send = async (v: BatchValues) => {
    setBusy(true);
    try {
      const r = await api.roster.batchEdit({
        residentIds,
        addTagIds: v.addTagIds ?? [],
        removeTagIds: v.removeTagIds ?? [],
        residentType: v.residentType,
        gridId: v.gridId,
        submitForReview: isAdmin ? !!v.submitForReview : true,
      });
      if (!r.ok) {
        if (review) setReview(null);
        return void setError(showFieldErrors(form, r.error));
      }
      const n = { n: r.value.residents, h: r.value.households };
      const grid = review?.move.buildings.length ? `；${gridMoveText(review.move, t, !r.value.pendingId)}` : '';
      void message.success((r.value.pendingId ? t('roster.batchSubmitted', n) : t('roster.batchApplied', n)) + grid);
      onDone();
    } finally {
      setBusy(false);
    }
  };
  const submit = async (v: BatchValues) => {
    if (!v.gridId) return send(v);
    setBusy(true);
    try {
      const r = await api.roster.gridMovePreview({ residentIds, gridId: v.gridId });
      if (!r.ok) return void setError(showFieldErrors(form, r.error));
      setError(null);
      setReview({ values: v, move: r.value });
    } finally {
      setBusy(false);
    }
  };
  const later = isAdmin ? !!review?.values.submitForReview : true;
  const others = review
    ? [
        review.values.addTagIds?.length || review.values.removeTagIds?.length
          ? t('roster.batchTagsChange', { add: review.values.addTagIds?.length ?? 0, remove: review.values.removeTagIds?.length ?? 0 })
          : null,
        review.values.residentType
          ? t('roster.batchTypeChange', { type: label(RESIDENT_TYPE_LABELS, review.values.residentType), n: residentIds.length })
          : null,
      ].filter(Boolean)
    : [];
  // Nothing would change: a grid move with no building to move and nothing else chosen.
  const empty = !!review && !review.move.buildings.length && !others.length;
  return (
    <Modal
      open={open}
      title={t('roster.batchTitle', { n: residentIds.length })}
      onCancel={onClose}
      onOk={() => (review ? void send({ ...review.values, gridId: review.move.buildings.length ? review.values.gridId : undefined }) : form.submit())}
      okText={review ? t('roster.batchConfirm') : undefined}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'batch-ok', disabled: empty } as never}
      footer={(buttons) =>
        review ? (
          <>
            <Button onClick={() => setReview(null)} data-testid="batch-back">
              {t('roster.batchBack')}
            </Button>
            {buttons}
          </>
        ) : (
          buttons
        )
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="batch-error" />}
      {review && (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="batch-review">
          <Typography.Text strong>{t('roster.batchReviewStep', { when: later ? t('roster.batchWhenReview') : t('roster.batchWhenNow') })}</Typography.Text>
          <GridMoveReview move={review.move} />
          {others.length > 0 && <Typography.Text>{t('roster.batchOther', { what: others.join('；') })}</Typography.Text>}
        </Space>
      )}
      <Form<BatchValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        data-testid="batch-form"
        style={review ? { display: 'none' } : undefined}
      >
        <Form.Item name="addTagIds" label={t('roster.batchAddTags')} extra={t('roster.batchTagsNote')}>
          <TagSelect tags={tags} allowClear testId="batch-add-tags" />
        </Form.Item>
        <Form.Item name="removeTagIds" label={t('roster.batchRemoveTags')}>
          <TagSelect tags={tags} allowClear testId="batch-remove-tags" />
        </Form.Item>
        <Form.Item name="residentType" label={t('roster.batchType')}>
          <Select allowClear options={options(RESIDENT_TYPE_LABELS)} data-testid="batch-type" />
        </Form.Item>
        <Form.Item name="gridId" label={t('roster.batchGrid')} extra={t('roster.batchGridNote')}>
          <Select allowClear options={grids.map((g) => ({ value: g.id, label: g.name }))} data-testid="batch-grid" />
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
