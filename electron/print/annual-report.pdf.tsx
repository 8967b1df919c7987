/** @jsxRuntime automatic @jsxImportSource react */
// ^ tsx (CLI, web host) reads the root tsconfig.json, which sets no jsx: without the pragma it
//   would emit React.createElement with no React in scope.
/**
 * 年度统计报表 as the 街道 receives it: one Chinese document, a table per subject (居民, 年龄段,
 * 住户, 档案, 借阅, 查阅, 鉴定与销毁) with its totals row, the counting rules under each table,
 * and 填报/审核 signature lines. The tables come from shared/domain/annual-report, as in the XLSX.
 */
import type { ReactElement } from 'react';
import { annualTables, type AnnualReportData, type Cell, type ReportTable } from '../../shared/domain/annual-report';
import { Document, Page, PageNumber, PdfTable, RunningHead, SignBox, Text, View, base, styles, type Column, PT_PER_MM } from './destruction-register.pdf';
import { loadReactPdf, prepareForPdf } from './react-pdf-fonts';

const s = styles({
  heading: { fontSize: 11, lineHeight: 1.4, marginTop: 10, marginBottom: 4 },
  note: { fontSize: 8, lineHeight: 1.4, color: '#333', marginTop: 3 },
  intro: { fontSize: 9, lineHeight: 1.5, marginBottom: 4 },
});

// A4 portrait minus 24 mm of side margins.
const USABLE = 595.28 - 24 * PT_PER_MM;

function columnsOf(t: ReportTable): Column<Cell[]>[] {
  const first = t.head.length === 2 ? USABLE * 0.6 : t.head.length > 6 ? 78 : 110;
  const rest = (USABLE - first) / (t.head.length - 1);
  return t.head.map((title, i) => ({
    title,
    width: i === 0 ? first : rest,
    align: i === 0 ? 'left' : 'right',
    cell: (r: Cell[]) => String(r[i] ?? ''),
  }));
}

function ReportDocument({ d, tables, fontFamily }: { d: AnnualReportData; tables: ReportTable[]; fontFamily: string[] }): ReactElement {
  const title = `${d.communityName} ${d.year} 年度档案工作统计报表`;
  return (
    <Document title={title} author={d.communityName} creator="Archive Room 档案室" producer="Archive Room 档案室" creationDate={new Date(0)}>
      <Page size="A4" style={[base.page, { fontFamily }]} wrap>
        <RunningHead left={title} right={`打印 ${d.printedAt}`} />
        <Text style={base.title}>{title}</Text>
        <Text style={base.subtitle}>{`统计期间：${d.year}年1月1日至${d.year}年12月31日（时区 ${d.timeZone}）`}</Text>
        {tables.map((t) => (
          <View key={t.id}>
            <Text style={s.heading} minPresenceAhead={40}>
              {t.title.zh}
            </Text>
            <PdfTable columns={columnsOf(t)} rows={t.total ? [...t.rows, t.total] : t.rows} fontSize={8} />
            {t.note ? <Text style={s.note}>{t.note}</Text> : null}
          </View>
        ))}
        <View style={base.signRow} wrap={false}>
          <SignBox role="填报人" />
          <SignBox role="审核人" />
          <SignBox role="单位负责人" />
        </View>
        <PageNumber />
      </Page>
    </Document>
  );
}

/** Renders the report; the tables are returned too, so callers show the same figures. */
export async function annualReportPdf(d: AnnualReportData): Promise<Buffer> {
  const pdf = await loadReactPdf();
  const p = await prepareForPdf(d);
  return pdf.renderToBuffer(<ReportDocument d={p.data} tables={annualTables(p.data)} fontFamily={p.fontFamily} />);
}
