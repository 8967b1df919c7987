import { describe, expect, it } from 'vitest';
import { BorrowerInput } from '../../shared/contract/lending.contract';

/** An external borrower's ID number is checked as a resident's citizen ID is, when it is meant as one. */
describe('external borrower ID numbers', () => {
  const borrower = (idNumber: string) =>
    BorrowerInput.safeParse({ kind: 'external', name: '孙调查', idNumber, organisation: '区民政局', letterNo: '民介字〔2026〕18号' });
  const problem = (idNumber: string) => {
    const r = borrower(idNumber);
    return r.success ? null : r.error.issues[0].message;
  };

  it('takes a valid citizen ID, normalised (full-width digits, lower-case x, spaces)', () => {
    const r = borrower('１１０１０５ 19900101123２');
    expect(r.success && r.data.kind === 'external' && r.data.idNumber).toBe('110105199001011232');
    expect(problem('11010519491231002x')).toBeNull();
  });

  it.each([
    ['110105199001011234', '校验位'],
    ['110105199002301232', '出生日期'],
    ['11010519900101123', '18 位'],
    ['1101051990010112321', '18 位'],
    ['110105900101123', '18 位'], // a first-generation 15-digit ID is no longer valid
    ['1.10105E+17', '科学计数法'],
  ])('refuses %s (%s)', (id, words) => {
    expect(problem(id)).toContain(words);
  });

  it.each(['E12345678', 'C12345678', '12345678', '军字第2026001号'])('takes other papers as written: %s', (id) => {
    expect(problem(id)).toBeNull();
  });
});
