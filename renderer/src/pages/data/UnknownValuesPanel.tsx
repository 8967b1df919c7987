import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport, UnknownValue } from '../../../../shared/contract/data.contract';
import type { TagRow } from '../../../../shared/contract/register.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { CreateTagModal } from './CreateTagModal';

const keyOf = (g: Pick<UnknownValue, 'columnKey' | 'value'>) => `${g.columnKey}\u0000${g.value}`;

/**
 * The mapping step: each value the importer does not know, once, with how many rows hold it. The
 * keeper picks what it means (one of the values its column allows) or, for 户标签, creates the tag;
 * saving stores the mappings in the archive and runs the dry run again.
 */
export function UnknownValuesPanel({ report, onChanged }: { report: ImportReport; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [creating, setCreating] = useState<UnknownValue | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = report.unknownValues.filter((g) => choice[keyOf(g)]);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const r = await api.importer.saveMappings({ mappings: chosen.map((g) => ({ columnKey: g.columnKey, value: g.value, target: choice[keyOf(g)] })) });
      if (!r.ok) return void setError(errorText(r.error));
      void message.success(t('data.mappingsSaved', { n: chosen.length }));
      setChoice({});
      await onChanged();
    } finally {
      setSaving(false);
    }
  };

  const created = async (tag: TagRow) => {
    const g = creating!;
    // Named as in the sheet: found by name from now on. Renamed: the sheet's value maps to it.
    if (tag.name !== g.value) {
      const r = await api.importer.saveMappings({ mappings: [{ columnKey: g.columnKey, value: g.value, target: tag.name }] });
      if (!r.ok) setError(errorText(r.error));
    }
    setCreating(null);
    void message.success(t('data.tagCreated', { name: tag.name }));
    await onChanged();
  };

  return (
    <Card size="small" data-testid="unknown-values" title={t('data.unknownTitle', { n: report.unknownGroupCount })}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('data.unknownIntro')}</Typography.Text>
        {report.unknownGroupCount > report.unknownValues.length && (
          <Typography.Text type="warning">
            {t('data.unknownMoreGroups', { shown: report.unknownValues.length, total: report.unknownGroupCount })}
          </Typography.Text>
        )}
        {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} data-testid="mapping-error" />}
        <Table<UnknownValue>
          size="small"
          rowKey={keyOf}
          dataSource={report.unknownValues}
          data-testid="unknown-table"
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          onRow={(g) => ({ 'data-testid': 'unknown-value', 'data-column': g.columnKey, 'data-value': g.value }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('data.colUnknown'),
              key: 'group',
              render: (_, g) => (
                <Typography.Text strong data-testid="unknown-label">
                  {t('data.unknownGroup', { column: g.column, value: g.value, count: g.count })}
                </Typography.Text>
              ),
            },
            {
              title: t('data.colWhere'),
              key: 'rows',
              width: 200,
              render: (_, g) => t('data.unknownRows', { rows: `${g.rows.join('、')}${g.count > g.rows.length ? ' …' : ''}` }),
            },
            {
              title: t('data.colMapTo'),
              key: 'map',
              width: 320,
              render: (_, g) => (
                <Space wrap>
                  <Select
                    allowClear
                    showSearch
                    style={{ minWidth: 160 }}
                    placeholder={t('data.mapPlaceholder')}
                    data-testid="unknown-map"
                    value={choice[keyOf(g)]}
                    onChange={(v?: string) => setChoice((c) => ({ ...c, [keyOf(g)]: v ?? '' }))}
                    options={g.allowed.map((a) => ({ value: a, label: a }))}
                  />
                  {g.columnKey === 'tags' && (
                    <Button icon={<PlusOutlined />} onClick={() => setCreating(g)} data-testid="unknown-create-tag">
                      {t('data.createTag')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
        <Button type="primary" disabled={!chosen.length} loading={saving} onClick={() => void save()} data-testid="save-mappings">
          {t('data.saveMappings')}
        </Button>
      </Space>
      <CreateTagModal value={creating?.value ?? null} onClose={() => setCreating(null)} onCreated={created} />
    </Card>
  );
}

/** The saved mappings this sheet used; a keeper may remove one (the dry run then runs again). */
export function AppliedMappings({ report, onChanged }: { report: ImportReport; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  if (!report.appliedMappings.length) return null;
  const remove = async (columnKey: string, value: string) => {
    const r = await api.importer.removeMapping({ columnKey, value });
    if (!r.ok) return void message.error(errorText(r.error));
    void message.success(t('data.mappingRemoved'));
    await onChanged();
  };
  return (
    <Card size="small" title={t('data.appliedTitle')} data-testid="applied-mappings">
      <Space direction="vertical">
        {report.appliedMappings.map((a) => (
          <Space key={keyOf(a)} data-testid="applied-mapping" data-value={a.value}>
            <span>
              {t('data.appliedItem', { column: a.column, value: a.value, target: a.target, count: a.count })}
              {a.saved ? '' : t('data.appliedOnce')}
            </span>
            {a.saved && <RemoveButton value={a.value} onConfirm={() => remove(a.columnKey, a.value)} />}
          </Space>
        ))}
      </Space>
    </Card>
  );
}

function RemoveButton({ value, onConfirm }: { value: string; onConfirm: () => Promise<void> }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  return (
    <Button
      size="small"
      danger
      data-testid="remove-mapping"
      onClick={() => modal.confirm({ title: t('data.removeMappingConfirm', { value }), onOk: onConfirm, okButtonProps: { danger: true } })}
    >
      {t('data.removeMapping')}
    </Button>
  );
}
