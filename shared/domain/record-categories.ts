/**
 * The register of record categories (档案分类, 设置 → 档案分类): a tree of up to three levels, each
 * node with a code (stored in archive_records.content_category and rendered by {类别} in the 档号),
 * names in both languages and, optionally, its own 档号 pattern. Pure: the service, the forms and
 * the reports read the same rules.
 *
 * Decisions (issue #19 item 5):
 *  - A record is filed under an active category that has no sub-categories (a leaf); a node with
 *    sub-categories only groups them. A record keeps the category it has when that category is later
 *    deactivated or gains sub-categories (an edit of its other fields is not refused for it).
 *  - The 档号 pattern is the category's own, else the nearest ancestor's, else the archive-wide one
 *    (设置 → 常规): a class like 文书档案 sets WS-{年度}-{件号:3} once for all its sub-classes.
 *  - Filtering by a node includes all its descendants.
 */
import { CONTENT_LABELS } from './archive-types';

export interface CategoryNode {
  code: string;
  nameZh: string;
  nameEn: string;
  parentCode: string | null;
  /** Own 档号 pattern; null: inherited (see patternFor). */
  pattern: string | null;
  order: number;
  active: boolean;
}

export interface CategoryTreeNode extends CategoryNode {
  depth: number;
  children: CategoryTreeNode[];
}

export const CATEGORY_MAX_DEPTH = 3;
/** Letters, digits, - and _: the code is printed inside 档号 and kept in a 16-character column. */
export const CATEGORY_CODE_RE = /^[\p{L}\p{N}_-]{1,16}$/u;

/**
 * The default tree, from domain.md (Archives): the content classes of the resident archive
 * (基本信息 / 生活状况 / 社会活动 / 投诉建议, and 服务办理 for services that end in 归档) grouped under
 * 居民档案. The resident type (户籍 / 非户籍 / 特殊情况) is a field of its own on each record
 * (residentClass), not a branch here, so the two classifications combine freely. The five content
 * codes are the ones records have always carried, so every existing record keeps its category.
 * Other classes (文书档案, 人事档案 …) are added beside 居民档案 by an administrator.
 */
export const RESIDENT_ROOT = 'resident';
export const DEFAULT_CATEGORIES: readonly CategoryNode[] = [
  { code: RESIDENT_ROOT, nameZh: '居民档案', nameEn: 'Resident records', parentCode: null, pattern: null, order: 1, active: true },
  ...(['basic', 'living', 'social', 'complaint', 'service'] as const).map((code, i) => ({
    code,
    nameZh: CONTENT_LABELS[code].zh,
    nameEn: CONTENT_LABELS[code].en,
    parentCode: RESIDENT_ROOT,
    pattern: null,
    order: i + 1,
    active: true,
  })),
];

const bySiblingOrder = (a: CategoryNode, b: CategoryNode) => a.order - b.order || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** The forest in display order (siblings by order, then code). A node whose parent is missing is shown at the top. */
export function buildTree(rows: readonly CategoryNode[]): CategoryTreeNode[] {
  const codes = new Set(rows.map((r) => r.code));
  const kids = new Map<string | null, CategoryNode[]>();
  for (const r of rows) {
    const p = r.parentCode && codes.has(r.parentCode) && r.parentCode !== r.code ? r.parentCode : null;
    (kids.get(p) ?? kids.set(p, []).get(p)!).push(r);
  }
  const seen = new Set<string>();
  const grow = (parent: string | null, depth: number): CategoryTreeNode[] =>
    (kids.get(parent) ?? [])
      .filter((r) => !seen.has(r.code) && seen.add(r.code))
      .sort(bySiblingOrder)
      .map((r) => ({ ...r, depth, children: grow(r.code, depth + 1) }));
  return grow(null, 1);
}

/** Every node in tree order (a parent before its children). */
export function inTreeOrder(rows: readonly CategoryNode[]): CategoryTreeNode[] {
  const out: CategoryTreeNode[] = [];
  const walk = (ns: CategoryTreeNode[]) => ns.forEach((n) => (out.push(n), walk(n.children)));
  walk(buildTree(rows));
  return out;
}

/** The code itself and every code below it. */
export function descendants(rows: readonly CategoryNode[], code: string): string[] {
  const out = [code];
  const seen = new Set(out);
  for (let i = 0; i < out.length; i++) {
    for (const r of rows) {
      if (r.parentCode === out[i] && !seen.has(r.code)) {
        seen.add(r.code);
        out.push(r.code);
      }
    }
  }
  return out;
}

/** Root → node; empty for an unknown code. */
export function pathOf(rows: readonly CategoryNode[], code: string): CategoryNode[] {
  const by = new Map(rows.map((r) => [r.code, r]));
  const out: CategoryNode[] = [];
  for (let n = by.get(code); n && !out.includes(n); n = n.parentCode ? by.get(n.parentCode) : undefined) out.unshift(n);
  return out;
}

export const isLeaf = (rows: readonly CategoryNode[], code: string): boolean => !rows.some((r) => r.parentCode === code);

/** The 档号 pattern a record filed under `code` takes, and whose it is (null: the archive-wide pattern). */
export function patternFor(rows: readonly CategoryNode[], code: string | null | undefined, archiveWide: string): { pattern: string; from: string | null } {
  const path = code ? pathOf(rows, code) : [];
  for (let i = path.length - 1; i >= 0; i--) {
    if (path[i].pattern) return { pattern: path[i].pattern!, from: path[i].code };
  }
  return { pattern: archiveWide, from: null };
}

/** The name in the language asked for; the code itself when it is not in the register. */
export function categoryName(rows: readonly CategoryNode[], code: string | null | undefined, lang: 'zh' | 'en' = 'zh'): string {
  if (!code) return '';
  const n = rows.find((r) => r.code === code);
  return n ? (lang === 'en' ? n.nameEn || n.nameZh : n.nameZh) : code;
}

export type CategoryProblem = { zh: string; en: string; path?: string };

/**
 * Can `code` sit under `parentCode`? Not under itself or its own descendants, and the deepest node
 * of its subtree may not end up below level CATEGORY_MAX_DEPTH.
 */
export function checkPlacement(rows: readonly CategoryNode[], code: string, parentCode: string | null): CategoryProblem | null {
  if (!parentCode) return null;
  const parent = rows.find((r) => r.code === parentCode);
  if (!parent) return { zh: `上级分类 ${parentCode} 不存在`, en: `The parent category ${parentCode} does not exist`, path: 'parentCode' };
  const below = descendants(rows, code);
  if (below.includes(parentCode))
    return { zh: '不能移到自己或下级分类之下', en: 'A category cannot move under itself or its own sub-category', path: 'parentCode' };
  const subtreeHeight = (c: string): number => 1 + Math.max(0, ...rows.filter((r) => r.parentCode === c).map((r) => subtreeHeight(r.code)));
  const height = rows.some((r) => r.code === code) ? subtreeHeight(code) : 1;
  if (pathOf(rows, parentCode).length + height > CATEGORY_MAX_DEPTH) {
    return { zh: `分类最多 ${CATEGORY_MAX_DEPTH} 级`, en: `Categories go at most ${CATEGORY_MAX_DEPTH} levels deep`, path: 'parentCode' };
  }
  return null;
}

/**
 * May a record be filed under `code` now? It must exist, be a leaf, and it and every category above
 * it must be active (deactivating a class closes its whole branch to new filing).
 */
export function choiceProblem(rows: readonly CategoryNode[], code: string): CategoryProblem | null {
  const path = pathOf(rows, code);
  if (!path.length) return { zh: `档案分类 ${code} 不存在`, en: `There is no category ${code}`, path: 'contentCategory' };
  const off = path.find((n) => !n.active);
  if (off) return { zh: `档案分类“${off.nameZh}”已停用`, en: `The category "${off.nameEn || off.nameZh}" is deactivated`, path: 'contentCategory' };
  if (!isLeaf(rows, code)) {
    return { zh: '请选择最下一级的档案分类', en: 'Choose a category at the lowest level (one without sub-categories)', path: 'contentCategory' };
  }
  return null;
}
