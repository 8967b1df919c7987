import { Alert, Descriptions, Drawer, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResidentDetail } from '../../../../shared/contract/register.contract';
import { PurposeModal } from '../../components/PurposeModal';
import { TagChips } from '../../components/TagChip';
import { ViewerWatermark } from '../../components/ViewerWatermark';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { useTags } from '../../lib/register-data';
import { ChangeHistory } from '../lookups/ChangeHistory';
import { LookupGate } from '../lookups/LookupGate';
import { SensitiveNote } from '../lookups/SensitiveNote';
import { WhoViewed } from '../lookups/WhoViewed';

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
export function ResidentDetailView({ residentId, onClose }: { residentId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
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
        title={detail ? detail.name : t('register.residentDetail')}
        destroyOnHidden
        data-testid="resident-detail"
      >
        {error && <Alert type="error" showIcon message={error} />}
        {gated !== null && !detail && residentId && <LookupGate subject={`resident:${residentId}`} purpose={gated} onOpen={() => void open(gated)} />}
        {detail && <SensitiveNote subject={`resident:${detail.id}`} />}
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
        {detail && <ChangeHistory subject={`resident:${detail.id}`} />}
        {residentId && !asking && <WhoViewed subject={`resident:${residentId}`} />}
      </Drawer>
    </>
  );
}
