/** @jsxRuntime automatic @jsxImportSource react */
// ^ tsx (CLI, web host) reads the root tsconfig.json, which sets no jsx: without the pragma it
//   would emit React.createElement with no React in scope.
/**
 * 销毁清册 (destruction register), domain.md "Destruction": a cover page with the totals and every
 * sign-off, then a multi-page table whose header row repeats on each page, "第 X 页 共 Y 页", and
 * signature blocks after the last row. The register is kept permanently, and its SHA-256 is
 * printed on the certificate, so the output depends only on the data passed in (no clock reads).
 *
 * The small table/footer primitives below are exported for the certificate and appraisal report.
 */
import type { Styles } from '@react-pdf/renderer';
import type { ReactElement, ReactNode } from 'react';
import { SENSITIVITY_LABELS } from '../../shared/domain/archive-types';
import {
  DESTRUCTION_METHOD_LABELS,
  destructionTotals,
  totalsText,
  type DestructionMethod,
  type DestructionRegisterData,
  type DestructionRegisterRow,
  type SignOff,
} from '../../shared/domain/destruction-types';
import { termLabel } from '../../shared/domain/retention';
import { loadReactPdf, prepareForPdf, type ReactPdf } from './react-pdf-fonts';

// react-pdf's primitives are element-type strings; naming them here lets the components use JSX
// without a run-time import of the package (see loadReactPdf for why that matters).
export const Document = 'DOCUMENT' as unknown as ReactPdf['Document'];
export const Page = 'PAGE' as unknown as ReactPdf['Page'];
export const View = 'VIEW' as unknown as ReactPdf['View'];
export const Text = 'TEXT' as unknown as ReactPdf['Text'];

/** StyleSheet.create is the identity; this keeps its typing without loading the package. */
export function styles<T extends Styles>(s: T): T {
  return s;
}

export const PT_PER_MM = 72 / 25.4;

export const base = styles({
  page: { paddingTop: 16 * PT_PER_MM, paddingBottom: 16 * PT_PER_MM, paddingHorizontal: 12 * PT_PER_MM, fontSize: 9 },
  // react-pdf turns a unitless lineHeight into points using the fontSize of the same style object
  // (12 if it has none), before inheritance. So every lineHeight sits beside its own fontSize, and
  // none is set on the page, where it would be inherited as a fixed height by bigger text.
  title: { fontSize: 18, lineHeight: 1.3, textAlign: 'center', marginBottom: 4 },
  subtitle: { fontSize: 10, lineHeight: 1.3, textAlign: 'center', color: '#444', marginBottom: 12 },
  running: {
    lineHeight: 1.2,
    position: 'absolute',
    top: 7 * PT_PER_MM,
    left: 12 * PT_PER_MM,
    right: 12 * PT_PER_MM,
    fontSize: 8,
    color: '#555',
    flexDirection: 'row',
    justifyContent: 'space-between',
  },
  footer: { position: 'absolute', bottom: 7 * PT_PER_MM, left: 0, right: 0, alignItems: 'center', fontSize: 8 },
  field: { flexDirection: 'row', borderBottomWidth: 0.5, borderColor: '#000', paddingVertical: 4 },
  label: { width: 120, color: '#222', fontSize: 9, lineHeight: 1.35 },
  value: { flex: 1, fontSize: 9, lineHeight: 1.35 },
  // Borders sit on rows, not on the table: a table split across pages stretches its last part
  // to the bottom margin, and a border on it would draw a stray line down the empty space.
  table: {},
  headRow: { flexDirection: 'row', backgroundColor: '#e8e8e8', borderTopWidth: 0.75, borderLeftWidth: 0.75, borderColor: '#000' },
  row: { flexDirection: 'row', borderLeftWidth: 0.75, borderColor: '#000' },
  cell: { borderRightWidth: 0.75, borderBottomWidth: 0.75, borderColor: '#000', paddingVertical: 2, paddingHorizontal: 2.5, lineHeight: 1.35 },
  signRow: { flexDirection: 'row', flexWrap: 'wrap', marginTop: 16 },
  signCell: { flexGrow: 1, flexBasis: 0, minWidth: 150, paddingRight: 12, paddingBottom: 8, fontSize: 9, lineHeight: 1.35 },
  line: { borderBottomWidth: 0.75, borderColor: '#000', height: 22, marginBottom: 2 },
});

export interface Column<T> {
  title: string;
  width: number;
  align?: 'left' | 'center' | 'right';
  cell: (row: T, index: number) => string;
}

/** A bordered table; `fixed` on the header row makes react-pdf repeat it on every page it spans. */
export function PdfTable<T>({ columns, rows, fontSize = 8 }: { columns: Column<T>[]; rows: readonly T[]; fontSize?: number }): ReactElement {
  return (
    <View style={base.table}>
      <View style={base.headRow} fixed>
        {columns.map((c) => (
          <Text key={c.title} style={[base.cell, { width: c.width, fontSize, textAlign: 'center' }]}>
            {c.title}
          </Text>
        ))}
      </View>
      {rows.map((r, i) => (
        // wrap={false}: a row is never split across two pages
        <View key={i} style={base.row} wrap={false}>
          {columns.map((c) => (
            <Text key={c.title} style={[base.cell, { width: c.width, fontSize, textAlign: c.align ?? 'left' }]}>
              {c.cell(r, i)}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

/**
 * "第 X 页 共 Y 页", counted over the whole document. Quirks of react-pdf 4.9 found here: with a
 * registered font a render prop on <Text> prints nothing, and so does dynamic text that inherits
 * lineHeight from the page; a <View> render prop returning a <Text> with its own lineHeight works.
 * A single space beside CJK glyphs is too narrow for text extraction to see, so the words are
 * spaced by two (pdftotext then reads "第 1 页 共 3 页" as printed).
 */
export function PageNumber(): ReactElement {
  return (
    <View
      style={base.footer}
      fixed
      render={(p) => {
        // layout passes totalPages to every render prop; only <Text>'s typings declare it
        const { pageNumber, totalPages } = p as typeof p & { totalPages: number };
        return <Text style={{ fontSize: 8, lineHeight: 1.2 }}>{`第  ${pageNumber}  页  共  ${totalPages}  页`}</Text>;
      }}
    />
  );
}

export function RunningHead({ left, right }: { left: string; right: string }): ReactElement {
  return (
    <View style={base.running} fixed>
      <Text>{left}</Text>
      <Text>{right}</Text>
    </View>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }): ReactElement {
  return (
    <View style={base.field} wrap={false}>
      <Text style={base.label}>{label}</Text>
      <Text style={base.value}>{children}</Text>
    </View>
  );
}

/** A signature line with the printed name and date under it. */
export function SignBox({ role, who }: { role: string; who?: { name: string; date?: string } }): ReactElement {
  return (
    <View style={base.signCell} wrap={false}>
      <Text>{role}（签字）</Text>
      <View style={base.line} />
      <Text>
        {who?.name ?? ''}
        {'    '}日期：{who?.date ?? '____年__月__日'}
      </Text>
    </View>
  );
}

export function methodsText(methods: readonly DestructionMethod[]): string {
  return methods.map((m) => DESTRUCTION_METHOD_LABELS[m].zh).join('、');
}

/** Refuses to print a register or certificate that lacks its second witness. */
export function requireSupervisors(s: readonly SignOff[]): void {
  if (s.length < 2 || s.some((x) => !x.name.trim())) {
    throw new RangeError('销毁须至少两名监销人 / Destruction needs at least two supervisors');
  }
}

const columns: Column<DestructionRegisterRow>[] = [
  { title: '序号', width: 30, align: 'center', cell: (_r, i) => String(i + 1) },
  { title: '档号', width: 122, cell: (r) => r.archiveNo },
  { title: '题名', width: 168, cell: (r) => r.title },
  { title: '年度/起止日期', width: 82, align: 'center', cell: (r) => r.yearOrRange },
  { title: '保管期限', width: 50, align: 'center', cell: (r) => termLabel(r.term).zh },
  { title: '已保管年数', width: 46, align: 'center', cell: (r) => String(r.yearsKept) },
  { title: '页数/件数', width: 50, align: 'center', cell: (r) => `${r.pages}/${r.items}` },
  { title: '密级', width: 36, align: 'center', cell: (r) => SENSITIVITY_LABELS[r.sensitivity].zh },
  { title: '销毁原因', width: 118, cell: (r) => r.reason },
  { title: '备注', width: 0, cell: (r) => (r.unit === 'volume' ? `卷${r.remarks ? '；' + r.remarks : ''}` : (r.remarks ?? '')) },
];

function RegisterDocument({ d, fontFamily }: { d: DestructionRegisterData; fontFamily: string[] }): ReactElement {
  const t = destructionTotals(d.rows);
  // A4 landscape minus margins; 备注 takes what the other columns leave.
  const usable = 841.89 - 24 * PT_PER_MM;
  const cols = columns.map((c) => (c.width ? c : { ...c, width: usable - columns.reduce((s, x) => s + x.width, 0) }));
  const page = [base.page, { fontFamily }];
  const head = `${d.communityName} 档案销毁清册`;
  return (
    <Document
      title={`销毁清册 ${d.registerNo}`}
      author={d.communityName}
      creator="Archive Room 档案室"
      producer="Archive Room 档案室"
      creationDate={new Date(0)}
    >
      <Page size="A4" orientation="landscape" style={page}>
        <Text style={base.title}>{head}</Text>
        <Text style={base.subtitle}>Destruction register · 清册编号 {d.registerNo}</Text>
        <Field label="社区 Community">{d.communityName}</Field>
        <Field label="清册编号 Register no.">{d.registerNo}</Field>
        <Field label="销毁数量 Totals">{`${totalsText(t)}（${t.rows} 条）`}</Field>
        <Field label="鉴定负责人 Appraisal lead">{`${d.appraisalLead.name}    日期 ${d.appraisalLead.date}`}</Field>
        <Field label="批准人 Approver">{`${d.approval.name}    日期 ${d.approval.date}`}</Field>
        <Field label="批准意见 Opinion">{d.approval.opinion}</Field>
        {d.supervisors.map((s, i) => (
          <Field key={i} label={`监销人${i + 1} Supervisor`}>{`${s.name}    日期 ${s.date}`}</Field>
        ))}
        <Field label="销毁时间 Time">{d.execution.time}</Field>
        <Field label="销毁地点 Place">{d.execution.place}</Field>
        <Field label="销毁方式 Method">{methodsText(d.execution.methods)}</Field>
        <View style={base.signRow}>
          <SignBox role="鉴定负责人" who={d.appraisalLead} />
          <SignBox role="批准人" who={d.approval} />
          {d.supervisors.map((s, i) => (
            <SignBox key={i} role={`监销人${i + 1}`} who={s} />
          ))}
        </View>
        <PageNumber />
      </Page>
      <Page size="A4" orientation="landscape" style={page} wrap>
        <RunningHead left={`${head} · 清册编号 ${d.registerNo}`} right={`打印 ${d.printedAt}`} />
        <PdfTable columns={cols} rows={d.rows} />
        <View wrap={false}>
          <Text style={{ marginTop: 6 }}>{`本清册${totalsText(t)}（${t.rows} 条），销毁方式：${methodsText(d.execution.methods)}。`}</Text>
          <View style={base.signRow}>
            <SignBox role="制表（鉴定负责人）" who={d.appraisalLead} />
            <SignBox role="批准人" who={d.approval} />
            {d.supervisors.map((s, i) => (
              <SignBox key={i} role={`监销人${i + 1}`} who={s} />
            ))}
          </View>
        </View>
        <PageNumber />
      </Page>
    </Document>
  );
}

/** Renders the register to PDF bytes. */
export async function destructionRegisterPdf(d: DestructionRegisterData): Promise<Buffer> {
  requireSupervisors(d.supervisors);
  const pdf = await loadReactPdf();
  const p = await prepareForPdf(d);
  return pdf.renderToBuffer(<RegisterDocument d={p.data} fontFamily={p.fontFamily} />);
}
