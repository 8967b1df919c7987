import { formatArchiveNo, nextSequence, renderParts, type ArchiveNoValues } from '../../shared/domain/archive-number';

/**
 * Issues 档号 in memory for a bulk import: the same rule as RecordsService.nextNumber (highest
 * sequence under the rendered prefix + 1). The numbers already under a prefix are read once, when
 * the prefix is first needed (`prepare`, once per batch for the prefixes the batch brings: one
 * indexed range each, not the whole table), and only the next sequence per prefix is kept.
 */
export class ArchiveNumberIssuer {
  private readonly next = new Map<string, number>();
  /** Numbers under the prefixes of the batch in hand, until their first number is issued. */
  private existing = new Map<string, string[]>();

  constructor(
    private readonly pattern: string,
    /** The archive's numbers that start with any of the prefixes. */
    private readonly under: (prefixes: string[]) => Promise<string[]>,
  ) {}

  /** Reads what the numbers to be issued for `values` need (call before issuing them). */
  async prepare(values: ArchiveNoValues[]): Promise<void> {
    const prefixes = new Set<string>();
    for (const v of values) {
      const { prefix, suffix } = renderParts(this.pattern, v);
      if (!this.next.has(`${prefix}\u0000${suffix}`)) prefixes.add(prefix);
    }
    this.existing = new Map([...prefixes].map((p) => [p, []]));
    if (!prefixes.size) return;
    const lengths = [...new Set([...prefixes].map((p) => p.length))];
    for (const no of await this.under([...prefixes])) {
      // A number is under every prefix it starts with (one prefix may start another).
      for (const n of lengths) this.existing.get(no.slice(0, n))?.push(no);
    }
  }

  issue(values: ArchiveNoValues): string {
    const { prefix, suffix } = renderParts(this.pattern, values);
    const key = `${prefix}\u0000${suffix}`;
    let seq = this.next.get(key);
    if (seq === undefined) {
      const under = this.existing.get(prefix);
      if (!under) throw new Error('ArchiveNumberIssuer: prepare() the values before issuing');
      seq = nextSequence(this.pattern, values, under);
    }
    this.next.set(key, seq + 1);
    return formatArchiveNo(this.pattern, values, seq);
  }
}
