import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { isAllowed } from '../../../shared/permissions';
import { useSession } from '../lib/session-context';
import { ChangePasswordForm } from '../screens/ChangePasswordScreen';
import { CategoriesPanel } from './settings/CategoriesPanel';
import { GeneralSettings } from './settings/GeneralSettings';
import { TagsPanel } from './settings/TagsPanel';
import { UsersPanel } from './settings/UsersPanel';

export function SettingsPage() {
  const { t } = useTranslation();
  const { status } = useSession();
  const isAdmin = status.session?.role === 'admin';
  const canTags = isAllowed(status.session?.role, 'tags.manage');
  const tabs = [
    ...(isAdmin ? [{ key: 'users', label: t('settings.users'), children: <UsersPanel /> }] : []),
    ...(isAdmin ? [{ key: 'general', label: t('settings.general'), children: <GeneralSettings /> }] : []),
    ...(isAdmin ? [{ key: 'categories', label: t('categories.tab'), children: <CategoriesPanel /> }] : []),
    ...(canTags ? [{ key: 'tags', label: t('register.tagsTab'), children: <TagsPanel /> }] : []),
    { key: 'password', label: t('settings.password'), children: <ChangePasswordForm /> },
  ];
  return <Tabs items={tabs} />;
}
