import { Alert, Button, Descriptions, Drawer, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LifeEventRow } from '../../../../shared/contract/life-events.contract';
import type { ResidentDetail } from '../../../../shared/contract/register.contract';
import type { LifeEventKind } from '../../../../shared/domain/life-events';
import { isAllowed } from '../../../../shared/permissions';
import { PurposeModal } from '../../components/PurposeModal';
import { TagChips } from '../../components/TagChip';
import { ViewerWatermark } from '../../components/ViewerWatermark';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { useTags } from '../../lib/register-data';
import { useSession } from '../../lib/session-context';
import { ChangeHistory } from '../lookups/ChangeHistory';
import { LookupGate } from '../lookups/LookupGate';
import { SensitiveNote } from '../lookups/SensitiveNote';
import { WhoViewed } from '../lookups/WhoViewed';
import { LifeEventForm, type LifeEventTarget } from './LifeEventForm';
import { LifeEventTimeline } from './LifeEventTimeline';

/** The events a resident may have now, by roster status (the rules themselves: shared/domain/life-events.ts). */
const ACTIONS: Record<string, Exclude<LifeEventKind, 'split' | 'merge'>[]> = {
  active: ['move_out', 'death', 'transfer', 'set_head'],
  moved_out: ['move_in'],
  dead: ['death_revoked'],
};

const FIELDS = [
  'gender',
  'birthDate',
  'citizenId',
  'ethnicity',
  'politicalStatus',
  'education',
  'occupation',
  'employer',
  'phone',
  'hukouPlace',
  'moveInDate',
  'residentType',
  'relationToHead',
  'maritalStatus',
  'health',
  'disability',
  'medicalInsurance',
  'socialInsurance',
  'subsistence',
  'familyPlanning',
] as const;

/**
 * Opening a resident's full details is an audited look-up: first the purpose (查阅事由), then
 * residents.get, then the details under a watermark with the viewer's name and the time.
 */
export function ResidentDetailView({ residentId, onClose, onChanged }: { residentId: string | null; onClose: () => void; onChanged?: () => void }) {
  const { t } = useTranslation();
  const role = useSession().status.session?.role;
  const canEvent = isAllowed(role, 'lifeEvents.record');
  const [eventTarget, setEventTarget] = useState<LifeEventTarget | null>(null);
  const [eventVersion, setEventVersion] = useState(0);
  const { tags } = useTags();
  const [asking, setAsking] = useState(false);
  const [detail, setDetail] = useState<ResidentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // APPROVAL_REQUIRED: the purpose typed, kept for the look-up request (查阅须经授权).
  const [gated, setGated] = useState<string | null>(null);

  useEffect(() => {
    setDetail(null);
    setError(null);
    setGated(null);
    setAsking(!!residentId);
  }, [residentId]);

  const open = async (purpose: string) => {
    setAsking(false);
    const r = await api.residents.get({ id: residentId!, purpose: purpose || undefined });
    if (!r.ok) {
      if (r.error.code === 'APPROVAL_REQUIRED') return setGated(purpose);
      return setError(errorText(r.error));
    }
    setGated(null);
    setError(null);
    setDetail(r.value);
  };

  // The event's own after-state updates what is shown: no second look-up entry for the same opening.
  const applied = (e: LifeEventRow | null) => {
    setEventTarget(null);
    setEventVersion((n) => n + 1);
    const next = e && detail ? (e.after.residents as Record<string, Partial<ResidentDetail>> | undefined)?.[detail.id] : undefined;
    if (next && detail) setDetail({ ...detail, ...next });
    onChanged?.();
  };

  const value = (f: (typeof FIELDS)[number], d: ResidentDetail): string => {
    const v = d[f];
    if (v === null || v === '') return '—';
    if (f === 'gender') return t(`register.${v}`);
    if (f === 'residentType') return t(`register.rtype_${v}`);
    return String(v);
  };

  return (
    <>
      <PurposeModal
        open={asking}
        onCancel={() => {
          setAsking(false);
          onClose();
        }}
        onOk={(p) => void open(p)}
      />
      <Drawer
        open={!!residentId && !asking}
        onClose={onClose}
        width={720}
        title={
          detail ? (
            <Space>
              {detail.name}
              {detail.status !== 'active' && (
                <Tag color={detail.status === 'dead' ? 'default' : 'orange'} data-testid="resident-status">
                  {t(`life.status_${detail.status}`)}
                </Tag>
              )}
            </Space>
          ) : (
            t('register.residentDetail')
          )
        }
        extra={
          detail &&
          canEvent && (
            <Space size={4} wrap>
              {(ACTIONS[detail.status] ?? []).map((k) => (
                <Button
                  key={k}
                  size="small"
                  danger={k === 'death'}
                  data-testid={`life-${k}`}
                  onClick={() => setEventTarget({ kind: k, resident: { id: detail.id, name: detail.name, householdId: detail.householdId } })}
                >
                  {t(`life.kind_${k}`)}
                </Button>
              ))}
            </Space>
          )
        }
        destroyOnHidden
        data-testid="resident-detail"
      >
        {error && <Alert type="error" showIcon message={error} />}
        {gated !== null && !detail && residentId && <LookupGate subject={`resident:${residentId}`} purpose={gated} onOpen={() => void open(gated)} />}
        {detail && <SensitiveNote subject={`resident:${detail.id}`} />}
        {detail && detail.status !== 'active' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('life.departedNote', { status: t(`life.status_${detail.status}`), on: detail.statusOn ?? '—' })}
          />
        )}
        {detail && (
          <ViewerWatermark>
            <Descriptions bordered size="small" column={2} data-testid="resident-detail-body">
              <Descriptions.Item label={t('register.r_name')} span={2}>
                {detail.name}
              </Descriptions.Item>
              <Descriptions.Item label={t('register.address')} span={2}>
                <Space>
                  {detail.address}
                  <TagChips tagIds={detail.tagIds} tags={tags} />
                </Space>
              </Descriptions.Item>
              {FIELDS.map((f) => (
                <Descriptions.Item key={f} label={t(`register.r_${f}`)}>
                  {value(f, detail)}
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('register.r_specialCategories')} span={2}>
                {detail.specialCategories.length
                  ? detail.specialCategories.map((c) => (
                      <Tag key={c} color="volcano">
                        {t(`register.special_${c}`)}
                      </Tag>
                    ))
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('register.r_notes')} span={2}>
                {detail.notes ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          </ViewerWatermark>
        )}
        {detail && <LifeEventTimeline subject={`resident:${detail.id}`} version={eventVersion} />}
        {detail && <ChangeHistory subject={`resident:${detail.id}`} />}
        {residentId && !asking && <WhoViewed subject={`resident:${residentId}`} />}
      </Drawer>
      <LifeEventForm target={eventTarget} onClose={() => setEventTarget(null)} onDone={applied} />
    </>
  );
}
