import { describe, expect, it } from 'vitest';
import { carrierAfterAttachment, carrierSetByHand } from '../../shared/domain/carrier';

describe('载体 follows attachments unless set by hand', () => {
  it.each([
    ['paper', false, 'both'],
    ['paper', true, 'paper'],
    ['both', false, 'both'],
    ['electronic', false, 'electronic'],
    ['electronic', true, 'electronic'],
  ])('%s (by hand: %s) + a file → %s', (carrier, byHand, want) => {
    expect(carrierAfterAttachment(carrier, byHand)).toBe(want);
  });

  it.each([
    [{ carrier: 'paper', byHand: false }, 'paper', false],
    [{ carrier: 'both', byHand: false }, 'paper', true],
    [{ carrier: 'paper', byHand: true }, 'paper', true],
    [{ carrier: 'paper', byHand: false }, 'electronic', true],
  ])('edit %j to %s → by hand %s', (before, next, want) => {
    expect(carrierSetByHand(before, next)).toBe(want);
  });
});
