import { Empty, Spin, Tree } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StructureTree } from '../../../../shared/contract/register.contract';
import { structureIndex } from '../../../../shared/domain/structure-index';

export type StructureSel = { kind: 'grid' | 'building'; id: string; name: string } | null;

/**
 * Grid → building tree; covers print per building or per grid, so units are not offered. Virtual (a
 * street office's 800 grids and 8 000 buildings open whole), each grid's buildings from the index.
 */
export function StructurePicker({
  tree,
  loaded,
  value,
  onChange,
}: {
  tree: StructureTree;
  loaded: boolean;
  value: StructureSel;
  onChange: (s: StructureSel) => void;
}) {
  const { t } = useTranslation();
  const ix = structureIndex(tree);
  const data = useMemo(
    () =>
      tree.grids.map((g) => ({
        key: `grid:${g.id}`,
        title: <span data-testid="print-node">{g.name}</span>,
        children: ix.buildingsOf(g.id).map((b) => ({ key: `building:${b.id}`, title: <span data-testid="print-node">{b.name}</span> })),
      })),
    [tree, ix],
  );
  if (!tree.grids.length) return loaded ? <Empty description={t('printing.noStructure')} /> : <Spin style={{ display: 'block', padding: 24 }} />;
  return (
    <Tree
      blockNode
      defaultExpandAll
      showLine
      height={480}
      treeData={data}
      data-testid="print-structure"
      key={tree.grids.length + tree.buildings.length}
      selectedKeys={value ? [`${value.kind}:${value.id}`] : []}
      onSelect={(keys) => {
        const k = keys[0] as string | undefined;
        if (!k) return onChange(null);
        const [kind, id] = k.split(':') as ['grid' | 'building', string];
        onChange({ kind, id, name: (kind === 'grid' ? ix.grid(id) : ix.building(id))?.name ?? '' });
      }}
    />
  );
}
