import { Select } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';

/** Chooses several records by searching (name, pinyin initials, 档号, address) through search.query. */
export function RecordPicker({ value, onChange, testId }: { value: string[]; onChange: (ids: string[]) => void; testId?: string }) {
  const { t } = useTranslation();
  // Labels of every hit seen so far, so chosen records keep their text after the next search.
  const [known, setKnown] = useState<Map<string, string>>(new Map());
  const [hits, setHits] = useState<string[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const search = (q: string) => {
    clearTimeout(timer.current);
    if (!q.trim()) return;
    timer.current = setTimeout(async () => {
      const r = await api.search.query({ q: q.trim(), limit: 50 });
      if (!r.ok) return;
      const recs = r.value.filter((h) => h.kind === 'record');
      setKnown((m) => new Map([...m, ...recs.map((h) => [h.id, h.subtitle ? `${h.title} · ${h.subtitle}` : h.title] as const)]));
      setHits(recs.map((h) => h.id));
    }, 250);
  };
  const ids = [...new Set([...value, ...hits])];
  return (
    <Select
      mode="multiple"
      data-testid={testId}
      style={{ width: '100%' }}
      value={value}
      onChange={onChange}
      notFoundContent={null}
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder={t('printing.searchRecords')}
      options={ids.map((id) => ({ value: id, label: known.get(id) ?? id }))}
    />
  );
}
