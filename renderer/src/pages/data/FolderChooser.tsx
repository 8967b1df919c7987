import { FolderOpenOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';

/**
 * 选择文件夹…: the system folder dialog, opened by Electron's main process (backup.chooseFolder).
 * The web host has none, so the button is not shown there and the folder is typed.
 */
export function FolderChooser({ onChosen, testId }: { onChosen: (folder: string) => void; testId: string }) {
  const { t } = useTranslation();
  const [supported, setSupported] = useState(false);
  useEffect(() => {
    let live = true;
    void api.backup.schedule({}).then((r) => live && r.ok && setSupported(r.value.folderChooser));
    return () => {
      live = false;
    };
  }, []);
  if (!supported) return null;
  const choose = async () => {
    const r = await api.backup.chooseFolder({});
    if (r.ok && r.value.path) onChosen(r.value.path);
  };
  return (
    <Button icon={<FolderOpenOutlined />} onClick={() => void choose()} data-testid={testId}>
      {t('data.chooseFolder')}
    </Button>
  );
}
