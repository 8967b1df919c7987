import { Alert, Button, Descriptions, Drawer, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppraisalBatchRow } from '../../../../shared/contract/retention.contract';
import { decisionLabel, type AppraisalDecision } from '../../../../shared/domain/retention';
import { api } from '../../lib/api';
import { bi } from '../../lib/bilingual';
import { errorText } from '../../lib/errors';
import { pdfBlobUrl } from '../../lib/pdf';
import { useSession } from '../../lib/session-context';
import { PdfPreview, type PdfDoc } from '../destruction/PdfPreview';
import { DecideModal } from './DecideModal';
import { termText } from './term';

type Item = AppraisalBatchRow['items'][number];

/**
 * One appraisal batch: a decision per item with its reason, a review by somebody other than the
 * appraiser (the button is disabled for one's own decisions; the Node side refuses them too),
 * closing the batch, and the report PDF.
 */
export function AppraisalDrawer({ id, onClose, onChanged }: { id: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const me = useSession().status.session!.username;
  const [b, setB] = useState<AppraisalBatchRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<Item | null>(null);
  const [doc, setDoc] = useState<PdfDoc | null>(null);

  const load = useCallback(async () => {
    if (!id) return setB(null);
    const r = await api.appraisal.get({ id });
    if (!r.ok) return void setError(errorText(r.error));
    setError(null);
    setB(r.value);
  }, [id]);
  useEffect(() => void load(), [load]);

  const refresh = async () => {
    await load();
    onChanged();
  };
  const review = async (itemId: string) => {
    const r = await api.appraisal.review({ itemId });
    if (!r.ok) return void setError(errorText(r.error));
    await refresh();
  };
  const close = async () => {
    const r = await api.appraisal.close({ id: b!.id });
    if (!r.ok) return void setError(errorText(r.error));
    void message.success(t('retention.closed'));
    await refresh();
  };
  const report = async () => {
    const r = await api.appraisal.reportPdf({ id: b!.id });
    if (!r.ok) return void setError(errorText(r.error));
    setDoc({ title: `${t('retention.reportPdf')} ${b!.batchNo}`, url: pdfBlobUrl(r.value.dataBase64) });
  };

  const open = b?.status === 'open';
  return (
    <Drawer open={!!id} onClose={onClose} size="min(1200px, calc(100vw - 160px))" destroyOnHidden title={b ? t('retention.batchTitle', { no: b.batchNo }) : ''}>
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="batch-error" closable={{ onClose: () => setError(null) }} />
      )}
      {b && (
        <div data-testid="batch-detail" data-status={b.status}>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('retention.purpose')}>{b.purpose}</Descriptions.Item>
            <Descriptions.Item label={t('retention.scope')}>{b.scope}</Descriptions.Item>
            <Descriptions.Item label={t('retention.members')}>{b.members.join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('retention.status')}>{t(`retention.statuses.${b.status}`)}</Descriptions.Item>
          </Descriptions>
          <Space style={{ marginBottom: 12 }}>
            {open && (
              <Tooltip title={t('retention.closeHint')}>
                <Button type="primary" onClick={close} data-testid="batch-close">
                  {t('retention.closeBatch')}
                </Button>
              </Tooltip>
            )}
            <Button onClick={report} data-testid="batch-report">
              {t('retention.reportPdf')}
            </Button>
          </Space>
          {/* 鉴定结论 and its reason come right after the record, and the actions stay pinned on the right,
              so at 1366×768 neither scrolls out of sight; the dates scroll under the pinned columns. */}
          <Table<Item>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={b.items}
            data-testid="batch-items"
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('retention.archiveNo'), dataIndex: 'archiveNo', fixed: 'left', width: 170 },
              { title: t('retention.title'), dataIndex: 'title', width: 200, ellipsis: { showTitle: true } },
              {
                title: t('retention.decision'),
                dataIndex: 'decision',
                width: 150,
                key: 'decision',
                render: (d: AppraisalDecision | null) =>
                  d ? (
                    <Tag color={d.kind === 'destroy' ? 'red' : 'blue'} data-testid="item-decision">
                      {bi(decisionLabel(d))}
                    </Tag>
                  ) : null,
              },
              { title: t('retention.reason'), dataIndex: 'reason', width: 200, ellipsis: { showTitle: true } },
              { title: t('retention.appraiser'), dataIndex: 'appraiserName', width: 90 },
              {
                title: t('retention.reviewer'),
                dataIndex: 'reviewerName',
                width: 90,
                render: (r: string | null) => r && <Typography.Text data-testid="item-reviewer">{r}</Typography.Text>,
              },
              { title: t('retention.year'), dataIndex: 'year', width: 70 },
              { title: t('retention.term'), dataIndex: 'originalTerm', width: 100, render: termText },
              { title: t('retention.dueDate'), dataIndex: 'dueDate', width: 110 },
              { title: t('retention.yearsKept'), dataIndex: 'yearsKept', width: 90 },
              {
                title: t('common.actions'),
                key: 'actions',
                fixed: 'right',
                width: 150,
                render: (_, it) =>
                  open && (
                    <Space size={4}>
                      <Button size="small" onClick={() => setDeciding(it)} data-testid="item-decide">
                        {t('retention.decide')}
                      </Button>
                      {it.decision && !it.reviewer && (
                        <Tooltip title={it.appraiser === me ? t('retention.reviewSelf') : ''}>
                          <Button size="small" disabled={it.appraiser === me} onClick={() => review(it.id)} data-testid="item-review">
                            {t('retention.review')}
                          </Button>
                        </Tooltip>
                      )}
                    </Space>
                  ),
              },
            ]}
          />
        </div>
      )}
      <DecideModal
        item={deciding}
        onClose={() => setDeciding(null)}
        onDone={() => {
          setDeciding(null);
          void refresh();
        }}
      />
      <PdfPreview doc={doc} onClose={() => setDoc(null)} testId="report-preview" />
    </Drawer>
  );
}
