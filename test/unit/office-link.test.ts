import { describe, expect, it } from 'vitest';
import { canonicalFingerprint, isOfficeLinkProblem, officeLink, officeTarget, parseOfficeLink } from '../../shared/domain/office-link';

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

describe('office target: what the first-run "connect" screen sends', () => {
  it.each([
    ['the sheet address and fingerprint', { url: 'https://192.168.1.20:8443', fingerprint: FP }],
    ['the address without https://', { url: '192.168.1.20:8443', fingerprint: FP.replace(/:/g, '') }],
    ['a trailing path and spaces', { url: '  https://192.168.1.20:8443/index.html ', fingerprint: ` ${FP.toLowerCase()} ` }],
    ['a code, which wins over typed fields', { code: officeLink('https://192.168.1.20:8443/', FP), url: 'nonsense' }],
  ])('reads %s', (_, input) => {
    expect(officeTarget(input)).toEqual({ url: 'https://192.168.1.20:8443', fingerprint: FP });
  });

  it.each([
    ['no address', { url: ' ', fingerprint: FP }, '请输入服务器地址', 'Enter the server address'],
    ['plain http', { url: 'http://192.168.1.20:8443', fingerprint: FP }, 'https://', 'https://'],
    ['another scheme', { url: 'ftp://192.168.1.20', fingerprint: FP }, 'https://', 'https://'],
    ['credentials in the address', { url: 'https://a:b@192.168.1.20', fingerprint: FP }, '地址无效', 'not valid'],
    ['a broken address', { url: 'https://[zz', fingerprint: FP }, '地址无效', 'not valid'],
    ['a short fingerprint', { url: '192.168.1.20:8443', fingerprint: FP.slice(0, 90) }, '指纹不完整', 'incomplete'],
    ['no fingerprint', { url: '192.168.1.20:8443' }, '指纹不完整', 'incomplete'],
    ['a code that is not ours', { code: 'WIFI:S:office;;' }, '不是档案室服务器连接单', 'not the code'],
  ])('refuses %s in both languages', (_, input, zh, en) => {
    const r = officeTarget(input);
    expect(isOfficeLinkProblem(r)).toBe(true);
    expect((r as { zh: string }).zh).toContain(zh);
    expect((r as { en: string }).en).toContain(en);
  });
});
