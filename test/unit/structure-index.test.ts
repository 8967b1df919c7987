import { describe, expect, it } from 'vitest';
import { structureIndex } from '../../shared/domain/structure-index';
import { rng } from '../helpers/community-generator';

/** A random structure (some grids and buildings empty, children out of id order). */
function randomTree(seed: number) {
  const r = rng(seed);
  const grids = Array.from({ length: 20 }, (_, i) => ({ id: `g${i}`, name: `第${i + 1}网格` }));
  const buildings = Array.from({ length: 150 }, (_, i) => ({ id: `b${i}`, gridId: `g${Math.floor(r() * 18)}`, name: `${i}号楼` }));
  const units = Array.from({ length: 700 }, (_, i) => ({ id: `u${i}`, buildingId: `b${Math.floor(r() * 140)}`, name: `${i % 6}单元` }));
  return { grids, buildings, units };
}

describe('structure index (one pass instead of a filter per parent)', () => {
  it('children by parent, in the order given, equal the filter over the whole list; look-ups by id; unit labels', () => {
    for (const seed of [1, 2, 3]) {
      const t = randomTree(seed);
      const ix = structureIndex(t);
      for (const g of t.grids) expect(ix.buildingsOf(g.id)).toEqual(t.buildings.filter((b) => b.gridId === g.id));
      for (const b of t.buildings) expect(ix.unitsOf(b.id)).toEqual(t.units.filter((u) => u.buildingId === b.id));
      expect(ix.buildingsOf('no-such-grid')).toEqual([]);
      expect(ix.grid('g3')).toBe(t.grids[3]);
      expect(ix.building('b7')).toBe(t.buildings[7]);
      expect(ix.unit('u9')).toBe(t.units[9]);
      expect(ix.unit(undefined)).toBeUndefined();
      const brute = t.units.map((u) => {
        const b = t.buildings.find((x) => x.id === u.buildingId);
        const g = t.grids.find((x) => x.id === b?.gridId);
        return { value: u.id, label: [g?.name, b?.name, u.name].filter(Boolean).join(' ') };
      });
      expect(ix.unitOptions()).toEqual(brute);
    }
  });

  it('one index per tree object: the same tree shares it, a reloaded tree gets its own', () => {
    const t = randomTree(4);
    expect(structureIndex(t)).toBe(structureIndex(t));
    const reloaded = { ...t, units: [...t.units, { id: 'new', buildingId: 'b0', name: '9单元' }] };
    expect(
      structureIndex(reloaded)
        .unitsOf('b0')
        .map((u) => u.id),
    ).toContain('new');
    expect(
      structureIndex(t)
        .unitsOf('b0')
        .map((u) => u.id),
    ).not.toContain('new');
  });
});
