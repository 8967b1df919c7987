import { describe, expect, it } from 'vitest';
import { formatRecoveryKey, parseRecoveryKey } from '../../electron/vault/recovery-key';
import { delayAfter } from '../../electron/vault/signin-guard';
import { canonicalJson } from '../../shared/canonical-json';

describe('recovery key format', () => {
  it('round-trips 32 bytes through 13 groups of Crockford base32', () => {
    for (const seed of [0, 1, 255, 77]) {
      const raw = Buffer.alloc(32, seed);
      raw[31] = seed ^ 0x5a;
      const text = formatRecoveryKey(raw);
      expect(text).toMatch(/^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
      expect(parseRecoveryKey(text)!.equals(raw)).toBe(true);
      expect(parseRecoveryKey(text.toLowerCase().replace(/-/g, ' '))!.equals(raw)).toBe(true);
    }
  });
  it('reads O as 0 and I/L as 1, refuses wrong lengths and symbols', () => {
    const raw = Buffer.alloc(32, 0);
    const text = formatRecoveryKey(raw);
    expect(parseRecoveryKey(text.replace(/0/g, 'O'))!.equals(raw)).toBe(true);
    expect(parseRecoveryKey(text.slice(0, -1))).toBeNull();
    expect(parseRecoveryKey(text.replace(/^0/, 'U'))).toBeNull();
  });
});

describe('sign-in delay', () => {
  it.each([
    [0, 0],
    [2, 0],
    [3, 2000],
    [4, 4000],
    [6, 16000],
    [20, 300000],
  ])('after %i failures waits %i ms', (n, ms) => {
    expect(delayAfter(n)).toBe(ms);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});
