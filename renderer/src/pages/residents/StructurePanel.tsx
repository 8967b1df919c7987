import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Popconfirm, Space, Tooltip, Tree, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StructureTree } from '../../../../shared/contract/register.contract';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { StructureModal, type StructureEdit, type StructureLevel } from './StructureForms';

export interface NodeSel {
  level: StructureLevel | 'all';
  id?: string;
}

const key = (level: StructureLevel, id: string) => `${level}:${id}`;

/** Left side of the residents page: grid → building → unit with add/edit at each level. */
export function StructurePanel({
  tree,
  reload,
  selected,
  onSelect,
  canWrite,
}: {
  tree: StructureTree;
  reload: () => Promise<void>;
  selected: NodeSel;
  onSelect: (s: NodeSel) => void;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const [edit, setEdit] = useState<StructureEdit | null>(null);
  const { message } = App.useApp();

  // Only an empty item goes; the Node side refuses one still holding something and says what (zh/en).
  const remove = (level: StructureLevel, id: string, name: string) => (
    <Popconfirm
      title={t('roster.removeConfirm', { name })}
      okButtonProps={{ danger: true, 'data-testid': 'remove-structure-ok' } as never}
      onConfirm={async () => {
        const r = await api.structure.remove({ level, id });
        if (!r.ok) return void message.error({ content: errorText(r.error), key: 'structure-remove' });
        void message.success(t('roster.removed'));
        if (selected.id === id) onSelect({ level: 'all' });
        await reload();
      }}
    >
      <Tooltip title={t(`roster.remove_${level}`)}>
        <Button
          size="small"
          type="text"
          icon={<DeleteOutlined />}
          aria-label={t(`roster.remove_${level}`)}
          data-testid={`remove-${level}`}
          onClick={(ev) => ev.stopPropagation()}
        />
      </Tooltip>
    </Popconfirm>
  );

  const action = (title: string, icon: ReactNode, e: StructureEdit, testId: string) => (
    <Tooltip title={title}>
      <Button
        size="small"
        type="text"
        icon={icon}
        aria-label={title}
        data-testid={testId}
        onClick={(ev) => {
          ev.stopPropagation();
          setEdit(e);
        }}
      />
    </Tooltip>
  );

  const treeData = useMemo(
    () =>
      tree.grids.map((g) => ({
        key: key('grid', g.id),
        title: (
          <Space size={2}>
            <span>{g.name}</span>
            {canWrite && action(t('register.edit_grid'), <EditOutlined />, { level: 'grid', id: g.id }, 'edit-grid')}
            {canWrite && action(t('register.add_building'), <PlusOutlined />, { level: 'building', parentId: g.id }, 'add-building')}
            {canWrite && remove('grid', g.id, g.name)}
          </Space>
        ),
        children: tree.buildings
          .filter((b) => b.gridId === g.id)
          .map((b) => ({
            key: key('building', b.id),
            title: (
              <Space size={2}>
                <span>{b.name}</span>
                {canWrite && action(t('register.edit_building'), <EditOutlined />, { level: 'building', id: b.id }, 'edit-building')}
                {canWrite && action(t('register.add_unit'), <PlusOutlined />, { level: 'unit', parentId: b.id }, 'add-unit')}
                {canWrite && remove('building', b.id, b.name)}
              </Space>
            ),
            children: tree.units
              .filter((u) => u.buildingId === b.id)
              .map((u) => ({
                key: key('unit', u.id),
                isLeaf: true,
                title: (
                  <Space size={2}>
                    <span>{u.name}</span>
                    {canWrite && action(t('register.edit_unit'), <EditOutlined />, { level: 'unit', id: u.id }, 'edit-unit')}
                    {canWrite && remove('unit', u.id, u.name)}
                  </Space>
                ),
              })),
          })),
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- remove/action close over props that change with the tree
    [tree, canWrite, t, selected],
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
        <Tree
          blockNode
          defaultExpandAll
          showLine
          treeData={treeData}
          selectedKeys={selectedKey}
          key={tree.grids.length + tree.buildings.length + tree.units.length}
          onSelect={(keys) => {
            const k = String(keys[0] ?? '');
            if (!k) return onSelect({ level: 'all' });
            const [level, id] = k.split(':') as [StructureLevel, string];
            onSelect({ level, id });
          }}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('register.noStructure')} />
      )}
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
    </div>
  );
}
