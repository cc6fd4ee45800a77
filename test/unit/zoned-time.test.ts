import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedToEpoch } from '../../src/core/zoned-time.ts';

const ZONES = [
  'UTC',
  'Europe/Budapest',
  'America/New_York',
  'America/St_Johns', // transitions at :30 UTC
  'Australia/Lord_Howe', // a 30-minute daylight-saving shift
  'Asia/Kathmandu', // +05:45
  'Pacific/Chatham', // +12:45 / +13:45
  'Pacific/Apia', // skipped a whole day in 2011
];

const tzDate = (
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  zone: string,
) => new TZDate(y, mo - 1, d, h, mi, s, ms, zone).getTime();

describe('zonedToEpoch', () => {
  it('agrees with TZDate on any time in any zone, including around transitions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1970, max: 2040 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 999 }),
        (zone, y, mo, d, h, mi, s, ms) => {
          expect(zonedToEpoch(y, mo, d, h, mi, s, ms, zone)).toBe(
            tzDate(y, mo, d, h, mi, s, ms, zone),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  // Every minute of the days that hold a transition: gaps, folds and half-hour shifts.
  const transitionDays: Array<[string, number, number, number]> = [
    ['Europe/Budapest', 2026, 3, 29],
    ['Europe/Budapest', 2026, 10, 25],
    ['America/New_York', 2026, 3, 8],
    ['America/New_York', 2026, 11, 1],
    ['America/St_Johns', 2026, 3, 8],
    ['Australia/Lord_Howe', 2026, 4, 5],
    ['Australia/Lord_Howe', 2026, 10, 4],
    ['Pacific/Chatham', 2026, 4, 5],
  ];
  for (const [zone, y, mo, d] of transitionDays) {
    it(`agrees with TZDate on every minute of ${y}-${mo}-${d} in ${zone}`, () => {
      for (let h = 0; h < 24; h++) {
        for (let mi = 0; mi < 60; mi++) {
          expect(zonedToEpoch(y, mo, d, h, mi, 30, 250, zone)).toBe(
            tzDate(y, mo, d, h, mi, 30, 250, zone),
          );
        }
      }
    });
  }

  it('gives NaN for a zone that does not exist, like TZDate', () => {
    expect(zonedToEpoch(2026, 1, 1, 0, 0, 0, 0, 'Nowhere/Special')).toBeNaN();
  });
});
