import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Space, Spin, Tree, Typography } from 'antd';
import { useMemo, useState, type Key, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StructureTree } from '../../../../shared/contract/register.contract';
import { OnceOpened } from '../../components/OnceOpened';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { structureIndex } from '../../../../shared/domain/structure-index';
import { StructureModal, type StructureEdit, type StructureLevel } from './StructureForms';

export interface NodeSel {
  level: StructureLevel | 'all';
  id?: string;
}

const key = (level: StructureLevel, id: string) => `${level}:${id}`;

interface StructureNode {
  key: string;
  level: StructureLevel;
  id: string;
  name: string;
  isLeaf?: boolean;
  children?: StructureNode[];
}

/** Up to this many grids, buildings and units the tree opens whole. */
const EXPAND_ALL_LIMIT = 2000;
/** The tree's scroll height in pixels (about 22 rows). */
const TREE_HEIGHT = 620;

/** Left side of the residents page: grid → building → unit with add/edit at each level. */
export function StructurePanel({
  tree,
  loaded,
  reload,
  selected,
  onSelect,
  canWrite,
}: {
  tree: StructureTree;
  /** Read at least once: until then an empty tree is "loading" (at 1M the tree lands ≈ 0.5 s after the rows), not "no grids". */
  loaded: boolean;
  reload: () => Promise<void>;
  selected: NodeSel;
  onSelect: (s: NodeSel) => void;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const [edit, setEdit] = useState<StructureEdit | null>(null);
  const { message, modal } = App.useApp();

  // Each row in view draws up to four buttons: plain ones with a native title (no antd Button, Tooltip
  // or Popconfirm per row: those were most of 住户's first draw at a street's size). The confirmation
  // is one dialog, opened on click.
  const rowButton = (title: string, icon: ReactNode, testId: string, onClick: () => void) => (
    <button
      type="button"
      className="tree-action"
      title={title}
      aria-label={title}
      data-testid={testId}
      onClick={(ev) => {
        ev.stopPropagation();
        onClick();
      }}
    >
      {icon}
    </button>
  );
  const action = (title: string, icon: ReactNode, e: StructureEdit, testId: string) => rowButton(title, icon, testId, () => setEdit(e));

  // Only an empty item goes; the Node side refuses one still holding something and says what (zh/en).
  const remove = (level: StructureLevel, id: string, name: string) =>
    rowButton(t(`roster.remove_${level}`), <DeleteOutlined />, `remove-${level}`, () =>
      modal.confirm({
        title: t('roster.removeConfirm', { name }),
        okButtonProps: { danger: true, 'data-testid': 'remove-structure-ok' } as never,
        onOk: async () => {
          const r = await api.structure.remove({ level, id });
          if (!r.ok) return void message.error({ content: errorText(r.error), key: 'structure-remove' });
          void message.success(t('roster.removed'));
          if (selected.id === id) onSelect({ level: 'all' });
          await reload();
        },
      }),
    );

  // Plain data per node; the name and its buttons are drawn by titleRender for the nodes in view only
  // (a virtual tree). A small structure opens whole, as it always has; a street office's (tens of
  // thousands of units) opens at its grids, and a grid's or building's children are handed to the
  // tree when the keeper opens it — the tree indexes every node it is given, on every page visit.
  const size = tree.grids.length + tree.buildings.length + tree.units.length;
  const big = size > EXPAND_ALL_LIMIT;
  const [open, setOpen] = useState<string[]>([]);
  const treeData = useMemo<StructureNode[]>(() => {
    const ix = structureIndex(tree);
    const shown = new Set(open);
    const kids = <T,>(k: string, list: T[], f: (x: T) => StructureNode) => (!big || shown.has(k) ? list.map(f) : undefined);
    return tree.grids.map((g) => {
      const gk = key('grid', g.id);
      const buildings = ix.buildingsOf(g.id);
      return {
        key: gk,
        level: 'grid',
        id: g.id,
        name: g.name,
        ...(big ? { isLeaf: !buildings.length } : {}),
        children: kids(gk, buildings, (b) => {
          const bk = key('building', b.id);
          const units = ix.unitsOf(b.id);
          return {
            key: bk,
            level: 'building',
            id: b.id,
            name: b.name,
            ...(big ? { isLeaf: !units.length } : {}),
            children: kids(bk, units, (u) => ({ key: key('unit', u.id), level: 'unit', id: u.id, name: u.name, isLeaf: true })),
          };
        }),
      };
    });
  }, [tree, big, open]);

  const titleOf = (n: StructureNode) => (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 2 }}>
      <span>{n.name}</span>
      {canWrite && action(t(`register.edit_${n.level}`), <EditOutlined />, { level: n.level, id: n.id }, `edit-${n.level}`)}
      {canWrite && n.level === 'grid' && action(t('register.add_building'), <PlusOutlined />, { level: 'building', parentId: n.id }, 'add-building')}
      {canWrite && n.level === 'building' && action(t('register.add_unit'), <PlusOutlined />, { level: 'unit', parentId: n.id }, 'add-unit')}
      {canWrite && remove(n.level, n.id, n.name)}
    </span>
  );

  const selectedKey = selected.level === 'all' || !selected.id ? [] : [key(selected.level, selected.id)];
  return (
    <div data-testid="structure-tree">
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Link onClick={() => onSelect({ level: 'all' })}>{t('register.allHouseholds')}</Typography.Link>
        {canWrite && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEdit({ level: 'grid' })} data-testid="add-grid">
            {t('register.add_grid')}
          </Button>
        )}
      </Space>
      {tree.grids.length ? (
        <Tree<StructureNode>
          blockNode
          {...(big ? { expandedKeys: open, onExpand: (keys: Key[]) => setOpen(keys.map(String)) } : { defaultExpandAll: true })}
          showLine
          // Virtual: only the rows in view are drawn (a small tree fits and is drawn whole, as before).
          height={TREE_HEIGHT}
          treeData={treeData}
          titleRender={titleOf}
          selectedKeys={selectedKey}
          key={big ? 'big' : size}
          onSelect={(keys) => {
            const k = String(keys[0] ?? '');
            if (!k) return onSelect({ level: 'all' });
            const [level, id] = k.split(':') as [StructureLevel, string];
            onSelect({ level, id });
          }}
        />
      ) : loaded ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('register.noStructure')} />
      ) : (
        <Spin data-testid="structure-loading" style={{ display: 'block', padding: 24 }} />
      )}
      <OnceOpened open={!!edit}>
        <StructureModal
          edit={edit}
          tree={tree}
          onClose={() => setEdit(null)}
          onSaved={async (id) => {
            const level = edit!.level;
            setEdit(null);
            await reload();
            onSelect({ level, id });
          }}
        />
      </OnceOpened>
    </div>
  );
}
