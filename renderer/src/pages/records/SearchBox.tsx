import { Card, Empty, Input, List, Space, Tag, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../../shared/contract/register.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { Shielded } from '../../components/Shielded';

const KINDS = ['record', 'resident', 'household'] as const;
/** Hits shown at first, and at most after 显示全部 (the channel's own ceiling). */
const FIRST = 50;
const ALL = 500;

/**
 * The one search box. Typing searches (debounced); Enter with an exact 档号 opens that record at
 * once — a barcode scanner types the 档号 and Enter. Focus stays in the box, its text selected,
 * so the next scan replaces it.
 */
export function SearchBox({ onOpenRecord, onPickHit }: { onOpenRecord: (id: string) => void; onPickHit: (h: SearchHit) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  // One more than shown is asked for: then the list can say that it stops, rather than stop silently.
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<InputRef>(null);
  const seq = useRef(0);

  const refocus = () =>
    setTimeout(() => {
      ref.current?.focus();
      ref.current?.select();
    }, 50);

  const run = async (text: string, shown = FIRST) => {
    const n = ++seq.current;
    if (!text.trim()) return setHits(null);
    const r = await api.search.query({ q: text.trim(), limit: Math.min(shown + 1, ALL) });
    if (n !== seq.current) return;
    if (!r.ok) return setError(errorText(r.error));
    setError(null);
    setMore(r.value.length > shown);
    setHits(r.value.slice(0, shown));
  };

  useEffect(() => {
    const h = setTimeout(() => void run(q), 250);
    return () => clearTimeout(h);
  }, [q]);

  const enter = async () => {
    const text = q.trim();
    if (!text) return;
    seq.current++;
    const exact = await api.records.byArchiveNo({ archiveNo: text });
    if (exact.ok && exact.value) {
      setHits([{ kind: 'record', id: exact.value.id, title: exact.value.archiveNo, subtitle: exact.value.title, exact: true }]);
      setMore(false);
      onOpenRecord(exact.value.id);
      refocus();
      return;
    }
    await run(text);
  };

  const groups = KINDS.map((k) => ({ kind: k, items: (hits ?? []).filter((h) => h.kind === k) })).filter((g) => g.items.length);
  return (
    <div style={{ marginBottom: 12 }}>
      <Input.Search
        ref={ref}
        size="large"
        autoFocus
        allowClear
        value={q}
        data-testid="register-search"
        placeholder={t('register.searchPlaceholder')}
        onChange={(e) => setQ(e.target.value)}
        onPressEnter={(e) => {
          e.preventDefault();
          void enter();
        }}
        onSearch={() => void enter()}
        enterButton={t('register.search')}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {hits && (
        <Card size="small" style={{ marginTop: 8, maxHeight: 320, overflow: 'auto' }} data-testid="search-results">
          {more && (
            <Typography.Paragraph type="warning" data-testid="search-more">
              {t('register.moreHits', { n: hits.length })}{' '}
              {hits.length < ALL && (
                <Typography.Link onClick={() => void run(q, ALL)} data-testid="search-show-all">
                  {t('register.showAllHits', { max: ALL })}
                </Typography.Link>
              )}
            </Typography.Paragraph>
          )}
          {groups.length ? (
            groups.map((g) => (
              <div key={g.kind} data-testid={`search-group-${g.kind}`}>
                <Typography.Text strong>
                  {t(`register.kind_${g.kind}`)}（{g.items.length}）
                </Typography.Text>
                <List
                  size="small"
                  dataSource={g.items}
                  renderItem={(h) => (
                    <List.Item style={{ cursor: 'pointer' }} onClick={() => (h.kind === 'record' ? onOpenRecord(h.id) : onPickHit(h))} data-testid="search-hit">
                      <Space>
                        <span>{h.title}</span>
                        {h.kind === 'record' && !h.subtitle ? <Shielded /> : <Typography.Text type="secondary">{h.subtitle}</Typography.Text>}
                        {h.exact && <Tag color="green">{t('register.exact')}</Tag>}
                      </Space>
                    </List.Item>
                  )}
                />
              </div>
            ))
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('register.noHits')} />
          )}
        </Card>
      )}
    </div>
  );
}
