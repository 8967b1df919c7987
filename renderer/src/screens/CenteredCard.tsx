import { Button, Card, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';

/** The frame of every screen shown before the shell: title, language switch, content. */
export function CenteredCard({ title, children, width = 440 }: { title: string; children: ReactNode; width?: number }) {
  const { t, i18n } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f0e8' }}>
      <Card
        style={{ width }}
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
        }
        extra={
          <Button size="small" type="link" onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}>
            {t('common.language')}
          </Button>
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {children}
        </Space>
      </Card>
    </div>
  );
}
