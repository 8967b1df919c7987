import { describe, expect, it } from 'vitest';
import { checkDigit, normalizeCitizenId, parseCitizenId } from '../../shared/domain/citizen-id';

const first17 = '42060219850302123';
const ID = first17 + checkDigit(first17);
const X17 = '11010519491231002'; // check character X
const XID = X17 + checkDigit(X17);

describe('citizen IDs as keepers type and paste them', () => {
  it('has fixtures that are valid as written', () => {
    expect(parseCitizenId(ID).ok).toBe(true);
    expect(XID.endsWith('X')).toBe(true);
  });

  const fw = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  it.each([
    ['spaces in groups', `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`, ID],
    ['ideographic spaces and a tab', `\t${ID.slice(0, 6)}\u3000${ID.slice(6)}`, ID],
    ['full-width digits', fw(ID), ID],
    ['lower-case x', XID.toLowerCase(), XID],
    ['full-width Ｘ', fw(XID), XID],
    ['the apostrophe Excel users type to keep text', `'${ID}`, ID],
    ['a zero-width space from a web page', `${ID.slice(0, 9)}\u200b${ID.slice(9)}`, ID],
  ])('%s → accepted', (_, raw, want) => {
    expect(normalizeCitizenId(raw)).toBe(want);
    const p = parseCitizenId(raw);
    expect(p.ok && p.info.id).toBe(want);
  });

  it.each([['4.20602E+17'], ['4.20602e+17'], ['4.20602E17'], ['4.20602E+017'], ['４.２０６０２Ｅ＋１７'], [' 4.20602E+17 '], ['1.10105E+17']])(
    '%s (Excel turned it into a number) is refused as scientific notation',
    (raw) => {
      expect(parseCitizenId(raw)).toEqual({ ok: false, problem: 'scientific-notation' });
    },
  );

  it.each([['42060219850302'], [`${ID}1`], ['42060219850302123Y'], ['420602-19850302-1234']])('%s is not an ID', (raw) => {
    expect(parseCitizenId(raw)).toEqual({ ok: false, problem: 'format' });
  });
});
