import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { errorText } from '../lib/errors';

/** Office server, administrators: lock it again (the office closes, a PC was lost); everyone is signed out. */
export function LockServerButton({ onLocked }: { onLocked: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  return (
    <Button
      size="small"
      danger
      data-testid="lock-server"
      onClick={() =>
        modal.confirm({
          title: t('office.lockTitle'),
          content: t('office.lockBody'),
          okText: t('office.lockOk'),
          okButtonProps: { danger: true, 'data-testid': 'lock-server-ok' } as never,
          onOk: async () => {
            const r = await api.auth.lockServer({});
            if (!r.ok) return void message.error(errorText(r.error));
            onLocked();
          },
        })
      }
    >
      {t('office.lock')}
    </Button>
  );
}
