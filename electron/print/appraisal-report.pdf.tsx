/** @jsxRuntime automatic @jsxImportSource react */
// ^ tsx (CLI, web host) reads the root tsconfig.json, which sets no jsx: without the pragma it
//   would emit React.createElement with no React in scope.
/**
 * 鉴定报告 (appraisal report) for one appraisal batch, domain.md "Retention": batch number,
 * purpose and scope, the appraisal group, a count per decision, and a per-item table whose header
 * repeats on every page. Decisions and retention terms are printed from the shared vocabulary so
 * the report and the screens always use the same words.
 */
import type { ReactElement } from 'react';
import type { AppraisalReportData, AppraisalReportItem } from '../../shared/domain/destruction-types';
import { APPRAISAL_DECISION_KINDS, APPRAISAL_DECISION_LABELS, decisionLabel, termLabel } from '../../shared/domain/retention';
import { Document, Field, Page, PageNumber, PdfTable, RunningHead, SignBox, Text, View, base, styles, type Column } from './destruction-register.pdf';
import { loadReactPdf, prepareForPdf } from './react-pdf-fonts';

const s = styles({
  para: { fontSize: 9, lineHeight: 1.5, marginTop: 8, marginBottom: 8 },
});

// A4 landscape minus 24 mm of margins: 773.9 pt.
const columns: Column<AppraisalReportItem>[] = [
  { title: '档号', width: 100, cell: (r) => r.archiveNo },
  { title: '题名', width: 114, cell: (r) => r.title },
  { title: '年度', width: 34, align: 'center', cell: (r) => r.year },
  { title: '原保管期限', width: 48, align: 'center', cell: (r) => termLabel(r.originalTerm).zh },
  { title: '起算日期', width: 56, align: 'center', cell: (r) => r.startDate ?? '待事件' },
  { title: '到期日期', width: 56, align: 'center', cell: (r) => r.dueDate ?? (r.originalTerm.cls === 'Y' ? '永久' : '待事件') },
  { title: '已保管年数', width: 48, align: 'center', cell: (r) => String(r.yearsKept) },
  { title: '鉴定意见', width: 62, align: 'center', cell: (r) => decisionLabel(r.decision).zh },
  { title: '理由', width: 114.9, cell: (r) => r.reason },
  { title: '鉴定人', width: 46, align: 'center', cell: (r) => r.appraiser },
  { title: '日期', width: 56, align: 'center', cell: (r) => r.date },
  { title: '复核人', width: 39, align: 'center', cell: (r) => r.reviewer ?? '' },
];

/** "继续保存 3 件，销毁 12 件 …" in the vocabulary's order, leaving out decisions not taken. */
export function decisionSummary(items: readonly AppraisalReportItem[]): string {
  return APPRAISAL_DECISION_KINDS.map((k) => [k, items.filter((i) => i.decision.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${APPRAISAL_DECISION_LABELS[k].zh} ${n} 件`)
    .join('，');
}

function ReportDocument({ d, fontFamily }: { d: AppraisalReportData; fontFamily: string[] }): ReactElement {
  const members = d.members.map((m) => (m.role ? `${m.name}（${m.role}）` : m.name)).join('、');
  return (
    <Document title={`鉴定报告 ${d.batchNo}`} author={d.communityName} creator="Archive Room 档案室" producer="Archive Room 档案室" creationDate={new Date(0)}>
      <Page size="A4" orientation="landscape" style={[base.page, { fontFamily }]} wrap>
        <RunningHead left={`${d.communityName} · 档案鉴定报告 · 批次 ${d.batchNo}`} right={`打印 ${d.printedAt}`} />
        <Text style={base.title}>{`${d.communityName} 档案鉴定报告`}</Text>
        <Text style={base.subtitle}>Appraisal report · 批次编号 {d.batchNo}</Text>
        <Field label="批次编号 Batch no.">{d.batchNo}</Field>
        <Field label="鉴定目的 Purpose">{d.purpose}</Field>
        <Field label="鉴定范围 Scope">{d.scope}</Field>
        <Field label="鉴定小组 Group">{members}</Field>
        <Field label="鉴定结果 Result">{`共鉴定 ${d.items.length} 件：${decisionSummary(d.items) || '无'}`}</Field>
        {d.conclusion ? <Text style={s.para}>{d.conclusion}</Text> : <View style={{ height: 8 }} />}
        <PdfTable columns={columns} rows={d.items} fontSize={7.5} />
        <View style={base.signRow} wrap={false}>
          <SignBox role="鉴定小组负责人" who={d.lead} />
          {d.members
            .filter((m) => m.name !== d.lead.name)
            .map((m, i) => (
              // members sign on the day they sign: the date is left to be written by hand
              <SignBox key={i} role="鉴定小组成员" who={{ name: m.name }} />
            ))}
        </View>
        <PageNumber />
      </Page>
    </Document>
  );
}

/** Renders the appraisal report for one batch. */
export async function appraisalReportPdf(d: AppraisalReportData): Promise<Buffer> {
  const pdf = await loadReactPdf();
  const p = await prepareForPdf(d);
  return pdf.renderToBuffer(<ReportDocument d={p.data} fontFamily={p.fontFamily} />);
}
