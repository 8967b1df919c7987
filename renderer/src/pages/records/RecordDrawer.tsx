import { Alert, Button, Descriptions, Drawer, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordRow } from '../../../../shared/contract/register.contract';
import { CARRIER_LABELS, RESIDENT_CLASS_LABELS, RETENTION_LABELS, SENSITIVITY_LABELS } from '../../../../shared/domain/archive-types';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { label, useCategories } from '../../lib/register-data';
import { TombstonePanel } from '../destruction/TombstonePanel';
import { RecordLoans } from '../lending/RecordLoans';
import { ChangeHistory } from '../lookups/ChangeHistory';
import { WhoViewed } from '../lookups/WhoViewed';
import { Attachments } from './Attachments';
import { StatusTag } from './record-labels';
import { Shielded } from '../../components/Shielded';

/** A record's details and its attachments. Opening does not steal focus (the search box keeps it). */
export function RecordDrawer({
  recordId,
  canWrite,
  onClose,
  onEdit,
  onChanged,
  onOpenResident,
  onOpenHousehold,
}: {
  recordId: string | null;
  canWrite: boolean;
  onClose: () => void;
  onEdit: (r: RecordRow) => void;
  onChanged: () => void;
  /** The person or household the record belongs to, as links (#19 item 5). */
  onOpenResident?: (id: string) => void;
  onOpenHousehold?: (id: string, address: string) => void;
}) {
  const { t } = useTranslation();
  const [rec, setRec] = useState<RecordRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { name: categoryName } = useCategories();
  const load = useCallback(async () => {
    if (!recordId) return setRec(null);
    const r = await api.records.get({ id: recordId });
    if (!r.ok) return setError(errorText(r.error));
    setError(null);
    setRec(r.value);
  }, [recordId]);
  useEffect(() => void load(), [load]);

  // A destroyed record is a tombstone: nothing to edit, upload or lend, only what happened to it.
  const destroyed = rec?.status === 'destroyed';
  const retention = rec
    ? rec.retentionClass === 'CUSTOM'
      ? t('register.customYears', { n: rec.retentionYears ?? '?' })
      : label(RETENTION_LABELS, rec.retentionClass)
    : '';
  return (
    <Drawer
      open={!!recordId}
      onClose={onClose}
      width={820}
      mask={false}
      autoFocus={false}
      data-testid="record-drawer"
      title={
        rec && (
          <Space>
            <Typography.Text copyable style={{ fontFamily: 'monospace' }} data-testid="record-drawer-no">
              {rec.archiveNo}
            </Typography.Text>
            {rec.shielded ? <Shielded /> : rec.title}
          </Space>
        )
      }
      extra={
        canWrite &&
        rec &&
        !destroyed && (
          <Button onClick={() => onEdit(rec)} data-testid="record-edit">
            {t('register.edit')}
          </Button>
        )
      }
    >
      {error && <Alert type="error" showIcon message={error} />}
      {rec && rec.id === recordId && (
        <>
          <Descriptions bordered size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('register.f_archiveNo')}>{rec.archiveNo}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_status')}>
              <StatusTag status={rec.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('register.f_title')} span={2}>
              {rec.shielded ? <Shielded /> : rec.title}
            </Descriptions.Item>
            <Descriptions.Item label={t('register.f_belongsTo')} span={2}>
              <Space size={12} data-testid="record-belongs-to">
                {rec.residentId && rec.residentName && (
                  <Typography.Link onClick={() => onOpenResident?.(rec.residentId!)} data-testid="record-resident-link">
                    {t('register.kind_resident')}：{rec.residentName}
                  </Typography.Link>
                )}
                {rec.householdId && rec.householdAddress && (
                  <Typography.Link onClick={() => onOpenHousehold?.(rec.householdId!, rec.householdAddress!)} data-testid="record-household-link">
                    {t('register.kind_household')}：{rec.householdAddress}
                  </Typography.Link>
                )}
                {!rec.residentName && !rec.householdAddress && (rec.shielded ? <Shielded /> : '—')}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('register.f_responsible')}>{rec.responsible ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_year')}>{rec.year}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_residentClass')}>{label(RESIDENT_CLASS_LABELS, rec.residentClass)}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_contentCategory')}>{categoryName(rec.contentCategory)}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_carrier')}>{label(CARRIER_LABELS, rec.carrier)}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_sensitivity')}>{label(SENSITIVITY_LABELS, rec.sensitivity)}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_pages')}>{rec.pages}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_items')}>{rec.items}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_dates')}>{[rec.dateFrom, rec.dateTo].filter(Boolean).join(' — ') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_retentionClass')}>{retention}</Descriptions.Item>
            <Descriptions.Item label={t('register.f_location')} span={2}>
              {rec.locationLabel ?? '—'}
            </Descriptions.Item>
            {rec.note && (
              <Descriptions.Item label={t('register.note')} span={2}>
                {rec.note}
              </Descriptions.Item>
            )}
          </Descriptions>
          {destroyed ? (
            <TombstonePanel recordId={rec.id} />
          ) : (
            <>
              <Typography.Title level={5}>{t('register.attachments')}</Typography.Title>
              <Attachments
                recordId={rec.id}
                onChanged={() => {
                  void load();
                  onChanged();
                }}
              />
            </>
          )}
          <RecordLoans recordId={rec.id} />
          <ChangeHistory subject={`record:${rec.id}`} />
          <WhoViewed subject={`record:${rec.id}`} />
        </>
      )}
    </Drawer>
  );
}
