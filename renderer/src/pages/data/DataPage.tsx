import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { BackupTab } from './BackupTab';
import { ExportTab } from './ExportTab';
import { ImportTab } from './ImportTab';

/** 数据: the ways data enters and leaves the archive. The backup tab explains itself to non-admins. */
export function DataPage() {
  const { t } = useTranslation();
  return (
    <Tabs
      data-testid="data-tabs"
      items={[
        { key: 'import', label: t('data.tabImport'), children: <ImportTab /> },
        { key: 'export', label: t('data.tabExport'), children: <ExportTab /> },
        { key: 'backup', label: t('data.tabBackup'), children: <BackupTab /> },
      ]}
    />
  );
}
