import { Col, Row, Tabs } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pdfBlobUrl } from '../../lib/pdf';
import { useStructure } from '../../lib/register-data';
import { AnnualReportPanel } from './AnnualReportPanel';
import { BoxTab } from './BoxTab';
import { BuildingTab } from './BuildingTab';
import { CalibrationTab } from './CalibrationTab';
import { CoversTab } from './CoversTab';
import { LabelsTab } from './LabelsTab';
import { PdfPane, type ShownPdf } from './PdfPane';
import { PrintOptionsPanel } from './PrintOptionsPanel';
import { usePrintOptions } from './print-options';
import type { PdfOut } from './use-direct-print';

/**
 * 打印: choose what (tabs), set paper / colour / calibration once (panel on the right), and every
 * result lands in the same in-app preview below with its page count and a print button.
 */
export function PrintingPage() {
  const { t } = useTranslation();
  const { tree, loaded } = useStructure();
  const [options, setOptions] = usePrintOptions();
  const [shown, setShown] = useState<ShownPdf | null>(null);
  const show = useCallback(
    (title: string, pdf: PdfOut) => setShown({ title, url: pdfBlobUrl(pdf.dataBase64), pages: pdf.pages, unprintable: pdf.unprintable ?? [] }),
    [],
  );
  const common = { options, onPdf: show };
  return (
    <Row gutter={16} data-testid="printing-page">
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Tabs
          data-testid="printing-tabs"
          items={[
            { key: 'covers', label: t('printing.tabCovers'), children: <CoversTab tree={tree} treeLoaded={loaded} {...common} /> },
            { key: 'building', label: t('printing.tabBuilding'), children: <BuildingTab tree={tree} {...common} /> },
            { key: 'box', label: t('printing.tabBox'), children: <BoxTab {...common} /> },
            { key: 'labels', label: t('printing.tabLabels'), children: <LabelsTab {...common} /> },
            { key: 'calibration', label: t('printing.tabCalibration'), children: <CalibrationTab {...common} /> },
            { key: 'annual', label: t('printing.tabAnnual'), children: <AnnualReportPanel onPdf={show} /> },
          ]}
        />
        <PdfPane pdf={shown} onClose={() => setShown(null)} />
      </Col>
      <Col flex="320px">
        <PrintOptionsPanel value={options} onChange={setOptions} />
      </Col>
    </Row>
  );
}
