import { App, Badge, Button, Card, Col, Row, Space, Switch, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdRow, RegisterFilters } from '../../../../shared/contract/register.contract';
import { structureIndex } from '../../../../shared/domain/structure-index';
import { isAllowed } from '../../../../shared/permissions';
import { OnceOpened } from '../../components/OnceOpened';
import { api } from '../../lib/api';
import { useStructure, useTags } from '../../lib/register-data';
import { useSession } from '../../lib/session-context';
import { LookupApprovals } from '../lookups/LookupApprovals';
import { MyLookups } from '../lookups/MyLookups';
import { HouseholdDrawer } from './HouseholdDrawer';
import { HouseholdForm } from './HouseholdForm';
import { HouseholdsTable } from './HouseholdsTable';
import { ReviewList } from './ReviewList';
import { askRosterEarly, RosterPanel } from './RosterPanel';
import { StructurePanel, type NodeSel } from './StructurePanel';

/** 住户: community structure on the left, the selected node's households on the right; 花名册 beside them; 待审核 for keepers. */
export function ResidentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const role = useSession().status.session?.role;
  const canWrite = isAllowed(role, 'register.write');
  const canReview = isAllowed(role, 'review.approve');
  // 查阅须经授权: keepers decide look-up requests here; clerks follow their own.
  const canDecide = isAllowed(role, 'lookups.decide');
  const canRequest = isAllowed(role, 'lookups.request');
  const [pendingLookups, setPendingLookups] = useState(0);
  useEffect(() => {
    if (canDecide) void api.lookups.pending({}).then((r) => r.ok && setPendingLookups(r.value.length));
  }, [canDecide]);
  const { tree, loaded: treeLoaded, reload } = useStructure();
  const { tags } = useTags();
  const [sel, setSel] = useState<NodeSel>({ level: 'all' });
  const [version, setVersion] = useState(0);
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<HouseholdRow | null>(null);
  const [opened, setOpened] = useState<HouseholdRow | null>(null);
  const bump = () => setVersion((v) => v + 1);

  // Households closed by 合户 are listed only on request.
  const [showMerged, setShowMerged] = useState(false);
  const filter = useMemo<RegisterFilters>(
    () => ({ ...(sel.level === 'all' ? {} : { [`${sel.level}Id`]: sel.id }), ...(showMerged ? { status: 'all' } : {}) }),
    [sel, showMerged],
  );
  const ix = useMemo(() => structureIndex(tree), [tree]);
  const selName =
    sel.level === 'grid'
      ? ix.grid(sel.id)?.name
      : sel.level === 'building'
        ? ix.building(sel.id)?.name
        : sel.level === 'unit'
          ? ix.unit(sel.id)?.name
          : t('register.allHouseholds');

  const households = (
    <Row gutter={16} wrap={false}>
      <Col flex="300px">
        <Card size="small" title={t('register.structure')}>
          <StructurePanel tree={tree} loaded={treeLoaded} reload={reload} selected={sel} onSelect={setSel} canWrite={canWrite} />
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Card
          size="small"
          title={<Typography.Text data-testid="selected-node">{selName}</Typography.Text>}
          extra={
            <Space>
              <Space size={4}>
                <Switch size="small" checked={showMerged} onChange={setShowMerged} data-testid="show-merged" />
                {t('life.showMerged')}
              </Space>
              {canWrite && (
                <Button
                  type="primary"
                  data-testid="add-household"
                  disabled={!tree.units.length}
                  onClick={() => {
                    setEditing(null);
                    setFormOpen(true);
                  }}
                >
                  {t('register.addHousehold')}
                </Button>
              )}
            </Space>
          }
        >
          <HouseholdsTable
            filter={filter}
            tags={tags}
            version={version}
            canWrite={canWrite}
            onEdit={(h) => {
              setEditing(h);
              setFormOpen(true);
            }}
            onOpen={setOpened}
          />
        </Card>
      </Col>
    </Row>
  );

  return (
    <>
      <Tabs
        items={[
          { key: 'households', label: t('register.households'), children: households },
          {
            key: 'roster',
            label: <span data-testid="roster-tab">{t('roster.tab')}</span>,
            children: <RosterPanel tree={tree} tags={tags} version={version} onChanged={bump} />,
          },
          ...(canReview ? [{ key: 'review', label: t('register.review'), children: <ReviewList onChanged={bump} /> }] : []),
          ...(canDecide
            ? [
                {
                  key: 'lookups',
                  label: (
                    <Badge count={pendingLookups} size="small" offset={[8, -2]} data-testid="lookup-approvals-badge">
                      <span data-testid="lookup-approvals-tab">{t('lookups.approvals')}</span>
                    </Badge>
                  ),
                  children: <LookupApprovals onChanged={setPendingLookups} />,
                },
              ]
            : []),
          ...(canRequest && !canDecide
            ? [{ key: 'myLookups', label: <span data-testid="my-lookups-tab">{t('lookups.mine')}</span>, children: <MyLookups /> }]
            : []),
        ]}
        destroyOnHidden
        onChange={(k) => k === 'roster' && askRosterEarly()}
      />
      <OnceOpened open={formOpen}>
        <HouseholdForm
          open={formOpen}
          household={editing}
          defaultUnitId={sel.level === 'unit' ? sel.id : undefined}
          tree={tree}
          tags={tags}
          onClose={() => setFormOpen(false)}
          onSaved={(pending) => {
            setFormOpen(false);
            void message.success(pending ? t('register.submittedForReview') : t('register.saved'));
            bump();
          }}
        />
      </OnceOpened>
      <HouseholdDrawer household={opened} tags={tags} canWrite={canWrite} onClose={() => setOpened(null)} onChanged={bump} />
    </>
  );
}
