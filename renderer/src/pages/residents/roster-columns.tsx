import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Popover, Space } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { ROSTER_COLUMNS, type RosterColumn, type RosterRow, type RosterSort } from '../../../../shared/contract/roster.contract';
import type { TagRow } from '../../../../shared/contract/register.contract';
import { RESIDENT_TYPE_LABELS } from '../../../../shared/domain/resident-types';
import { TagChips } from '../../components/TagChip';
import { label } from '../../lib/register-data';

/** Columns only keepers and administrators see (roster-policy.ts); the server leaves them out for others. */
export const SENSITIVE_COLUMNS: readonly RosterColumn[] = ['disability', 'subsistence', 'health'];

/** Which sort a column header asks for: the place columns all sort by the full address (natural order). */
const SORT_OF: Partial<Record<RosterColumn, RosterSort['key']>> = {
  name: 'name',
  age: 'age',
  birthDate: 'age',
  gender: 'gender',
  residentType: 'residentType',
  moveInDate: 'moveInDate',
  grid: 'address',
  building: 'address',
  unit: 'address',
  room: 'address',
};

const WIDTH: Partial<Record<RosterColumn, number>> = { name: 100, gender: 60, age: 70, birthDate: 110, citizenIdMasked: 180, tags: 200, grid: 110 };

export function rosterColumns(shown: RosterColumn[], sort: RosterSort, tags: TagRow[], t: TFunction): ColumnType<RosterRow>[] {
  // The first column (and the selection boxes before it) stays while the rest scroll sideways.
  return shown.map((key, i) => {
    const sortKey = SORT_OF[key];
    const col: ColumnType<RosterRow> = {
      key,
      title: t(`roster.col_${key}`),
      width: WIDTH[key] ?? 100,
      fixed: i === 0 ? 'left' : undefined,
      ellipsis: true,
      sorter: !!sortKey,
      // Age up is birth date down: the birth-date header shows the order it actually has.
      sortOrder: sortKey && sortKey === sort.key ? ((key === 'birthDate' ? sort.dir === 'desc' : sort.dir === 'asc') ? 'ascend' : 'descend') : null,
      render: (_: unknown, r: RosterRow) => {
        switch (key) {
          case 'gender':
            return r.gender ? t(`roster.${r.gender}`) : '';
          case 'residentType':
            return label(RESIDENT_TYPE_LABELS, r.residentType);
          case 'tags':
            return <TagChips tagIds={r.tagIds} tags={tags} />;
          case 'age':
            return r.age ?? '';
          case 'status':
            return r.status === 'active' ? t('life.status_active') : `${t(`life.status_${r.status}`)}${r.statusOn ? ` ${r.statusOn}` : ''}`;
          default:
            return (r as Record<string, unknown>)[key] as string | null;
        }
      },
    };
    return col;
  });
}

/** The column header's sort → the roster's sort (a click on 出生日期 ascending is age descending). */
export function sortFromHeader(key: RosterColumn | undefined, order: 'ascend' | 'descend' | null | undefined): RosterSort {
  const sortKey = key ? SORT_OF[key] : undefined;
  if (!sortKey || !order) return { key: 'address', dir: 'asc' };
  const asc = order === 'ascend';
  return { key: sortKey, dir: key === 'birthDate' ? (asc ? 'desc' : 'asc') : asc ? 'asc' : 'desc' };
}

/** 显示列: a checkbox per column; the choice is saved for the user in the archive. */
export function ColumnChooser({
  value,
  sensitive,
  onChange,
  t,
}: {
  value: RosterColumn[];
  sensitive: boolean;
  onChange: (c: RosterColumn[]) => void;
  t: TFunction;
}) {
  const all = ROSTER_COLUMNS.filter((c) => sensitive || !SENSITIVE_COLUMNS.includes(c));
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      content={
        <Checkbox.Group
          value={value}
          onChange={(v) => v.length && onChange(all.filter((c) => (v as string[]).includes(c)))}
          data-testid="roster-column-chooser"
        >
          <Space direction="vertical" size={2}>
            {all.map((c) => (
              <Checkbox key={c} value={c} data-testid={`roster-column-${c}`}>
                {t(`roster.col_${c}`)}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      }
    >
      <Button icon={<SettingOutlined />} data-testid="roster-columns">
        {t('roster.columns')}
      </Button>
    </Popover>
  );
}
