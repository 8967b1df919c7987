import { useCallback, useEffect, useRef, useState, type UIEvent } from 'react';
import type { Result } from '../../../shared/errors';
import { errorText } from './errors';

/** One page of a list paged by keyset: `next` is where the following page starts (null: the end). */
export interface KeysetPage<Row, Cursor> {
  rows: Row[];
  /** Counted with the first page only; later pages say -1. */
  total: number;
  /** The total is a floor: more were found than were counted (the 花名册 says "5000+"). */
  capped?: true;
  next: Cursor | null;
}

/** antd's small table row, in pixels. */
export const ROW_HEIGHT = 39;

/**
 * A virtual table's rows, loaded a page at a time as the keeper scrolls near the end of what is
 * loaded (no page numbers; at a million residents the first page reads about one page of rows).
 * `fetchPage` must change only when the list does (filters, sort): a new one starts from the top.
 * One request at a time; a reply to an older list (filters changed meanwhile) is dropped.
 */
export function useKeysetList<Row, Cursor>(fetchPage: (after: Cursor | undefined) => Promise<Result<KeysetPage<Row, Cursor>>>, version: number) {
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState(0);
  const [capped, setCapped] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = useRef<Cursor | null>(null);
  const busy = useRef(false);
  const generation = useRef(0);

  const load = useCallback(
    async (first: boolean) => {
      if (busy.current && !first) return;
      const gen = first ? ++generation.current : generation.current;
      const after = first ? undefined : next.current;
      if (!first && !after) return;
      busy.current = true;
      setLoading(true);
      const r = await fetchPage(after ?? undefined);
      if (gen !== generation.current) return;
      busy.current = false;
      setLoading(false);
      if (!r.ok) {
        if (first) {
          setRows([]);
          setTotal(0);
          setCapped(false);
        }
        next.current = null;
        return setError(errorText(r.error));
      }
      setError(null);
      next.current = r.value.next;
      if (first) {
        setTotal(r.value.total);
        setCapped(!!r.value.capped);
        setRows(r.value.rows);
      } else setRows((old) => [...old, ...r.value.rows]);
    },
    [fetchPage],
  );
  useEffect(() => void load(true), [load, version]);
  // Near the bottom of what is loaded, the next page is asked for: rows arrive before they are scrolled to.
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 40) void load(false);
  };
  return { rows, total, capped, loading, error, onScroll };
}
