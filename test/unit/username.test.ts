import { describe, expect, it } from 'vitest';
import { confusableWith, findUsername, foldUsername, scriptsOf, usernameProblem, usernameSkeleton } from '../../shared/domain/username';

describe('user names: folded, one script, look-alikes refused', () => {
  it.each([
    ['admin', 'admin'],
    ['Admin', 'admin'],
    ['ADMIN', 'admin'],
    [' admin ', 'admin'],
    ['ａｄｍｉｎ', 'admin'], // full-width, as a Chinese IME types it
    ['Straße', 'strasse'],
    ['admın', 'admin'], // dotless ı folds to i
    ['王芳', '王芳'],
    ['Wang.Fang_2', 'wang.fang_2'],
  ])('fold(%j) = %j', (raw, folded) => {
    expect(foldUsername(raw)).toBe(folded);
  });

  it.each([
    ['admin', null],
    ['wang.fang', null],
    ['王芳', null],
    ['li_2', null],
    ['иван', null], // one script, Cyrillic only: allowed
    ['аdmin', 'mixes'], // Cyrillic а + Latin dmin
    ['pаypal', 'mixes'],
    ['王fang', 'mixes'],
    ['αdmin', 'mixes'], // Greek alpha
    ['a', 'at least'],
    ['x'.repeat(33), 'at most'],
    ['ad min', 'letters'],
    ['ad\u200dmin', 'letters'], // zero-width joiner
    ['admin٣', 'letters'], // Arabic-Indic digit
    ['e\u0301mile', null], // NFKC composes é
    ['12345', 'needs letters'],
  ])('%j → %s', (raw, problem) => {
    const p = usernameProblem(raw);
    if (problem === null) expect(p, JSON.stringify(p)).toBeNull();
    else {
      expect(p).not.toBeNull();
      expect(p!.en).toContain(problem);
      expect(p!.zh.length).toBeGreaterThan(0);
    }
  });

  it('names the scripts it saw', () => {
    expect(scriptsOf('аdmin')).toEqual(['Cyrillic', 'Latin']);
    expect(scriptsOf('wang_01')).toEqual(['Latin']);
  });

  it.each([
    ['Admin', ['admin'], 'admin'],
    ['ＡＤＭＩＮ', ['admin'], 'admin'],
    ['асе', ['ace'], 'ace'], // whole-script Cyrillic look-alike of a Latin name
    ['adm1n', ['admin'], 'admin'],
    ['wang', ['admin', 'li'], null],
    ['zhao', ['zhou'], null],
  ])('%j next to %j is confused with %j', (raw, existing, hit) => {
    expect(confusableWith(raw, existing)).toBe(hit);
  });

  it('skeletons meet only for look-alikes', () => {
    expect(usernameSkeleton('аdmin')).toBe(usernameSkeleton('admin'));
    expect(usernameSkeleton('wangfang')).not.toBe(usernameSkeleton('wangfeng'));
  });

  it('look-ups: the exact stored spelling first, else the one folded match, never a guess between two', () => {
    const stored = [{ u: 'Admin' }, { u: 'li' }];
    const name = (x: { u: string }) => x.u;
    expect(findUsername('Admin', stored, name)?.u).toBe('Admin'); // a name stored before folding
    expect(findUsername('admin', stored, name)?.u).toBe('Admin');
    expect(findUsername('LI', stored, name)?.u).toBe('li');
    expect(findUsername('wang', stored, name)).toBeUndefined();
    const twins = [{ u: 'Admin' }, { u: 'ADMIN' }];
    expect(findUsername('admin', twins, name)).toBeUndefined();
    expect(findUsername('ADMIN', twins, name)?.u).toBe('ADMIN');
  });
});
