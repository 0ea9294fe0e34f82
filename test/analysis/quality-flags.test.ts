import { describe, expect, it } from 'vitest';
import { qualityFlag, SECONDS_PER_ITEM, STRAIGHTLINE_MIN_ITEMS } from '../../analysis/scales/quality-flags.js';

const same = (n: number, value = 3) => Array.from({ length: n }, () => value);
const varied = (n: number) => Array.from({ length: n }, (_, i) => (i % 5) + 1);

describe('qualityFlag (Huang, Curran, Keeney, Poposki & DeShon 2012)', () => {
  it('flags a straight line of at least 10 identical answers, whatever the value', () => {
    expect(STRAIGHTLINE_MIN_ITEMS).toBe(10);
    expect(qualityFlag({ answers: same(10), elapsedMs: null })).toBe('straightline');
    expect(qualityFlag({ answers: same(37, 5), elapsedMs: null })).toBe('straightline');
    expect(qualityFlag({ answers: same(37, 1), elapsedMs: 3_600_000 })).toBe('straightline');
  });

  it('does not flag identical answers to fewer than 10 items, nor one differing answer among many', () => {
    expect(qualityFlag({ answers: same(9), elapsedMs: null })).toBeNull();
    expect(qualityFlag({ answers: [...same(36), 4], elapsedMs: null })).toBeNull();
  });

  it('flags less than 2 seconds per answered item as fast, and 2 seconds per item or more as not', () => {
    expect(SECONDS_PER_ITEM).toBe(2);
    // 37 items × 2 s = 74 s: the boundary itself is acceptable.
    expect(qualityFlag({ answers: varied(37), elapsedMs: 73_999 })).toBe('fast');
    expect(qualityFlag({ answers: varied(37), elapsedMs: 74_000 })).toBeNull();
    expect(qualityFlag({ answers: varied(37), elapsedMs: 0 })).toBe('fast');
  });

  it('gives no timing verdict when the time is unknown', () => {
    expect(qualityFlag({ answers: varied(37), elapsedMs: null })).toBeNull();
  });

  it('stores one verdict for a response that is both: straightline', () => {
    expect(qualityFlag({ answers: same(37), elapsedMs: 1_000 })).toBe('straightline');
  });

  it('throws on a negative or non-finite time', () => {
    expect(() => qualityFlag({ answers: varied(37), elapsedMs: -1 })).toThrow(RangeError);
    expect(() => qualityFlag({ answers: varied(37), elapsedMs: Number.NaN })).toThrow(RangeError);
  });
});
