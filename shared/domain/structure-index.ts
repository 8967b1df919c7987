/**
 * The community structure by parent and by id, built in one pass. At street scale (1M residents:
 * ~800 grids, ~8k buildings, ~33k units) every screen that nests the tree — the structure panel,
 * the place pickers, the unit list of the household form — used to filter the whole list once per
 * parent, which is grids × buildings + buildings × units steps (hundreds of millions) on every
 * render. With this index each is one walk over the tree. Children keep the order they came in
 * (the tree arrives in reading order: orderStructure).
 */
export interface StructureShape {
  grids: readonly { id: string; name: string }[];
  buildings: readonly { id: string; gridId: string; name: string }[];
  units: readonly { id: string; buildingId: string; name: string }[];
}

export interface StructureIndex<T extends StructureShape> {
  buildingsOf(gridId: string): T['buildings'][number][];
  unitsOf(buildingId: string): T['units'][number][];
  grid(id: string | null | undefined): T['grids'][number] | undefined;
  building(id: string | null | undefined): T['buildings'][number] | undefined;
  unit(id: string | null | undefined): T['units'][number] | undefined;
  /** "第一网格 2号楼 1单元" for a unit: the labels of a unit picker, in tree order. */
  unitOptions(): { value: string; label: string }[];
}

const NONE: never[] = [];

function build<T extends StructureShape>(t: T): StructureIndex<T> {
  type G = T['grids'][number];
  type B = T['buildings'][number];
  type U = T['units'][number];
  const grids = new Map<string, G>(t.grids.map((g) => [g.id, g]));
  const buildings = new Map<string, B>(t.buildings.map((b) => [b.id, b]));
  const units = new Map<string, U>(t.units.map((u) => [u.id, u]));
  const byGrid = new Map<string, B[]>();
  for (const b of t.buildings) {
    const list = byGrid.get(b.gridId);
    if (list) list.push(b);
    else byGrid.set(b.gridId, [b]);
  }
  const byBuilding = new Map<string, U[]>();
  for (const u of t.units) {
    const list = byBuilding.get(u.buildingId);
    if (list) list.push(u);
    else byBuilding.set(u.buildingId, [u]);
  }
  let options: { value: string; label: string }[] | null = null;
  return {
    buildingsOf: (id) => byGrid.get(id) ?? NONE,
    unitsOf: (id) => byBuilding.get(id) ?? NONE,
    grid: (id) => (id ? grids.get(id) : undefined),
    building: (id) => (id ? buildings.get(id) : undefined),
    unit: (id) => (id ? units.get(id) : undefined),
    unitOptions: () =>
      (options ??= t.units.map((u) => {
        const b = buildings.get(u.buildingId);
        const g = b ? grids.get(b.gridId) : undefined;
        return { value: u.id, label: [g?.name, b?.name, u.name].filter(Boolean).join(' ') };
      })),
  };
}

// One index per tree object: every component that is handed the same tree shares it.
const cache = new WeakMap<object, StructureIndex<StructureShape>>();

/** The index of `tree`, built once per tree object (a reloaded tree is a new object). */
export function structureIndex<T extends StructureShape>(tree: T): StructureIndex<T> {
  let ix = cache.get(tree);
  if (!ix) {
    ix = build(tree);
    cache.set(tree, ix);
  }
  return ix as unknown as StructureIndex<T>;
}
