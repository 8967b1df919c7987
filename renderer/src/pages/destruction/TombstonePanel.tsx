import { Alert, Descriptions, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TombstoneRow } from '../../../../shared/contract/retention.contract';
import { DESTRUCTION_METHOD_LABELS } from '../../../../shared/domain/destruction-types';
import { api } from '../../lib/api';
import { bi } from '../../lib/bilingual';
import { errorText } from '../../lib/errors';
import { useShortTime } from './status';

/**
 * 销毁记录 (tombstone): what is left of a destroyed record — which register destroyed it, when,
 * where, how, why, who approved and who supervised. Shown in place of the record's contents.
 */
export function TombstonePanel({ recordId }: { recordId: string }) {
  const { t } = useTranslation();
  const shortTime = useShortTime();
  const [row, setRow] = useState<TombstoneRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.destruction.tombstone({ recordId }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(errorText(r.error));
      setError(null);
      setRow(r.value);
    });
    return () => {
      live = false;
    };
  }, [recordId]);

  return (
    <div data-testid="tombstone" style={{ marginBottom: 16 }}>
      <Alert type="warning" showIcon title={t('destruction.tombstoneTitle')} description={t('destruction.tombstoneHint')} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} />}
      {row && (
        <Descriptions bordered size="small" column={2}>
          <Descriptions.Item label={t('destruction.registerNo')}>
            <Typography.Text data-testid="tombstone-register">{row.registerNo}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('destruction.destroyedAt')}>
            <span data-testid="tombstone-time">{row.execTime ?? shortTime(row.destroyedAt)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('destruction.methods')}>{row.methods.map((m) => bi(DESTRUCTION_METHOD_LABELS[m])).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('destruction.place')}>{row.place}</Descriptions.Item>
          <Descriptions.Item label={t('destruction.approvedBy')}>
            <span data-testid="tombstone-approver">{row.approver.name}</span>
            {row.approvedAt ? ` · ${shortTime(row.approvedAt)}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('destruction.supervisors')}>
            <span data-testid="tombstone-supervisors">{row.supervisors.map((s) => s.name).join('、')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('destruction.reason')} span={2}>
            <span data-testid="tombstone-reason">{row.reason}</span>
          </Descriptions.Item>
          {row.keysDestroyed > 0 && (
            <Descriptions.Item label={t('destruction.attachments')} span={2}>
              {t('destruction.keysDestroyed', { n: row.keysDestroyed })}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </div>
  );
}
