import { Alert, Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { LoansTable } from './LoansTable';

/**
 * 全部/历史: every loan, filtered by record (typed or scanned 档号, resolved to the record) or by
 * borrower name (the service matches the name exactly).
 */
export function LoanHistory({ reloadKey, onChanged }: { reloadKey: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const [archiveNo, setArchiveNo] = useState('');
  const [name, setName] = useState('');
  const [filter, setFilter] = useState<{ recordId?: string; borrower?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);

  const search = async () => {
    setProblem(null);
    const no = archiveNo.trim();
    let recordId: string | undefined;
    if (no) {
      const r = await api.records.byArchiveNo({ archiveNo: no });
      if (!r.ok) return setProblem(errorText(r.error));
      if (!r.value) return setProblem(t('lending.recordNotFound', { no }));
      recordId = r.value.id;
    }
    setFilter({ recordId, borrower: name.trim() || undefined });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input
          placeholder={t('lending.filterRecord')}
          aria-label={t('lending.filterRecord')}
          value={archiveNo}
          onChange={(e) => setArchiveNo(e.target.value)}
          onPressEnter={() => void search()}
          style={{ width: 220 }}
          allowClear
          data-testid="history-record"
        />
        <Input
          placeholder={t('lending.filterBorrower')}
          aria-label={t('lending.filterBorrower')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onPressEnter={() => void search()}
          style={{ width: 200 }}
          allowClear
        />
        <Button type="primary" onClick={() => void search()}>
          {t('lending.search')}
        </Button>
        <Button
          onClick={() => {
            setArchiveNo('');
            setName('');
            setFilter({});
            setProblem(null);
          }}
        >
          {t('lending.reset')}
        </Button>
      </Space>
      {problem && <Alert type="warning" showIcon message={problem} />}
      <LoansTable state="all" recordId={filter.recordId} borrower={filter.borrower} reloadKey={reloadKey} onChanged={onChanged} />
    </Space>
  );
}
