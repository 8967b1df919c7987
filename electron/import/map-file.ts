import { columnFor, COLUMN_BY_KEY, COLUMNS } from './columns';
import { isMappable, type MappingEntry } from './mappings';

export type MapFileResult = { ok: true; entries: MappingEntry[] } | { ok: false; problems: { zh: string; en: string }[] };

const EXAMPLE = '{ "居住类型": { "公租房": "租住" }, "户标签": { "楼组长": "楼长" } }';

/**
 * Reads a CLI map file: { column: { sheet value: known value } }, the column named in Chinese,
 * English or by its key. Shape and column names are checked here; whether each target is allowed
 * is mappingProblem()'s job (it needs the archive's tags). Every problem is reported, not the first.
 */
export function parseMapFile(text: string): MapFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = (e as Error).message;
    return {
      ok: false,
      problems: [{ zh: `映射文件不是有效的 JSON（${msg}）。格式示例：${EXAMPLE}`, en: `The map file is not valid JSON (${msg}). It looks like: ${EXAMPLE}` }],
    };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      ok: false,
      problems: [
        {
          zh: `映射文件应为“列名 → {表格中的值: 要映射成的值}”的对象，例如 ${EXAMPLE}`,
          en: `The map file must be an object of column → { sheet value: known value }, e.g. ${EXAMPLE}`,
        },
      ],
    };
  }
  const mappable = COLUMNS.filter((c) => isMappable(c.key));
  const problems: { zh: string; en: string }[] = [];
  const entries: MappingEntry[] = [];
  for (const [name, values] of Object.entries(data)) {
    const key = columnFor(name);
    if (!key) {
      problems.push({
        zh: `映射文件中的列“${name}”不存在；可以映射的列：${mappable.map((c) => c.zh).join('、')}。`,
        en: `The map file names a column "${name}" that does not exist; columns that can be mapped: ${mappable.map((c) => `${c.en} (${c.zh}, ${c.key})`).join(', ')}.`,
      });
      continue;
    }
    const col = COLUMN_BY_KEY.get(key)!;
    if (!isMappable(key)) {
      problems.push({
        zh: `“${col.zh}”列的值不能映射；可以映射的列：${mappable.map((c) => c.zh).join('、')}。`,
        en: `Values of "${col.zh}" (${col.en}) cannot be mapped; columns that can: ${mappable.map((c) => c.en).join(', ')}.`,
      });
      continue;
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      problems.push({ zh: `“${name}”下应为 {表格中的值: 要映射成的值}。`, en: `Under "${name}" there must be an object { sheet value: known value }.` });
      continue;
    }
    for (const [value, target] of Object.entries(values)) {
      if (typeof target !== 'string' || !target.trim() || !value.trim()) {
        problems.push({ zh: `“${name}”中“${value}”要映射成的值应为非空文字。`, en: `In "${name}", "${value}" must map to a non-empty text.` });
        continue;
      }
      entries.push({ columnKey: key, value: value.trim(), target: target.trim() });
    }
  }
  if (!problems.length && !entries.length)
    problems.push({ zh: `映射文件中没有任何映射。格式示例：${EXAMPLE}`, en: `The map file holds no mappings. It looks like: ${EXAMPLE}` });
  return problems.length ? { ok: false, problems } : { ok: true, entries };
}
