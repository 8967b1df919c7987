import { Empty, Tree } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StructureTree } from '../../../../shared/contract/register.contract';

export type StructureSel = { kind: 'grid' | 'building'; id: string; name: string } | null;

/** Grid → building tree; covers print per building or per grid, so units are not offered. */
export function StructurePicker({ tree, value, onChange }: { tree: StructureTree; value: StructureSel; onChange: (s: StructureSel) => void }) {
  const { t } = useTranslation();
  if (!tree.grids.length) return <Empty description={t('printing.noStructure')} />;
  const data = tree.grids.map((g) => ({
    key: `grid:${g.id}`,
    title: <span data-testid="print-node">{g.name}</span>,
    children: tree.buildings.filter((b) => b.gridId === g.id).map((b) => ({ key: `building:${b.id}`, title: <span data-testid="print-node">{b.name}</span> })),
  }));
  const names = new Map<string, string>([
    ...tree.grids.map((g) => [`grid:${g.id}`, g.name] as const),
    ...tree.buildings.map((b) => [`building:${b.id}`, b.name] as const),
  ]);
  return (
    <Tree
      blockNode
      defaultExpandAll
      showLine
      treeData={data}
      data-testid="print-structure"
      key={tree.grids.length + tree.buildings.length}
      selectedKeys={value ? [`${value.kind}:${value.id}`] : []}
      onSelect={(keys) => {
        const k = keys[0] as string | undefined;
        if (!k) return onChange(null);
        const [kind, id] = k.split(':') as ['grid' | 'building', string];
        onChange({ kind, id, name: names.get(k) ?? '' });
      }}
    />
  );
}
