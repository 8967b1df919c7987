import { DeleteOutlined, DownloadOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_ROSTER_COLUMNS,
  type RosterColumn,
  type RosterFilters,
  type RosterPrefs,
  type RosterRow,
  type RosterSort,
} from '../../../../shared/contract/roster.contract';
import type { StructureTree, TagRow } from '../../../../shared/contract/register.contract';
import { isAllowed } from '../../../../shared/permissions';
import { mayUseSensitiveFacts } from '../../../../shared/domain/roster-policy';
import { OnceOpened } from '../../components/OnceOpened';
import { api } from '../../lib/api';
import { askEarly, takeEarly } from '../../lib/ask-early';
import { errorText } from '../../lib/errors';
import { useKeysetList } from '../../lib/use-keyset-list';
import { useSession } from '../../lib/session-context';
import { BatchEditModal, RosterExportModal, SaveSearchModal } from './RosterDialogs';
import { RosterFilterBar } from './RosterFilterBar';
import { ColumnChooser, rosterColumns, SENSITIVE_COLUMNS, sortFromHeader } from './roster-columns';

type Cursor = (string | number | null)[];
const PAGE_SIZE = 100;
const FIRST_SORT: RosterSort = { key: 'address', dir: 'asc' };

const pageRequest = (filters: RosterFilters, sort: RosterSort, after?: Cursor) => ({ filters, sort, limit: PAGE_SIZE, ...(after ? { after } : {}) });

/** Asks for the whole roster's first page as the keeper opens the 花名册 tab (it opens unfiltered, in address order). */
export function askRosterEarly(): void {
  askEarly('roster.list', api.roster.list, pageRequest({}, FIRST_SORT));
}

/**
 * 花名册: residents across households, filtered and sorted on the Node side, paged by keyset: a
 * virtual table that asks for the next page as the keeper scrolls near the end of what is loaded
 * (no page numbers; at 1M residents the first page reads about 100 rows). Columns and saved searches belong to the
 * user and live in the archive, so they follow them to any computer.
 */
export function RosterPanel({ tree, tags, version, onChanged }: { tree: StructureTree; tags: TagRow[]; version: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const role = useSession().status.session?.role;
  const sensitive = mayUseSensitiveFacts(role);
  const canWrite = isAllowed(role, 'register.write');
  const canExport = isAllowed(role, 'data.export');
  const [prefs, setPrefs] = useState<RosterPrefs>({ columns: DEFAULT_ROSTER_COLUMNS, searches: [] });
  const [filters, setFilters] = useState<RosterFilters>({});
  const [sort, setSort] = useState<RosterSort>(FIRST_SORT);
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<'batch' | 'export' | 'save' | null>(null);
  const [searchName, setSearchName] = useState<string | undefined>();
  useEffect(() => void api.roster.prefs({}).then((r) => r.ok && setPrefs(r.value)), []);

  const fetchPage = useCallback(
    (after: Cursor | undefined) => {
      const req = pageRequest(filters, sort, after);
      return after ? api.roster.list(req) : takeEarly('roster.list', api.roster.list, req);
    },
    [filters, sort],
  );
  const { rows, total, capped, loading, error, onScroll } = useKeysetList(fetchPage, version);
  const shownTotal = capped ? `${total}+` : total;

  const search = (f: RosterFilters, s: RosterSort = sort) => {
    setFilters(f);
    setSort(s);
    setSelected([]);
  };
  const saveColumns = async (columns: RosterColumn[]) => {
    setPrefs((p) => ({ ...p, columns }));
    const r = await api.roster.saveColumns({ columns });
    if (!r.ok) void message.error(errorText(r.error));
  };
  const shownColumns = prefs.columns.filter((c) => sensitive || !SENSITIVE_COLUMNS.includes(c));
  const columns = rosterColumns(shownColumns, sort, tags, t);
  // A virtual table needs its width in pixels: the columns' own, plus the selection column.
  const tableWidth = columns.reduce((w, c) => w + Number(c.width ?? 100), canWrite ? 40 : 0);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small">
        <RosterFilterBar tree={tree} tags={tags} value={filters} sensitive={sensitive} onSearch={(f) => search(f)} />
      </Card>
      <Card
        size="small"
        title={
          <Space>
            <Typography.Text data-testid="roster-total" data-total={total} data-capped={capped}>
              {t('roster.total', { n: shownTotal })}
            </Typography.Text>
            {selected.length > 0 && <Tag data-testid="roster-selected">{t('roster.selected', { n: selected.length })}</Tag>}
            {error && (
              <Tag color="red" data-testid="roster-error">
                {error}
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space wrap>
            <Select
              allowClear
              style={{ width: 180 }}
              placeholder={t('roster.saved')}
              value={searchName}
              data-testid="roster-saved-searches"
              options={prefs.searches.map((s) => ({ value: s.name, label: s.name }))}
              onChange={(name?: string) => {
                setSearchName(name);
                const s = prefs.searches.find((x) => x.name === name);
                if (s) search(s.filters, s.sort ?? { key: 'address', dir: 'asc' });
              }}
            />
            <Tooltip title={t('roster.saveSearch')}>
              <Button icon={<SaveOutlined />} aria-label={t('roster.saveSearch')} onClick={() => setDialog('save')} data-testid="roster-save-search" />
            </Tooltip>
            {searchName && (
              <Tooltip title={t('roster.removeSearch')}>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t('roster.removeSearch')}
                  onClick={async () => {
                    const r = await api.roster.removeSearch({ name: searchName });
                    if (!r.ok) return void message.error(errorText(r.error));
                    setPrefs(r.value);
                    setSearchName(undefined);
                  }}
                />
              </Tooltip>
            )}
            <ColumnChooser value={shownColumns} sensitive={sensitive} onChange={(c) => void saveColumns(c)} t={t} />
            {canWrite && (
              <Button icon={<EditOutlined />} disabled={!selected.length} onClick={() => setDialog('batch')} data-testid="roster-batch">
                {t('roster.batchEdit')}
              </Button>
            )}
            {canExport && (
              <Button icon={<DownloadOutlined />} disabled={!total} onClick={() => setDialog('export')} data-testid="roster-export">
                {t('roster.export')}
              </Button>
            )}
          </Space>
        }
      >
        <Table<RosterRow>
          data-testid="roster-table"
          rowKey="id"
          size="small"
          virtual
          loading={loading && rows.length === 0}
          dataSource={rows}
          pagination={false}
          scroll={{ x: tableWidth, y: 520 }}
          onScroll={onScroll}
          columns={columns}
          rowSelection={canWrite ? { selectedRowKeys: selected, preserveSelectedRowKeys: true, onChange: (keys) => setSelected(keys.map(String)) } : undefined}
          onChange={(_p, _f, sorter) => {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<RosterRow>;
            search(filters, sortFromHeader(s.columnKey as RosterColumn | undefined, s.order));
          }}
        />
        <Typography.Text type="secondary" data-testid="roster-loaded" data-loaded={rows.length}>
          {t('roster.loaded', { n: rows.length, total: shownTotal })}
        </Typography.Text>
      </Card>
      <OnceOpened open={dialog === 'batch'}>
        <BatchEditModal
          open={dialog === 'batch'}
          residentIds={selected}
          tags={tags}
          grids={tree.grids}
          isAdmin={role === 'admin'}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setSelected([]);
            onChanged();
          }}
        />
      </OnceOpened>
      <OnceOpened open={dialog === 'export'}>
        <RosterExportModal open={dialog === 'export'} filters={filters} onClose={() => setDialog(null)} />
      </OnceOpened>
      <OnceOpened open={dialog === 'save'}>
        <SaveSearchModal
          open={dialog === 'save'}
          onClose={() => setDialog(null)}
          onSave={async (name) => {
            const r = await api.roster.saveSearch({ name, filters, sort });
            if (!r.ok) return errorText(r.error);
            setPrefs(r.value);
            setSearchName(name);
            setDialog(null);
            void message.success(t('roster.searchSaved'));
            return null;
          }}
        />
      </OnceOpened>
    </Space>
  );
}
