/** Tiny timing helpers for `npm run bench`: percentiles over repeated runs, printed as a table. */
export async function timeIt(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<{ p50: number; p95: number; mean: number }> {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    await fn(i);
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  const pct = (p: number) => t[Math.min(t.length - 1, Math.floor((p / 100) * t.length))];
  return { p50: pct(50), p95: pct(95), mean: t.reduce((a, b) => a + b, 0) / t.length };
}

export interface BenchLine {
  name: string;
  value: string;
  baseline?: string;
  ratio?: string;
  goal?: string;
  pass?: boolean;
}

export function printLines(title: string, lines: BenchLine[]): void {
  console.log(`\n## ${title}`);
  for (const l of lines) {
    const parts = [l.name.padEnd(44), l.value.padStart(14)];
    if (l.baseline) parts.push(`baseline ${l.baseline}`);
    if (l.ratio) parts.push(`ratio ${l.ratio}`);
    if (l.goal) parts.push(`goal ${l.goal} ${l.pass === undefined ? '' : l.pass ? 'MET' : 'MISSED'}`);
    console.log(parts.join('  '));
  }
}
