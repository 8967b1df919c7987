import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ERR } from '../../shared/error-texts';
import type { FieldIssue } from '../../shared/errors';

/**
 * Issue 15: an AppError's words live in the catalogue in ./shared (shared/error-texts.ts), not
 * inline in electron/. Every entry must say something in both languages; and no AppError in
 * electron/ may write its own Chinese text, so the rule holds for code written later.
 */

const CHINESE = /[\u3400-\u9fff]/;
const col = { zh: '性别', en: 'Sex' };

/** Arguments for entries that take more than plain words or numbers (dotted path in ERR). */
const SAMPLES: Record<string, unknown[]> = {
  'auth.weakPassword': [{ zh: '至少 10 位', en: 'at least 10 characters' }, 'password'],
  'auth.badUsername': [{ zh: '不能含空格', en: 'no spaces' }, 'username'],
  'storage.folderHolder': ['cli', 'search', 4242, 'PC-1', '2026-12-01T09:00:00Z'],
  'storage.folderHeld': [{ zh: '档案室命令行', en: 'the Archive Room CLI' }, 3],
  'storage.withErrorId': [{ zh: '内部错误，操作未完成，数据未更改。', en: 'Internal error; nothing was changed.' }, 'e-1'],
  'structure.notFound': ['unit'],
  'structure.stillHolds': ['3号楼', { units: 2, records: 1 }],
  'records.refused': ['WS-2026-0001', [{ zh: '已借出。', en: 'On loan.' }]],
  'destruction.blocked': [[{ archiveNo: 'WS-2026-0001', zh: '已借出。', en: 'On loan.' }]],
  'import.mappingsRefused': [[{ i: 0, p: { zh: '没有名为“x”的列。', en: 'There is no column "x".' } }]],
  'import.mapping.notMappable': [col, [{ zh: '民族', en: 'Ethnic group' }]],
  'import.mapping.valueLength': [col, 20],
  'import.mapping.alreadyValid': [col, '男'],
  'import.mapping.notAllowed': [col, '男性', ['男', '女'], '公'],
};

type Entry = { zh?: unknown; en?: unknown; fields?: FieldIssue[] };

/** Every entry of the catalogue, functions called with their sample (or plain) arguments. */
function entries(group: object, prefix = ''): [string, Entry][] {
  return Object.entries(group).flatMap(([k, v]): [string, Entry][] => {
    const name = prefix + k;
    if (typeof v === 'function') {
      const args = SAMPLES[name] ?? Array.from({ length: (v as (...a: unknown[]) => unknown).length }, (_, i) => `V${i + 1}`);
      let made: Entry;
      try {
        made = (v as (...a: unknown[]) => Entry)(...args);
      } catch (e) {
        throw new Error(`ERR.${name} fails with plain arguments; give it a sample in SAMPLES`, { cause: e });
      }
      return [[name, made]];
    }
    if ('zh' in v || 'fields' in v) return [[name, v as Entry]];
    return entries(v as object, `${name}.`);
  });
}

/** What is wrong with one text pair, or null. */
function problem(t: { zh?: unknown; en?: unknown }): string | null {
  if (typeof t.zh !== 'string' || !t.zh.trim()) return 'zh is empty';
  if (typeof t.en !== 'string' || !t.en.trim()) return 'en is empty';
  if (t.zh === t.en) return 'zh and en are the same';
  if (!CHINESE.test(t.zh)) return 'zh has no Chinese';
  return null;
}

describe('the error catalogue (shared/error-texts.ts)', () => {
  const all = entries(ERR);

  it('has the entries the handlers name', () => {
    expect(all.length).toBeGreaterThan(150);
    expect(all.map(([n]) => n)).toEqual(expect.arrayContaining(['tags.notFound', 'backup.cutShort', 'import.mapping.notAllowed']));
  });

  it('every entry says something in Chinese and in English, differently — its field issues too', () => {
    const bad: string[] = [];
    for (const [name, e] of all) {
      if (e.zh === undefined && e.en === undefined && !e.fields?.length) bad.push(`${name}: neither a message nor a field`);
      if (e.zh !== undefined || e.en !== undefined) {
        const p = problem(e);
        if (p) bad.push(`${name}: ${p}`);
      }
      for (const f of e.fields ?? []) {
        if (!f.path) bad.push(`${name}: a field issue without a path`);
        const p = problem(f);
        if (p) bad.push(`${name} (field ${f.path}): ${p}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('texts with values put the values in both languages', () => {
    expect(ERR.roster.tooManySearches(20)).toEqual({ zh: '最多保存 20 个查询，请先删除不用的。', en: 'At most 20 saved searches; remove one first.' });
    expect(ERR.structure.stillHolds('3号楼', { units: 2, records: 1, households: 0 })).toEqual({
      zh: '“3号楼”下还有 2 个单元、1 份楼栋档案，不能删除。请先移走或删除它们。',
      en: '"3号楼" still holds 2 unit(s) and 1 building record(s); it cannot be removed. Move or remove them first.',
    });
    expect(ERR.tags.nameTaken('低保户').fields).toEqual([{ path: 'name', zh: '名称已存在', en: 'Name exists' }]);
  });
});

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? tsFiles(p) : /\.tsx?$/.test(p) ? [p] : [];
  });
}

/** String and template literals with Chinese inside `node`. */
function chineseLiterals(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && CHINESE.test(n.text)) out.push(n.text);
    else if (ts.isTemplateExpression(n)) {
      const text = n.head.text + n.templateSpans.map((s) => s.literal.text).join('');
      if (CHINESE.test(text)) out.push(n.getText());
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

const extendsAppError = (c: ts.ClassLikeDeclaration | undefined): boolean =>
  !!c?.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText() === 'AppError'));

/**
 * Where an AppError's words could be written inline: `new AppError(…)`, `super(…)` in a class
 * extending AppError, and a thrown helper's arguments (`throw bad('…')`). A plain `new Error`
 * (an internal fault, never shown as such) is not an AppError and may say what it likes.
 */
function inlineErrorTexts(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (n: ts.Node, args: readonly ts.Node[]): void => {
    for (const text of args.flatMap(chineseLiterals)) {
      found.push(`${fileName}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${text}`);
    }
  };
  const visit = (n: ts.Node): void => {
    if (ts.isNewExpression(n) && n.expression.getText() === 'AppError') report(n, n.arguments ?? []);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const cls = ts.findAncestor(n, ts.isClassLike);
      if (extendsAppError(cls)) report(n, n.arguments);
    } else if (ts.isThrowStatement(n) && !ts.isNewExpression(n.expression)) report(n, [n.expression]);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('AppError texts stay in the catalogue', () => {
  it('no AppError in electron/ carries Chinese words of its own', () => {
    const found = tsFiles('electron').flatMap((f) => inlineErrorTexts(relative('.', f).split('\\').join('/'), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check sees an inline message, a helper fed inline words, and a subclass', () => {
    const src = [
      "throw new AppError('NOT_FOUND', { zh: '未找到该标签。', en: 'Tag not found.' });",
      "throw new AppError('CONFLICT', { zh: `标签“${name}”已存在。`, en: `The tag ${name} exists.` });",
      "throw bad('文件是空的。', 'The file is empty.');",
      "class Refused extends AppError { constructor() { super('VALIDATION', { zh: '有错误。', en: 'Errors.' }); } }",
      "throw new AppError('NOT_FOUND', ERR.tags.notFound);",
      "log('未找到 / not found');",
      "throw new Error('字体无法读取 / font unreadable');",
    ].join('\n');
    expect(inlineErrorTexts('x.ts', src).map((s) => s.split(': ')[0])).toEqual(['x.ts:1', 'x.ts:2', 'x.ts:3', 'x.ts:4']);
  });
});
