import { describe, expect, it } from 'vitest';
import { checkText, checkValue, parseChecker } from '../../src/grading/index.js';
import type { CheckerSpec } from '../../src/grading/index.js';

const exact: CheckerSpec = { kind: 'exact' };
const float: CheckerSpec = { kind: 'float', tolerance: 1e-6 };
const unordered: CheckerSpec = { kind: 'unordered' };
const tokens: CheckerSpec = { kind: 'tokens' };

describe('checkers', () => {
  describe('exact', () => {
    it('compares return values as JSON, object key order aside', () => {
      expect(checkValue(exact, { b: 1, a: [1, 2] }, { a: [1, 2], b: 1 }).passed).toBe(true);
      expect(checkValue(exact, [1, 2], [2, 1]).passed).toBe(false);
      expect(checkValue(exact, true, 1).passed).toBe(false);
      expect(checkValue(exact, 4, 5)).toEqual({ passed: false, message: 'expected 5, got 4' });
    });

    it('does not take NaN or Infinity for an expected None', () => {
      expect(checkValue(exact, NaN, null).passed).toBe(false);
      expect(checkValue(exact, Infinity, null).passed).toBe(false);
    });

    it('compares integers past 2^53 exactly', () => {
      expect(checkValue(exact, 2880067194370816121n, 2880067194370816120n).passed).toBe(false);
      expect(checkValue(exact, 2880067194370816120n, 2880067194370816120n).passed).toBe(true);
    });

    it('ignores trailing whitespace and the final newline of stdout, nothing else', () => {
      expect(checkText(exact, '1 2  \n3\n\n', '1 2\n3').passed).toBe(true);
      expect(checkText(exact, '1 2\r\n3\r\n', '1 2\n3\n').passed).toBe(true);
      expect(checkText(exact, ' 1 2\n3\n', '1 2\n3\n').passed).toBe(false);
      expect(checkText(exact, '1 2\n4\n', '1 2\n3\n').message).toBe('line 2 differs: expected "3", got "4"');
      expect(checkText(exact, '1 2\n', '1 2\n3\n').message).toBe('expected 2 lines, got 1');
    });
  });

  describe('float', () => {
    it('parses its tolerance and rejects nonsense', () => {
      expect(parseChecker('float:1e-6')).toEqual({ kind: 'float', tolerance: 1e-6 });
      expect(parseChecker('float:-1')).toContain('positive');
      expect(parseChecker('float:')).toContain('positive');
    });

    it('accepts an absolute or a relative difference within the tolerance', () => {
      expect(checkValue(float, 3.1415926, 3.14159265).passed).toBe(true);
      expect(checkValue(float, 1e12 + 100, 1e12).passed).toBe(true); // relative
      expect(checkValue(float, 3.1416, 3.14159265).passed).toBe(false);
      expect(checkValue(float, [1.0000001, { x: 2 }], [1, { x: 2.0000001 }]).passed).toBe(true);
      expect(checkValue(float, [1, 2], [1]).passed).toBe(false);
    });

    it('compares numeric tokens of stdout with the tolerance and other tokens exactly', () => {
      expect(checkText(float, 'mean 2.0000001\n', 'mean 2\n').passed).toBe(true);
      expect(checkText(float, 'avg 2\n', 'mean 2\n').passed).toBe(false);
      expect(checkText(float, '2.1\n', '2\n').message).toContain('number 1');
    });
  });

  describe('unordered', () => {
    it('compares lists as multisets', () => {
      expect(checkValue(unordered, [3, 1, 2], [1, 2, 3]).passed).toBe(true);
      expect(checkValue(unordered, [[1, 2], [0]], [[0], [1, 2]]).passed).toBe(true);
      expect(checkValue(unordered, [1, 1, 2], [1, 2, 2]).passed).toBe(false);
      expect(checkValue(unordered, [1, 2], [1, 2, 2]).passed).toBe(false);
    });

    it('compares stdout lines as multisets', () => {
      expect(checkText(unordered, 'b\na\n', 'a\nb\n').passed).toBe(true);
      expect(checkText(unordered, 'a\na\n', 'a\nb\n').passed).toBe(false);
    });
  });

  describe('tokens', () => {
    it('compares whitespace-separated tokens', () => {
      expect(checkText(tokens, '1   2\n\n3 ', '1 2 3\n').passed).toBe(true);
      expect(checkText(tokens, '1 2 4', '1 2 3').message).toBe('token 3 differs: expected "3", got "4"');
      expect(checkValue(tokens, 'a  b', 'a b').passed).toBe(true);
    });
  });
});
