/**
 * 载体 follows what the archive holds: a paper file that gains a scanned attachment is 纸质+电子
 * (domain.md: "paper, electronic, or both"). A carrier a keeper chose by hand stays as chosen.
 */
export type CarrierCode = 'paper' | 'electronic' | 'both';

export function carrierAfterAttachment(carrier: string, byHand: boolean): string {
  if (byHand) return carrier;
  return carrier === 'paper' ? 'both' : carrier;
}

/** On an edit: a changed 载体 is a choice by hand; an unchanged one keeps whatever was decided before. */
export function carrierSetByHand(before: { carrier: string; byHand: boolean }, nextCarrier: string): boolean {
  return before.byHand || before.carrier !== nextCarrier;
}
