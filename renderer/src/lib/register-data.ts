import { startTransition, useCallback, useEffect, useState } from 'react';
import type { CategoryRow } from '../../../shared/contract/categories.contract';
import type { LocationRow, StructureTree, TagRow } from '../../../shared/contract/register.contract';
import { categoryName } from '../../../shared/domain/record-categories';
import i18n from '../i18n';
import { api, whenCallsSettle } from './api';
import { useAreaChanges } from './live-areas';

/** Picks the label of a code in the current language from a { code: {zh, en} } map. */
export function label<K extends string>(map: Record<K, { zh: string; en: string }>, code: string | null | undefined): string {
  if (!code) return '';
  const l = (map as Record<string, { zh: string; en: string } | undefined>)[code];
  if (!l) return code;
  return i18n.language === 'en' ? l.en : l.zh;
}

/** Options for an antd Select from a label map. */
export function options<K extends string>(map: Record<K, { zh: string; en: string }>): { value: K; label: string }[] {
  return (Object.keys(map) as K[]).map((k) => ({ value: k, label: label(map, k) }));
}

function useLoaded<T>(load: () => Promise<{ ok: true; value: T } | { ok: false }>, initial: T): { data: T; reload: () => Promise<void> } {
  const [data, setData] = useState<T>(initial);
  const reload = useCallback(async () => {
    const r = await load();
    if (r.ok) setData(r.value);
  }, [load]);
  useEffect(() => void reload(), [reload]);
  return { data, reload };
}

const loadTags = () => api.tags.list({});
const loadLocations = () => api.locations.list({});
const loadCategories = () => api.categories.list({});
const EMPTY_TREE: StructureTree = { grids: [], buildings: [], units: [] };

export function useTags(): { tags: TagRow[]; reload: () => Promise<void> } {
  const { data, reload } = useLoaded<TagRow[]>(loadTags, []);
  return { tags: data, reload };
}

/**
 * The community structure, kept for the whole window and shared by every screen that shows it.
 * At street scale it is the biggest thing the renderer loads (1M residents: ~42k grids, buildings
 * and units, ~3 MB), and each screen used to fetch it again on opening, beside — and ahead of —
 * the list the keeper came for. Now a screen shows the kept tree at once; after the calls already
 * out have answered (the page's own rows come first) it asks whether the archive changed since
 * (structure.version, a few bytes) and fetches the tree again only then.
 */
const structureStore = {
  tree: EMPTY_TREE,
  checking: null as Promise<void> | null,
  listeners: new Set<(t: StructureTree) => void>(),
};

/** Brings the kept tree up to date (`force`: fetch it whatever the mark says); one check at a time. */
function refreshStructure(force = false): Promise<void> {
  if (structureStore.checking && !force) return structureStore.checking;
  const run = (structureStore.checking ?? Promise.resolve())
    .then(() => whenCallsSettle())
    .then(async () => {
      // Only a tree already read has a mark (the empty one before it has none).
      const kept = structureStore.tree.version;
      if (!force && kept) {
        const v = await api.structure.version({});
        if (v.ok && v.value.version === kept) return;
      }
      // The server sends the tree in reading order (orderStructure: 第一网格 before 第二网格, 2号楼 before 10号楼).
      const r = await api.structure.tree({});
      if (!r.ok) return;
      structureStore.tree = r.value;
      // Not urgent: at 1M the tree (≈ 3 MB) lands ≈ 0.3 s after a screen's rows, often as the keeper opens the
      // next tab, whose rows React then draws first (花名册 first visit at 1M, mean of 3: 864 → 778 ms).
      startTransition(() => structureStore.listeners.forEach((fn) => fn(r.value)));
    })
    .finally(() => {
      if (structureStore.checking === run) structureStore.checking = null;
    });
  structureStore.checking = run;
  return run;
}

/**
 * Reads the structure ahead of the screens that show it, when the browser is next idle after the
 * first page's own calls: at 1M residents the tree (≈ 3 MB, ≈ 0.3 s from request to drawn) otherwise
 * lands during the keeper's first clicks on 住户 or 花名册. Returns what cancels it (unmounted first).
 */
export function prefetchStructure(): () => void {
  let cancelled = false;
  const id = requestIdleCallback(
    () =>
      void whenCallsSettle().then(() => {
        if (!cancelled) void refreshStructure();
      }),
    { timeout: 3000 },
  );
  return () => {
    cancelled = true;
    cancelIdleCallback(id);
  };
}

/** `loaded`: the tree has been read once in this window (before that an empty tree means "not yet", not "none"). */
export function useStructure(): { tree: StructureTree; loaded: boolean; reload: () => Promise<void> } {
  const [tree, setTree] = useState<StructureTree>(structureStore.tree);
  useEffect(() => {
    structureStore.listeners.add(setTree);
    setTree(structureStore.tree);
    void refreshStructure();
    return () => void structureStore.listeners.delete(setTree);
  }, []);
  // Office server: another PC changed the structure (or imported some).
  useAreaChanges(['structure', 'importer'], () => void refreshStructure());
  const reload = useCallback(() => refreshStructure(true), []);
  // From the tree in hand, not the store's: the tree arrives as a transition, and a render in between (another
  // list's rows) still holds the empty one ("no grids yet" for a moment if the store were asked).
  return { tree, loaded: tree !== EMPTY_TREE, reload };
}

export function useLocations(): { locations: LocationRow[]; reload: () => Promise<void> } {
  const { data, reload } = useLoaded<LocationRow[]>(loadLocations, []);
  return { locations: data, reload };
}

/**
 * The record categories (设置 → 档案分类) in tree order, and their names in the current language
 * (a code no longer in the register shows as itself).
 */
export function useCategories(): { categories: CategoryRow[]; name: (code: string | null | undefined) => string; reload: () => Promise<void> } {
  const { data, reload } = useLoaded<CategoryRow[]>(loadCategories, []);
  const name = useCallback((code: string | null | undefined) => categoryName(data, code, i18n.language === 'en' ? 'en' : 'zh'), [data]);
  return { categories: data, name, reload };
}

/** Form values → request: empty strings become null (dates and enums refuse ''). */
export function blanksToNull<T extends Record<string, unknown>>(v: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' && x.trim() === '' ? null : x === undefined ? null : x;
  return out as T;
}

/** Reads a File as base64 (without the data: prefix). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const s = String(r.result);
      resolve(s.slice(s.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export function base64ToBlob(base64: string, mime: string): Blob {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: mime });
}
