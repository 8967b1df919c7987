import { describe, expect, it } from 'vitest';
import { ResidentInput } from '../../shared/contract/register-fields';
import { checkDigit } from '../../shared/domain/citizen-id';
import { residentInput } from '../../electron/import/validate-rows';

/** A valid ID for a birth date and gender digit (odd: male). */
const id = (birth: string, g: number) => {
  const first = `110105${birth.replace(/-/g, '')}00${g}`;
  return first + checkDigit(first);
};

// Values each field may take in a sheet's row: ones the schema keeps as they are, ones it changes, ones it refuses.
const CHOICES: Record<string, unknown[]> = {
  householdId: ['-', '-', '-', ''],
  name: ['张三', '欧阳娜娜', ' 李四', '王五 ', '', 'x'.repeat(40), 'x'.repeat(41), 'Ann Lee'],
  gender: [null, 'male', 'female', 'M', ''],
  birthDate: [null, '1949-12-31', '1985-03-02', '1985-3-2', '1985-02-30', '19850302', '31118', '', ' 1985-03-02'],
  citizenId: [
    null,
    id('1949-12-31', 1),
    id('1949-12-31', 2),
    id('1985-03-02', 3),
    id('1985-03-02', 3).toLowerCase(),
    `１${id('1985-03-02', 3).slice(1)}`,
    '110105198503020031',
    '',
    ' ' + id('1985-03-02', 3),
    '4.20602E+17',
  ],
  ethnicity: [null, '汉族', '', ' 回族', 'x'.repeat(21)],
  politicalStatus: [null, 'party_member', 'x'.repeat(20)],
  education: [null, 'college'],
  occupation: [null, '教师', 'x'.repeat(41)],
  employer: [null, '某公司', 'x'.repeat(100), 'x'.repeat(101)],
  phone: [null, '13800138000', '138 0013 8000', '+86-10-12345678', ' 13800138000', '', '1234', 'abc12345', '1'.repeat(21)],
  hukouPlace: [null, '北京市', 'x '],
  moveInDate: [null, '2020-01-01', '2020/1/1', '2021-02-29'],
  residentType: ['registered', 'unregistered', 'floating', 'other', null],
  relationToHead: [null, '户主', '配偶'],
  maritalStatus: [null, 'married'],
  health: [null, 'good'],
  disability: [null, '无', '\t无'],
  medicalInsurance: [null, 'yes'],
  socialInsurance: [null, 'yes'],
  subsistence: [null, 'no'],
  familyPlanning: [null, '独生子女', 'x'.repeat(61)],
  specialCategories: [[], [], ['subsistence'], ['bogus']],
  notes: [null, '备注', 'x'.repeat(1000), 'x'.repeat(1001), ' 备注 '],
};

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe("import's resident check without the schema for rows already in its form", () => {
  it('answers as ResidentInput.safeParse does (data and issues) for 5 000 mixed rows', () => {
    const r = rng(17);
    let kept = 0;
    for (let n = 0; n < 5_000; n++) {
      // Mostly values the schema keeps (the first two choices), some of every other kind.
      const c = Object.fromEntries(
        Object.entries(CHOICES).map(([k, vs]) => [k, vs[r() < 0.8 ? Math.floor(r() * Math.min(2, vs.length)) : Math.floor(r() * vs.length)]]),
      );
      const want = ResidentInput.safeParse(c);
      const got = residentInput(c);
      expect(got.success, JSON.stringify(c)).toBe(want.success);
      if (want.success && got.success) {
        expect(got.data, JSON.stringify(c)).toStrictEqual(want.data);
        expect(Object.keys(got.data)).toEqual(Object.keys(want.data));
        kept++;
      } else if (!want.success && !got.success) expect(got.error.issues).toEqual(want.error.issues);
    }
    // Both kinds were drawn.
    expect(kept).toBeGreaterThan(250);
    expect(kept).toBeLessThan(4_750);
  });
});
