import { Alert, Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterFilters } from '../../../../shared/contract/roster.contract';
import type { StructureTree, TagRow } from '../../../../shared/contract/register.contract';
import { RESIDENT_TYPE_LABELS } from '../../../../shared/domain/resident-types';
import { options } from '../../lib/register-data';
import { PlaceCascader } from './PlaceCascader';
import { TagSelect } from './TagSelect';

type Values = Omit<RosterFilters, 'gridId' | 'buildingId' | 'unitId'> & { place?: string[] };

/** Blank fields are "no filter": only set ones reach the server (and a saved search). */
export function toFilters(v: Values): RosterFilters {
  const { place, ...rest } = v;
  const f: Record<string, unknown> = { ...rest };
  if (place?.[0]) f.gridId = place[0];
  if (place?.[1]) f.buildingId = place[1];
  if (place?.[2]) f.unitId = place[2];
  return Object.fromEntries(
    Object.entries(f).filter(([, x]) => x !== undefined && x !== null && x !== '' && !(Array.isArray(x) && x.length === 0)),
  ) as RosterFilters;
}

function toValues(f: RosterFilters): Values {
  const { gridId, buildingId, unitId, ...rest } = f;
  return { ...rest, place: [gridId, buildingId, unitId].filter((x): x is string => !!x) };
}

/** 花名册 filters. 残疾 / 低保 / health appear only for roles that may filter on them (roster-policy.ts). */
export function RosterFilterBar({
  tree,
  tags,
  value,
  sensitive,
  onSearch,
}: {
  tree: StructureTree;
  tags: TagRow[];
  value: RosterFilters;
  sensitive: boolean;
  onSearch: (f: RosterFilters) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toValues(value));
  }, [value, form]);
  const yesNo = [
    { value: 'yes', label: t('roster.yes') },
    { value: 'no', label: t('roster.no') },
  ];
  return (
    <Form<Values> form={form} layout="inline" onFinish={(v) => onSearch(toFilters(v))} data-testid="roster-filters" style={{ rowGap: 8 }}>
      <Form.Item name="place" label={t('roster.place')}>
        <PlaceCascader tree={tree} placeholder={t('roster.any')} testId="roster-filter-place" />
      </Form.Item>
      <Form.Item name="ageMin" label={t('roster.ageMin')}>
        <InputNumber min={0} max={150} style={{ width: 80 }} data-testid="roster-filter-ageMin" />
      </Form.Item>
      <Form.Item name="ageMax" label={t('roster.ageMax')}>
        <InputNumber min={0} max={150} style={{ width: 80 }} data-testid="roster-filter-ageMax" />
      </Form.Item>
      <Form.Item name="gender" label={t('roster.gender')}>
        <Select
          allowClear
          style={{ width: 90 }}
          placeholder={t('roster.any')}
          options={[
            { value: 'male', label: t('roster.male') },
            { value: 'female', label: t('roster.female') },
          ]}
        />
      </Form.Item>
      <Form.Item name="residentTypes" label={t('roster.residentType')}>
        <Select mode="multiple" allowClear style={{ minWidth: 160 }} placeholder={t('roster.any')} options={options(RESIDENT_TYPE_LABELS)} />
      </Form.Item>
      <Form.Item name="tagIds" label={t('roster.tags')}>
        <TagSelect tags={tags} allowClear style={{ minWidth: 180 }} placeholder={t('roster.any')} testId="roster-filter-tags" />
      </Form.Item>
      <Form.Item name="partyMember" label={t('roster.partyMember')}>
        <Select allowClear style={{ width: 80 }} placeholder={t('roster.any')} options={yesNo} data-testid="roster-filter-party" />
      </Form.Item>
      {sensitive && (
        <>
          <Form.Item name="disabled" label={t('roster.disabled')}>
            <Select allowClear style={{ width: 80 }} placeholder={t('roster.any')} options={yesNo} />
          </Form.Item>
          <Form.Item name="subsistence" label={t('roster.subsistence')}>
            <Select allowClear style={{ width: 80 }} placeholder={t('roster.any')} options={yesNo} />
          </Form.Item>
          <Form.Item name="health" label={t('roster.health')}>
            <Input allowClear maxLength={40} style={{ width: 110 }} />
          </Form.Item>
        </>
      )}
      <Form.Item name="moveInFrom" label={t('roster.moveInFrom')}>
        <InputNumber min={1900} max={2200} style={{ width: 90 }} />
      </Form.Item>
      <Form.Item name="moveInTo" label={t('roster.moveInTo')}>
        <InputNumber min={1900} max={2200} style={{ width: 90 }} />
      </Form.Item>
      <Form.Item name="status" label={t('roster.status')}>
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('life.status_active')}
          data-testid="roster-filter-status"
          options={[
            { value: 'departed', label: t('roster.statusDeparted') },
            { value: 'moved_out', label: t('life.status_moved_out') },
            { value: 'dead', label: t('life.status_dead') },
            { value: 'all', label: t('roster.statusAll') },
          ]}
        />
      </Form.Item>
      <Form.Item name="name" label={t('roster.name')}>
        <Input allowClear maxLength={40} style={{ width: 110 }} data-testid="roster-filter-name" />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="roster-search">
            {t('roster.search')}
          </Button>
          <Button onClick={() => onSearch({})} data-testid="roster-reset">
            {t('roster.reset')}
          </Button>
        </Space>
      </Form.Item>
      {!sensitive && <Alert type="info" showIcon style={{ width: '100%' }} message={t('roster.sensitiveNote')} />}
    </Form>
  );
}
