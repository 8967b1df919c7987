import { describe, expect, it } from 'vitest';
import { canonicalFingerprint, isOfficeLinkProblem, officeLink, parseOfficeLink } from '../../shared/domain/office-link';

const FP = Array.from({ length: 32 }, (_, i) => (i * 7 + 3).toString(16).padStart(2, '0').toUpperCase()).join(':');

describe('office link: the connection sheet QR text', () => {
  it.each([
    ['colons, upper case', FP, FP],
    ['plain lower-case hex', FP.replace(/:/g, '').toLowerCase(), FP],
    ['spaces between pairs', FP.replace(/:/g, ' '), FP],
    ['one pair short', FP.slice(3), ''],
    ['a non-hex digit', FP.replace(/^../, 'ZZ'), ''],
    ['empty', '', ''],
  ])('canonical fingerprint: %s', (_, input, want) => {
    expect(canonicalFingerprint(input)).toBe(want);
  });

  it('round-trips address and fingerprint, whatever the address carries after the origin', () => {
    const link = officeLink('https://192.168.1.20:8443/', FP);
    expect(link).toMatch(/^archive-room:\/\/connect\?url=https%3A%2F%2F192\.168\.1\.20%3A8443%2F&fp=[0-9A-F]{64}$/);
    expect(parseOfficeLink(`  ${link}\n`)).toEqual({ url: 'https://192.168.1.20:8443', fingerprint: FP });
  });

  it.each([
    ['another QR', 'https://example.org/', '不是档案室服务器连接单'],
    ['a cut fingerprint', `archive-room://connect?url=https%3A%2F%2Fa%3A1&fp=${'AB'.repeat(31)}`, '指纹不完整'],
    ['plain http', `archive-room://connect?url=http%3A%2F%2Fa%3A1&fp=${'AB'.repeat(32)}`, 'https://'],
    ['no address', `archive-room://connect?fp=${'AB'.repeat(32)}`, '地址无效'],
  ])('refuses %s with a message in both languages', (_, text, zh) => {
    const r = parseOfficeLink(text);
    expect(isOfficeLinkProblem(r)).toBe(true);
    if (isOfficeLinkProblem(r)) {
      expect(r.zh).toContain(zh);
      expect(r.en.length).toBeGreaterThan(10);
    }
  });

  it('will not write a link for a fingerprint that is not 32 bytes', () => {
    expect(() => officeLink('https://a:1', 'AB:CD')).toThrow();
  });
});
