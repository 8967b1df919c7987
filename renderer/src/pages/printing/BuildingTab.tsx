import { PrinterOutlined } from '@ant-design/icons';
import { Button, Form, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StructureTree } from '../../../../shared/contract/register.contract';
import { api } from '../../lib/api';
import { toRequest, type OptionsState } from './print-options';
import { PrintError } from './PrintError';
import { useDirectPrint, type PdfOut } from './use-direct-print';

/** 楼栋封皮: one building's households with tag chips and the legend. */
export function BuildingTab({ tree, options, onPdf }: { tree: StructureTree; options: OptionsState; onPdf: (title: string, pdf: PdfOut) => void }) {
  const { t } = useTranslation();
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const { busy, failure, run } = useDirectPrint(onPdf);
  const gridName = new Map(tree.grids.map((g) => [g.id, g.name]));
  return (
    <Form layout="inline">
      <Form.Item label={t('printing.building')} htmlFor="print_building">
        <Select
          id="print_building"
          style={{ width: 280 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={buildingId ?? undefined}
          onChange={setBuildingId}
          placeholder={t('printing.pickBuilding')}
          data-testid="building-select"
          options={tree.buildings.map((b) => ({ value: b.id, label: `${gridName.get(b.gridId) ?? ''} ${b.name}` }))}
        />
      </Form.Item>
      <Button
        type="primary"
        icon={<PrinterOutlined />}
        disabled={!buildingId}
        loading={busy}
        data-testid="building-print"
        onClick={() => buildingId && void run(t('printing.tabBuilding'), () => api.print.buildingCover({ buildingId, options: toRequest(options) }))}
      >
        {t('printing.printBuilding')}
      </Button>
      <div style={{ width: '100%' }}>
        <PrintError failure={failure} />
      </div>
    </Form>
  );
}
