import { Alert, App, Button, Drawer, Space, Switch, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdRow, ResidentDetail, ResidentRow, TagRow } from '../../../../shared/contract/register.contract';
import { isAllowed } from '../../../../shared/permissions';
import { TagChips } from '../../components/TagChip';
import { api } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { useSession } from '../../lib/session-context';
import { LifeEventForm, type LifeEventTarget } from './LifeEventForm';
import { LifeEventTimeline } from './LifeEventTimeline';
import { ResidentDetailView } from './ResidentDetailView';
import { ResidentForm } from './ResidentForm';
import { LookupGate } from '../lookups/LookupGate';
import { useAreaChanges } from '../../lib/live-areas';

/** A household's residents: list, add/edit, set head, open full details (with purpose). */
export function HouseholdDrawer({
  household,
  tags,
  canWrite,
  onClose,
  onChanged,
}: {
  household: HouseholdRow | null;
  tags: TagRow[];
  canWrite: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canEvent = isAllowed(useSession().status.session?.role, 'lifeEvents.record');
  const [rows, setRows] = useState<ResidentRow[]>([]);
  // 显示已迁出/死亡: departed members stay linked to the household, shown on request.
  const [showDeparted, setShowDeparted] = useState(false);
  const [eventTarget, setEventTarget] = useState<LifeEventTarget | null>(null);
  const [eventVersion, setEventVersion] = useState(0);
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<ResidentDetail | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [headId, setHeadId] = useState<string | null>(null);
  // A clerk meets a discreet household shielded (members withheld by the server) until a look-up is approved.
  const [unlocked, setUnlocked] = useState(false);
  const shielded = !!household?.shielded && !unlocked;

  const load = useCallback(async () => {
    if (!household) return;
    const r = await api.residents.list({ householdId: household.id, status: showDeparted ? 'all' : undefined, offset: 0, limit: 1000 });
    if (r.ok) setRows(r.value.rows);
  }, [household, showDeparted]);
  useEffect(() => {
    setRows([]);
    setUnlocked(false);
    setHeadId(household?.headResidentId ?? null);
  }, [household]);
  useEffect(() => void load(), [load]);
  // Office server: what another PC changes here shows up without a reload.
  useAreaChanges(['households', 'residents', 'lifeEvents', 'roster', 'structure', 'tags', 'review', 'importer'], () => void load());

  const eventDone = (e: { after: Record<string, unknown> } | null) => {
    setEventTarget(null);
    setEventVersion((n) => n + 1);
    const after = e?.after.households as Record<string, { headResidentId: string | null }> | undefined;
    if (household && after?.[household.id]) setHeadId(after[household.id].headResidentId);
    void load();
    onChanged();
  };
  const active = rows.filter((r) => r.status === 'active');

  const edit = async (row: ResidentRow) => {
    const r = await api.residents.get({ id: row.id, purpose: t('register.purposeEdit') });
    if (!r.ok) return void message.error(errorText(r.error));
    setEditing(r.value);
    setFormOpen(true);
  };

  const makeHead = async (row: ResidentRow) => {
    if (!household) return;
    const r = await api.households.update({
      id: household.id,
      unitId: household.unitId,
      room: household.room,
      residenceType: household.residenceType as 'own',
      tagIds: household.tagIds,
      note: household.note,
      headResidentId: row.id,
    });
    if (!r.ok) return void message.error(errorText(r.error));
    setHeadId(row.id);
    onChanged();
  };

  return (
    <Drawer
      open={!!household}
      onClose={onClose}
      width={880}
      destroyOnHidden
      data-testid="household-drawer"
      title={
        household && (
          <Space wrap>
            {household.address}
            <TagChips tagIds={household.tagIds} tags={tags} />
          </Space>
        )
      }
      extra={
        canWrite && (
          <Space size={4}>
            {canEvent && household?.status === 'active' && !shielded && (
              <>
                <Button
                  data-testid="life-split"
                  disabled={active.length < 2}
                  onClick={() => household && setEventTarget({ kind: 'split', household, members: active })}
                >
                  {t('life.kind_split')}
                </Button>
                <Button data-testid="life-merge" onClick={() => household && setEventTarget({ kind: 'merge', household, members: active })}>
                  {t('life.kind_merge')}
                </Button>
              </>
            )}
            <Button
              type="primary"
              onClick={() => {
                setEditing(null);
                setFormOpen(true);
              }}
              data-testid="add-resident"
            >
              {t('register.addResident')}
            </Button>
          </Space>
        )
      }
    >
      {shielded && household && (
        <div data-testid="household-shielded">
          <Alert type="info" showIcon message={t('lookups.shieldedHousehold')} style={{ marginBottom: 12 }} />
          <LookupGate
            subject={`household:${household.id}`}
            purpose=""
            onOpen={() => {
              setUnlocked(true);
              void load();
              onChanged();
            }}
          />
        </div>
      )}
      {!shielded && (
        <Space style={{ marginBottom: 8 }}>
          <Switch size="small" checked={showDeparted} onChange={setShowDeparted} data-testid="show-departed" />
          {t('life.showDeparted')}
          {household?.status === 'merged' && <Tag color="purple">{t('life.status_merged')}</Tag>}
        </Space>
      )}
      {!shielded && (
        <Table<ResidentRow>
          rowKey="id"
          size="small"
          dataSource={rows}
          pagination={false}
          scroll={{ x: 960 }}
          data-testid="residents-table"
          columns={[
            {
              title: t('register.r_name'),
              dataIndex: 'name',
              width: 130,
              render: (n: string, r) => (
                <Space>
                  {n}
                  {r.id === headId && <Tag color="gold">{t('register.head')}</Tag>}
                  {r.status !== 'active' && (
                    <Tag color={r.status === 'dead' ? 'default' : 'orange'} data-testid="resident-row-status">
                      {t(`life.status_${r.status}`)}
                    </Tag>
                  )}
                </Space>
              ),
            },
            { title: t('register.r_gender'), dataIndex: 'gender', width: 60, render: (g: string | null) => (g ? t(`register.${g}`) : '—') },
            { title: t('register.r_birthDate'), dataIndex: 'birthDate', width: 110 },
            {
              title: t('register.r_citizenId'),
              dataIndex: 'citizenIdMasked',
              width: 180,
              render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? '—'}</span>,
            },
            { title: t('register.r_relationToHead'), dataIndex: 'relationToHead', width: 90 },
            { title: t('register.r_residentType'), dataIndex: 'residentType', width: 100, render: (v: string) => t(`register.rtype_${v}`) },
            {
              title: t('register.reviewStatus'),
              dataIndex: 'reviewStatus',
              width: 80,
              render: (s: string) => (s === 'approved' ? null : <Tag color="orange">{t(`register.review_${s}`, s)}</Tag>),
            },
            {
              // Pinned: the table is wider than the drawer, and the actions must not scroll out of sight.
              title: t('common.actions'),
              key: 'a',
              width: 210,
              fixed: 'right',
              render: (_, r) => (
                <Space size={4}>
                  <Button size="small" onClick={() => setViewing(r.id)} data-testid="view-resident">
                    {t('register.details')}
                  </Button>
                  {canWrite && (
                    <Button size="small" onClick={() => void edit(r)}>
                      {t('register.edit')}
                    </Button>
                  )}
                  {canEvent && r.id !== headId && r.status === 'active' && (
                    <Button size="small" onClick={() => setEventTarget({ kind: 'set_head', resident: { id: r.id, name: r.name, householdId: r.householdId } })}>
                      {t('register.makeHead')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      {household && (
        <ResidentForm
          open={formOpen}
          householdId={household.id}
          resident={editing}
          onClose={() => setFormOpen(false)}
          onSaved={(saved, opts) => {
            if (!opts?.again) setFormOpen(false);
            // The first resident entered as 户主 becomes the household head.
            if (saved && !headId && ['户主', 'head', 'Head'].includes(saved.relationToHead ?? '')) void makeHead(saved);
            void load();
            onChanged();
          }}
        />
      )}
      {household && !shielded && <LifeEventTimeline subject={`household:${household.id}`} version={eventVersion} />}
      <ResidentDetailView
        residentId={viewing}
        onClose={() => setViewing(null)}
        onChanged={() => {
          setEventVersion((n) => n + 1);
          void load();
          onChanged();
        }}
      />
      <LifeEventForm target={eventTarget} onClose={() => setEventTarget(null)} onDone={eventDone} />
    </Drawer>
  );
}
