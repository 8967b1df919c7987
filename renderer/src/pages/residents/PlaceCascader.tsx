import { Cascader } from 'antd';
import { useMemo, useState } from 'react';
import type { StructureTree } from '../../../../shared/contract/register.contract';
import { structureIndex } from '../../../../shared/domain/structure-index';

interface PlaceOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: PlaceOption[];
}

/**
 * 网格 / 楼栋 / 单元 in one cascader that is handed a grid's buildings and a building's units when the
 * keeper opens them (and those on the chosen path). antd's Cascader indexes every option it holds on
 * each draw even in single mode: a street's thousands of units cost the 花名册 tab its first draw.
 */
export function PlaceCascader({
  tree,
  value,
  onChange,
  placeholder,
  testId,
}: {
  tree: StructureTree;
  value?: string[];
  onChange?: (v: string[] | undefined) => void;
  placeholder?: string;
  testId?: string;
}) {
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const ix = useMemo(() => structureIndex(tree), [tree]);
  const options = useMemo<PlaceOption[]>(() => {
    const shown = new Set([...opened, ...(value ?? [])]);
    return tree.grids.map((g) => {
      const buildings = ix.buildingsOf(g.id);
      return {
        value: g.id,
        label: g.name,
        isLeaf: !buildings.length,
        children: shown.has(g.id)
          ? buildings.map((b) => {
              const units = ix.unitsOf(b.id);
              return {
                value: b.id,
                label: b.name,
                isLeaf: !units.length,
                children: shown.has(b.id) ? units.map((u) => ({ value: u.id, label: u.name, isLeaf: true })) : undefined,
              };
            })
          : undefined,
      };
    });
  }, [tree, ix, opened, value]);
  return (
    <Cascader<PlaceOption>
      options={options}
      value={value}
      onChange={(v) => onChange?.(v?.map(String))}
      loadData={(path) => {
        const last = path[path.length - 1];
        if (last) setOpened((s) => new Set(s).add(last.value));
      }}
      changeOnSelect
      allowClear
      style={{ width: 240 }}
      placeholder={placeholder}
      data-testid={testId}
    />
  );
}
