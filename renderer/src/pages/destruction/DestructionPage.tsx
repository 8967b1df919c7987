import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { CheckCertificate } from './CheckCertificate';
import { RegisterList } from './RegisterList';

/** 销毁: registers through their procedure, and the check of a printed certificate. */
export function DestructionPage() {
  const { t } = useTranslation();
  return (
    <Tabs
      items={[
        { key: 'registers', label: t('destruction.tabRegisters'), children: <RegisterList /> },
        { key: 'check', label: t('destruction.tabCheck'), children: <CheckCertificate /> },
      ]}
    />
  );
}
