import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../../shared/contract/register.contract';
import { api } from '../../lib/api';

/** Select a resident or household by searching (name, pinyin initials, ID, address). */
export function HitSelect({
  id,
  kind,
  value,
  onChange,
  testId,
}: {
  id?: string;
  kind: 'resident' | 'household';
  value?: string | null;
  onChange?: (v: string | null) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [opts, setOpts] = useState<{ value: string; label: string }[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (value && !opts.some((o) => o.value === value)) setOpts((o) => [...o, { value, label: t('register.linked') }]);
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  const search = (q: string) => {
    clearTimeout(timer.current);
    if (!q.trim()) return;
    timer.current = setTimeout(async () => {
      const r = await api.search.query({ q: q.trim(), limit: 30 });
      if (!r.ok) return;
      const hits = r.value.filter((h: SearchHit) => h.kind === kind);
      setOpts(hits.map((h) => ({ value: h.id, label: h.subtitle ? `${h.title} · ${h.subtitle}` : h.title })));
    }, 250);
  };
  return (
    <Select
      id={id}
      data-testid={testId}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={opts}
      placeholder={t(kind === 'resident' ? 'register.searchResident' : 'register.searchHousehold')}
      notFoundContent={null}
    />
  );
}
