import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';

export function ComingSoon() {
  const { t } = useTranslation();
  return <Empty description={t('common.coming')} style={{ marginTop: 80 }} />;
}
