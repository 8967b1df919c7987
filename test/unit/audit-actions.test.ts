import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditActionBilingual, auditActionWords, hasAuditWords } from '../../shared/domain/audit-actions';

const ROOT = join(__dirname, '../../electron');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

/** Every action code the Node side can write into the trail, read from the source itself. */
function writtenActions(): Set<string> {
  const found = new Set<string>();
  const code = /^[a-z][a-zA-Z]*(\.[a-zA-Z]+)+$/;
  for (const file of sources(ROOT)) {
    const text = readFileSync(file, 'utf8');
    const add = (s: string) => code.test(s) && found.add(s);
    for (const m of text.matchAll(/action:\s*[`']([^`'$]+)[`']/g)) add(m[1]);
    for (const m of text.matchAll(/action:\s*\w+\s*\?\s*'([^']+)'\s*:\s*'([^']+)'/g)) [m[1], m[2]].forEach(add);
    // the sign-in guard's failure kinds, passed as the last argument of recordFailure
    for (const m of text.matchAll(/'(auth\.[a-zA-Z]+\.failed)'/g)) add(m[1]);
    for (const m of text.matchAll(/'([a-z]+\.[a-zA-Z]+\.refused)'/g)) add(m[1]);
    // print handlers: print.printed(actor(c), 'buildingCover', …) writes print.buildingCover
    for (const m of text.matchAll(/printed\(\s*actor\(c\),\s*'(\w+)'/g)) add(`print.${m[1]}`);
    // destruction.printed: the register or the certificate
    for (const m of text.matchAll(/which === '\w+' \? '(print\.\w+)' : '(print\.\w+)'/g)) [m[1], m[2]].forEach(add);
    // structure service: `${kind}.create` / `${kind}.update` for grids, buildings and units
    if (text.includes('`${kind}.create`')) for (const k of ['grid', 'building', 'unit']) for (const v of ['create', 'update']) add(`${k}.${v}`);
  }
  found.add('search');
  return found;
}

describe('audit actions in words', () => {
  it('the scan finds the actions (so the next test has something to check)', () => {
    const all = writtenActions();
    expect(all.size).toBeGreaterThan(60);
    for (const a of [
      'record.create',
      'destruction.record',
      'print.boxSpine',
      'print.destructionCertificate',
      'print.calibration',
      'building.update',
      'auth.confirm.failed',
      'lookup.deny',
      'destruction.execute.refused',
    ]) {
      expect(all, a).toContain(a);
    }
  });

  it('every action the code writes has zh and en words in the one table', () => {
    const missing = [...writtenActions()].filter((a) => !hasAuditWords(a));
    expect(missing, `add these to shared/domain/audit-actions.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('no entry is a code in disguise: words in both languages, no dots, no duplicates', () => {
    const zh = new Set<string>();
    for (const [code, w] of Object.entries(AUDIT_ACTIONS)) {
      expect(w.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(w.en, code).toMatch(/^[A-Z]/);
      expect(w.zh.includes(code) || w.en.includes(code), code).toBe(false);
      expect(zh.has(w.zh), `${code}: "${w.zh}" used twice`).toBe(false);
      zh.add(w.zh);
    }
  });

  it.each<[string, string, string]>([
    ['record.create', '新建档案', 'Record created'],
    ['destruction.record', '档案已销毁', 'Record destroyed'],
    ['destruction.approve.refused', '审批销毁清册被拒绝', 'Approving a register refused'],
    ['destruction.newStep.refused', '销毁操作（destruction.newStep.refused）', 'Destruction action (destruction.newStep.refused)'],
    ['record.delete.refused', '档案操作（record.delete.refused）', 'Record action (record.delete.refused)'],
    ['record.update.failed', '修改档案（被拒绝）', 'Record changed (refused)'],
    ['weird', '其他操作（weird）', 'Other action (weird)'],
  ])('%s → %s / %s', (code, zh, en) => {
    expect(auditActionWords(code)).toEqual({ zh, en });
  });

  it('bilingual form for documents', () => {
    expect(auditActionBilingual('loan.checkout')).toBe('借出（开借阅单） / Checked out (slip issued)');
  });
});
