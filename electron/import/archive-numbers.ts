import { formatArchiveNo, nextSequence, renderParts, type ArchiveNoValues } from '../../shared/domain/archive-number';

/**
 * Issues 档号 in memory for a bulk import: the same rule as RecordsService.nextNumber (highest
 * sequence under the rendered prefix + 1), but the existing numbers are read once and kept sorted,
 * so each prefix is a binary search instead of one LIKE query per record.
 */
export class ArchiveNumberIssuer {
  private readonly sorted: string[];
  private readonly next = new Map<string, number>();

  constructor(
    private readonly pattern: string,
    existing: string[],
  ) {
    this.sorted = [...existing].sort();
  }

  issue(values: ArchiveNoValues): string {
    const { prefix, suffix } = renderParts(this.pattern, values);
    const key = `${prefix}\u0000${suffix}`;
    let seq = this.next.get(key);
    if (seq === undefined) seq = nextSequence(this.pattern, values, this.withPrefix(prefix));
    this.next.set(key, seq + 1);
    return formatArchiveNo(this.pattern, values, seq);
  }

  private withPrefix(prefix: string): string[] {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i].startsWith(prefix); i++) out.push(this.sorted[i]);
    return out;
  }
}
