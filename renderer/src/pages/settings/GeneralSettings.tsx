import { Alert, App, Button, Form, Input, InputNumber, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/contract/settings.contract';
import { COMMON_TIME_ZONES, formatArchiveTime, timeLang } from '../../../../shared/domain/archive-time';
import { api } from '../../lib/api';
import { showFieldErrors } from '../../lib/errors';
import { useSession } from '../../lib/session-context';

export function GeneralSettings() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { refresh } = useSession();
  const [form] = Form.useForm<Settings>();
  const [error, setError] = useState<string | null>(null);
  const zone = Form.useWatch('timeZone', form) as string | undefined;
  // Common zones, plus the archive's own when it is another one (set on a PC elsewhere).
  const zones = useMemo(() => {
    const names: string[] = [...COMMON_TIME_ZONES];
    if (zone && !names.includes(zone)) names.unshift(zone);
    const lang = timeLang(i18n.language);
    return names.map((z) => {
      let now = '';
      try {
        now = formatArchiveTime(Date.now(), z, lang);
      } catch {
        /* a name this browser does not know: listed bare, the Node side judges it */
      }
      return { value: z, label: now ? `${z} · ${now}` : z };
    });
  }, [zone, i18n.language]);
  useEffect(() => {
    void api.settings.get({}).then((r) => r.ok && form.setFieldsValue(r.value));
  }, [form]);
  const save = async (v: Settings) => {
    const r = await api.settings.update(v);
    if (!r.ok) return setError(showFieldErrors(form, r.error));
    setError(null);
    void message.success(t('settings.saved'));
    await refresh();
  };
  return (
    <Form form={form} name="general" layout="vertical" onFinish={save} style={{ maxWidth: 420 }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form.Item name="communityName" label={t('settings.communityName')}>
        <Input />
      </Form.Item>
      <Form.Item name="idleMinutes" label={t('settings.idleMinutes')}>
        <InputNumber min={1} max={240} />
      </Form.Item>
      <Form.Item name="timeZone" label={t('settings.timeZone')} extra={t('settings.timeZoneHint')}>
        <Select showSearch options={zones} data-testid="settings-time-zone" aria-label={t('settings.timeZone')} />
      </Form.Item>
      <Form.Item name="archiveNoPattern" label={t('register.archiveNoPattern')} extra={t('register.archiveNoPatternHint')}>
        <Input style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Form.Item name="fondsCode" label={t('register.fondsCode')}>
        <Input style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="attachmentMaxMB" label={t('register.attachmentMaxMB')}>
        <InputNumber min={1} max={2048} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('common.save')}
      </Button>
    </Form>
  );
}
