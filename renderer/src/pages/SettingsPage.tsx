import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session-context';
import { ChangePasswordForm } from '../screens/ChangePasswordScreen';
import { GeneralSettings } from './settings/GeneralSettings';
import { UsersPanel } from './settings/UsersPanel';

export function SettingsPage() {
  const { t } = useTranslation();
  const { status } = useSession();
  const isAdmin = status.session?.role === 'admin';
  const tabs = [
    ...(isAdmin ? [{ key: 'users', label: t('settings.users'), children: <UsersPanel /> }] : []),
    ...(isAdmin ? [{ key: 'general', label: t('settings.general'), children: <GeneralSettings /> }] : []),
    { key: 'password', label: t('settings.password'), children: <ChangePasswordForm /> },
  ];
  return <Tabs items={tabs} />;
}
