import { useCallback, useEffect, useState } from 'react';
import type { CategoryRow } from '../../../shared/contract/categories.contract';
import type { LocationRow, StructureTree, TagRow } from '../../../shared/contract/register.contract';
import { categoryName } from '../../../shared/domain/record-categories';
import { orderStructure } from '../../../shared/domain/natural-order';
import i18n from '../i18n';
import { api } from './api';

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
// The tree in reading order whatever the server sent (第一网格 before 第二网格, 2号楼 before 10号楼).
const loadTree = () => api.structure.tree({}).then((r) => (r.ok ? { ...r, value: orderStructure(r.value) } : r));
const loadLocations = () => api.locations.list({});
const loadCategories = () => api.categories.list({});
const EMPTY_TREE: StructureTree = { grids: [], buildings: [], units: [] };

export function useTags(): { tags: TagRow[]; reload: () => Promise<void> } {
  const { data, reload } = useLoaded<TagRow[]>(loadTags, []);
  return { tags: data, reload };
}

export function useStructure(): { tree: StructureTree; reload: () => Promise<void> } {
  const { data, reload } = useLoaded<StructureTree>(loadTree, EMPTY_TREE);
  return { tree: data, reload };
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
