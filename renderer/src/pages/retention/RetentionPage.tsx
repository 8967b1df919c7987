import { Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppraisalList } from './AppraisalList';
import { DueList } from './DueList';

/** 保管期限: what falls due, and the appraisal batches that decide what happens to it. */
export function RetentionPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('due');
  // A batch created from the due list opens straight away on the appraisal tab.
  const [openBatch, setOpenBatch] = useState<string | null>(null);
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      destroyOnHidden
      items={[
        {
          key: 'due',
          label: t('retention.tabDue'),
          children: (
            <DueList
              onBatchCreated={(id) => {
                setOpenBatch(id);
                setTab('appraisal');
              }}
            />
          ),
        },
        { key: 'appraisal', label: t('retention.tabAppraisal'), children: <AppraisalList openId={openBatch} onOpen={setOpenBatch} /> },
      ]}
    />
  );
}
