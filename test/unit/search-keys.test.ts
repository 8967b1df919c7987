import { describe, expect, it } from 'vitest';
import { classifyQuery, WHOLE_MOBILE } from '../../shared/domain/search-keys';

describe('what the search box takes a query for', () => {
  it.each([
    ['110105199001011234', 'citizen-id'],
    ['11010519900101123X', 'citizen-id'],
    ['110105900101123', 'citizen-id'],
    ['13912345678', 'phone'],
    ['2976', 'phone'],
    ['010-12345678', 'phone'],
    ['123', 'text'],
    ['zs', 'latin'],
    ['王秀英', 'text'],
    [' 13912345678 ', 'phone'],
  ] as const)('%s → %s', (q, kind) => expect(classifyQuery(q)).toBe(kind));

  it.each([
    ['13912345678', true],
    ['19912345678', true],
    ['12912345678', false], // no mobile network starts 12
    ['1391234567', false],
    ['139123456789', false],
    ['11010519900', false], // the start of a Beijing ID
    ['010-12345678', false],
  ])('%s is a whole mobile number: %s', (q, whole) => expect(WHOLE_MOBILE.test(q)).toBe(whole));
});
