import { describe, expect, it } from 'vitest';
import { scoreTests } from '../../src/grading/index.js';
import { canonicalJson, parseJsonExact } from '../../src/grading/values.js';

describe('JSON values from Python', () => {
  it('keeps integers past 2^53 exact and everything else as JSON.parse does', () => {
    expect(parseJsonExact('[2880067194370816120, 1.5, "x\\"y", {"a": null}]')).toEqual([
      2880067194370816120n,
      1.5,
      'x"y',
      { a: null },
    ]);
    expect(parseJsonExact('{"n": 12}')).toEqual({ n: 12 });
  });

  it('reads NaN and Infinity that Python writes by default', () => {
    expect(parseJsonExact('[NaN, -Infinity]')).toEqual([NaN, -Infinity]);
  });

  it('writes canonical text with sorted keys and exact big integers', () => {
    expect(canonicalJson({ b: 2n ** 70n, a: [1] })).toBe('{"a":[1],"b":1180591620717411303424}');
  });
});

describe('scoring', () => {
  it('scores passed weight over total weight, rounded down', () => {
    expect(
      scoreTests([
        { passed: true, weight: 1 },
        { passed: false, weight: 2 },
      ]),
    ).toEqual({
      score: 33,
      status: 'partial',
      passed: 1,
    });
  });

  it('says accepted when all pass and rejected when none do', () => {
    expect(
      scoreTests([
        { passed: true, weight: 0.1 },
        { passed: true, weight: 0.2 },
      ]),
    ).toMatchObject({
      score: 100,
      status: 'accepted',
    });
    expect(scoreTests([{ passed: false, weight: 1 }])).toMatchObject({ score: 0, status: 'rejected' });
  });
});
