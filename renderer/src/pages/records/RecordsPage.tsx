import { Button, Card, Cascader, Select, Space, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordRow, SearchHit } from '../../../../shared/contract/register.contract';
import { RECORD_STATUS_LABELS, RESIDENT_CLASS_LABELS } from '../../../../shared/domain/archive-types';
import { structureIndex } from '../../../../shared/domain/structure-index';
import { isAllowed } from '../../../../shared/permissions';
import { CategoryTreeSelect } from '../../components/CategoryTreeSelect';
import { options, useCategories, useStructure, useTags } from '../../lib/register-data';
import { useSession } from '../../lib/session-context';
import { ResidentDetailView } from '../residents/ResidentDetailView';
import { TagSelect } from '../residents/TagSelect';
import { RecordDrawer } from './RecordDrawer';
import { RecordForm } from './RecordForm';
import { RecordsTable, type RecordFilters } from './RecordsTable';
import { SearchBox } from './SearchBox';
import { useAreaChanges } from '../../lib/live-areas';

/** 档案: the search box (and barcode scanner), filters, the records table, the record drawer. */
export function RecordsPage() {
  const { t } = useTranslation();
  const role = useSession().status.session?.role;
  const canWrite = isAllowed(role, 'register.write');
  const { tree } = useStructure();
  const { tags } = useTags();
  const { categories } = useCategories();
  const [place, setPlace] = useState<string[]>([]);
  const [tagId, setTagId] = useState<string>();
  const [contentCategory, setCategory] = useState<string>();
  const [residentClass, setResidentClass] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [link, setLink] = useState<SearchHit | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<RecordRow | null>(null);
  const [viewResident, setViewResident] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  // On an office server, records created, edited or lent at another PC show here without a reload.
  useAreaChanges(['records', 'lending', 'attachments', 'destruction', 'retention'], () => setVersion((v) => v + 1));

  const filters = useMemo<RecordFilters>(
    () => ({
      gridId: place.length === 1 ? place[0] : undefined,
      buildingId: place.length === 2 ? place[1] : undefined,
      tagId,
      contentCategory,
      residentClass,
      status,
      residentId: link?.kind === 'resident' ? link.id : undefined,
      householdId: link?.kind === 'household' ? link.id : undefined,
    }),
    [place, tagId, contentCategory, residentClass, status, link],
  );

  const placeOptions = useMemo(() => {
    const ix = structureIndex(tree);
    return tree.grids.map((g) => ({ value: g.id, label: g.name, children: ix.buildingsOf(g.id).map((b) => ({ value: b.id, label: b.name })) }));
  }, [tree]);

  return (
    <>
      <SearchBox onOpenRecord={setOpened} onPickHit={setLink} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 8 }}>
          <Cascader
            changeOnSelect
            allowClear
            options={placeOptions}
            value={place}
            onChange={(v) => setPlace((v ?? []) as string[])}
            placeholder={t('register.filterPlace')}
            style={{ width: 220 }}
          />
          <TagSelect single allowClear tags={tags} value={tagId} onChange={(v) => setTagId(v)} placeholder={t('register.filterTag')} style={{ width: 180 }} />
          <CategoryTreeSelect
            mode="filter"
            allowClear
            categories={categories}
            value={contentCategory}
            onChange={setCategory}
            placeholder={t('register.f_contentCategory')}
            style={{ width: 160 }}
            testId="filter-category"
          />
          <Select
            allowClear
            value={residentClass}
            onChange={setResidentClass}
            options={options(RESIDENT_CLASS_LABELS)}
            placeholder={t('register.f_residentClass')}
            style={{ width: 170 }}
          />
          <Select
            allowClear
            value={status}
            onChange={setStatus}
            options={options(RECORD_STATUS_LABELS)}
            placeholder={t('register.f_status')}
            style={{ width: 120 }}
            data-testid="filter-status"
          />
          {link && (
            <Tag closable onClose={() => setLink(null)} color="blue" data-testid="link-filter">
              {t(`register.kind_${link.kind}`)}：{link.title}
              {link.kind === 'resident' && (
                <Button type="link" size="small" onClick={() => setViewResident(link.id)}>
                  {t('register.details')}
                </Button>
              )}
            </Tag>
          )}
          {canWrite && (
            <Button
              type="primary"
              onClick={() => {
                setEditing(null);
                setFormOpen(true);
              }}
              data-testid="add-record"
            >
              {t('register.addRecord')}
            </Button>
          )}
        </Space>
        <RecordsTable filters={filters} version={version} onOpen={setOpened} />
      </Card>
      <RecordDrawer
        recordId={opened}
        canWrite={canWrite}
        onClose={() => setOpened(null)}
        onChanged={() => setVersion((v) => v + 1)}
        onOpenResident={setViewResident}
        onOpenHousehold={(id, address) => setLink({ kind: 'household', id, title: address, subtitle: '', exact: true })}
        onEdit={(r) => {
          setEditing(r);
          setFormOpen(true);
        }}
      />
      <RecordForm
        open={formOpen}
        record={editing}
        onClose={() => setFormOpen(false)}
        onSaved={(r, opts) => {
          setVersion((v) => v + 1);
          if (opts?.again) return;
          setFormOpen(false);
          setOpened(null);
          setTimeout(() => setOpened(r.id), 0);
        }}
      />
      <ResidentDetailView residentId={viewResident} onClose={() => setViewResident(null)} />
    </>
  );
}
