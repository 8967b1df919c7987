/** @jsxRuntime automatic @jsxImportSource react */
// ^ tsx (CLI, web host) reads the root tsconfig.json, which sets no jsx: without the pragma it
//   would emit React.createElement with no React in scope.
/**
 * 销毁证明 (destruction certificate), domain.md "Destruction": register number, a statement with
 * the totals, supervisors, method, the destroyed electronic files (SHA-256) and key IDs, and the
 * SHA-256 of the register PDF, so anyone holding the paper certificate can later check that a
 * register file is the one that was approved and executed.
 */
import type { ReactElement } from 'react';
import { CARRIER_LABELS } from '../../shared/domain/archive-types';
import { totalsAddUp, totalsText, type DestroyedFile, type DestroyedRecord, type DestructionCertificateData } from '../../shared/domain/destruction-types';
import {
  Document,
  Field,
  Page,
  PageNumber,
  PdfTable,
  RunningHead,
  SignBox,
  Text,
  View,
  base,
  methodsText,
  requireSupervisors,
  styles,
  type Column,
} from './destruction-register.pdf';
import { loadReactPdf, prepareForPdf } from './react-pdf-fonts';

const HEX64 = /^[0-9a-f]{64}$/;

const s = styles({
  statement: { fontSize: 11, lineHeight: 1.7, marginVertical: 10 },
  heading: { fontSize: 11, lineHeight: 1.4, marginTop: 12, marginBottom: 4 },
  hashBox: { borderWidth: 1, borderColor: '#000', padding: 6, marginTop: 4 },
  hash: { fontSize: 9.5, lineHeight: 1.3, letterSpacing: 0.3 },
  note: { fontSize: 8, lineHeight: 1.4, color: '#444', marginTop: 4 },
});

// Portrait A4 minus 24 mm of margins; the hash column is wide enough for 64 hex digits unbroken.
const fileColumns: Column<DestroyedFile>[] = [
  { title: '序号', width: 26, align: 'center', cell: (_f, i) => String(i + 1) },
  { title: '档号', width: 108, cell: (f) => f.archiveNo },
  { title: '文件名', width: 96, cell: (f) => f.fileName },
  { title: '文件 SHA-256 / 已销毁密钥 ID', width: 297.6, cell: (f) => `${f.sha256}\n密钥 ${f.keyId}` },
];

// Every destroyed record, paper-only ones included, so the certificate alone names each 档号.
const recordColumns: Column<DestroyedRecord>[] = [
  { title: '序号', width: 26, align: 'center', cell: (_r, i) => String(i + 1) },
  { title: '档号', width: 120, cell: (r) => r.archiveNo },
  { title: '题名', width: 201.6, cell: (r) => r.title },
  { title: '载体', width: 50, align: 'center', cell: (r) => CARRIER_LABELS[r.carrier].zh },
  { title: '卷/件', width: 45, align: 'center', cell: (r) => (r.unit === 'volume' ? `1卷${r.items}件` : `${r.items}件`) },
  { title: '页数', width: 40, align: 'center', cell: (r) => String(r.pages) },
  { title: '电子文件', width: 45, align: 'center', cell: (r) => String(r.files) },
];

function statement(d: DestructionCertificateData): string {
  const electronic = d.electronic.length ? `，其中电子文件 ${d.electronic.length} 个已删除，其加密密钥已销毁、不可恢复` : '';
  return (
    `根据经批准的档案销毁清册（编号 ${d.registerNo}），${d.communityName}于 ${d.execution.time} 在${d.execution.place}，` +
    `以${methodsText(d.execution.methods)}方式销毁档案${totalsText(d.totals)}（${d.totals.rows} 条）${electronic}。` +
    `销毁全过程由下列监销人现场监督。特此证明。`
  );
}

function CertificateDocument({ d, fontFamily }: { d: DestructionCertificateData; fontFamily: string[] }): ReactElement {
  return (
    <Document
      title={`销毁证明 ${d.registerNo}`}
      author={d.communityName}
      creator="Archive Room 档案室"
      producer="Archive Room 档案室"
      creationDate={new Date(0)}
    >
      <Page size="A4" style={[base.page, { fontFamily }]} wrap>
        <RunningHead left={`${d.communityName} · 销毁证明 · 清册编号 ${d.registerNo}`} right={`打印 ${d.printedAt}`} />
        <Text style={base.title}>档案销毁证明</Text>
        <Text style={base.subtitle}>Certificate of destruction · 清册编号 {d.registerNo}</Text>
        <Field label="社区 Community">{d.communityName}</Field>
        <Field label="清册编号 Register no.">{d.registerNo}</Field>
        <Field label="销毁数量 Totals">{`${totalsText(d.totals)}（${d.totals.rows} 条）`}</Field>
        <Field label="销毁时间 Time">{d.execution.time}</Field>
        <Field label="销毁地点 Place">{d.execution.place}</Field>
        <Field label="销毁方式 Method">{methodsText(d.execution.methods)}</Field>
        <Field label="批准人 Approver">{`${d.approval.name}    日期 ${d.approval.date}`}</Field>
        {d.supervisors.map((x, i) => (
          <Field key={i} label={`监销人${i + 1} Supervisor`}>{`${x.name}    日期 ${x.date}`}</Field>
        ))}
        <Text style={s.statement}>{statement(d)}</Text>

        <View>
          <Text style={s.heading}>{`销毁档案目录（${d.records.length} 条，${totalsText(d.totals)}）/ Records destroyed`}</Text>
          <PdfTable columns={recordColumns} rows={d.records} fontSize={7.5} />
        </View>

        <View wrap={false}>
          <Text style={s.heading}>销毁清册 PDF 的 SHA-256 校验值 / SHA-256 of the register PDF</Text>
          <View style={s.hashBox}>
            <Text style={s.hash}>{d.registerSha256}</Text>
          </View>
          <Text style={s.note}>
            核对方法：对存档的销毁清册 PDF 文件计算 SHA-256，与上列数值逐位比对，一致即为本证明所指清册。To check a register file, compute its SHA-256 and
            compare it with the value above.
          </Text>
        </View>

        {d.electronic.length > 0 && (
          <View>
            <Text style={s.heading}>{`已销毁的电子文件及密钥（${d.electronic.length} 个）/ Electronic files and keys destroyed`}</Text>
            <PdfTable columns={fileColumns} rows={d.electronic} fontSize={7.5} />
          </View>
        )}

        <View style={base.signRow} wrap={false}>
          <SignBox role="批准人" who={d.approval} />
          {d.supervisors.map((x, i) => (
            <SignBox key={i} role={`监销人${i + 1}`} who={x} />
          ))}
        </View>
        <PageNumber />
      </Page>
    </Document>
  );
}

/** Renders the certificate; refuses a malformed register hash rather than print a useless one. */
export async function destructionCertificatePdf(d: DestructionCertificateData): Promise<Buffer> {
  requireSupervisors(d.supervisors);
  const bad = [d.registerSha256, ...d.electronic.map((f) => f.sha256)].find((h) => !HEX64.test(h));
  if (bad !== undefined) throw new RangeError(`SHA-256 须为 64 位小写十六进制 / SHA-256 must be 64 lower-case hex digits: ${bad}`);
  if (!totalsAddUp(d.records, d.totals)) throw new RangeError('所列档案与合计不符 / The listed records do not add up to the totals');
  const listed = new Set(d.records.map((r) => r.archiveNo));
  const stray = d.electronic.find((f) => !listed.has(f.archiveNo));
  if (stray) throw new RangeError(`电子文件所属档案 ${stray.archiveNo} 不在所列档案中 / ${stray.archiveNo} has destroyed files but is not listed`);
  const pdf = await loadReactPdf();
  const p = await prepareForPdf(d);
  return pdf.renderToBuffer(<CertificateDocument d={p.data} fontFamily={p.fontFamily} />);
}
