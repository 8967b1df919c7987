import { LockOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Stands where a look-up clerk may not see a title or name yet (the server withheld it). */
export function Shielded() {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" data-testid="shielded">
      <LockOutlined /> {t('lookups.shielded')}
    </Typography.Text>
  );
}
