/**
 * The allow-list policy and the gadget classes behind it: standard modules outside the allowed
 * set, code hidden in strings, dangerous builtins used as values, and methods of the file's
 * own classes (which must not be mistaken for os.system or compile).
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer, defaultPolicy, mergePolicy } from '../../src/analysis/index.js';

const analyzer = createAnalyzer({ cacheEntries: 0 });

async function findings(code: string, policy = defaultPolicy): Promise<[string, number][]> {
  const report = await analyzer.analyze(code, policy);
  return report.issues.map((i) => [i.rule, i.line]);
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('allow-list module policy', () => {
  it('keeps the platform example safe with no issues', async () => {
    const report = await analyzer.analyze(
      'import math\ndef calculate_area(radius):\n    return math.pi * radius ** 2',
    );
    expect(report.safe).toBe(true);
    expect(report.issues).toEqual([]);
  });

  it('lets the modules solutions use through without issues', async () => {
    const code = lines(
      'import math, cmath, collections, itertools, functools, heapq, bisect, re, string, json',
      'import typing, dataclasses, fractions, decimal, statistics, random, datetime, operator',
      'import copy, enum, array, sys, io, numbers, abc, contextlib, time, calendar, textwrap',
      'import unicodedata, struct, hashlib, queue',
      'from collections import deque, Counter',
    );
    expect(await findings(code)).toEqual([]);
  });

  it.each([
    ['uuid', 'import uuid', [['HB-IMP-008', 1]]],
    ['timeit', 'from timeit import timeit', [['HB-IMP-008', 1]]],
    ['a submodule below a warned parent', 'import logging.config', [['HB-IMP-008', 1]]],
    ['xml', 'import xml.dom.minidom', [['HB-IMP-008', 1]]],
    [
      'a dynamic import',
      '__import__("gzip")',
      [
        ['HB-IMP-004', 1],
        ['HB-IMP-008', 1],
      ],
    ],
    ['the warned parent itself', 'import logging', [['HB-IMP-002', 1]]],
    ['a denied module', 'import pickle', [['HB-IMP-001', 1]]],
  ])('reports %s outside the allowed set', async (_what, code, expected) => {
    expect(await findings(code)).toEqual(expected);
  });

  it('marks the import record restricted and the report unsafe', async () => {
    const report = await analyzer.analyze('import doctest\n');
    expect(report.safe).toBe(false);
    expect(report.imports).toEqual([expect.objectContaining({ module: 'doctest', status: 'restricted' })]);
  });

  it('lets a task policy allow the standard library or name more modules', async () => {
    const open = mergePolicy(defaultPolicy, { modules: { ...defaultPolicy.modules, stdlib: 'allow' } });
    expect(await findings('import uuid\n', open)).toEqual([]);
    const listed = mergePolicy(defaultPolicy, {
      modules: { ...defaultPolicy.modules, allow: [...defaultPolicy.modules.allow, 'uuid'] },
    });
    expect(await findings('import uuid\n', listed)).toEqual([]);
  });
});

describe('code hidden in strings', () => {
  it.each([
    [
      'timeit running a statement string',
      lines('import timeit', "timeit.timeit(\"__import__('os').system('id')\", number=1)"),
      [
        ['HB-IMP-008', 1],
        ['HB-DYN-007', 2],
        ['HB-IMP-002', 2],
        ['HB-IMP-004', 2],
        ['HB-PROC-001', 2],
      ],
    ],
    [
      'a parameter annotation typing would evaluate',
      lines("def f(x: \"__import__('os').system('id')\"): pass"),
      [
        ['HB-DYN-007', 1],
        ['HB-IMP-002', 1],
        ['HB-IMP-004', 1],
        ['HB-PROC-001', 1],
      ],
    ],
    [
      'a ForwardRef of an allowed module',
      lines('import typing', 'r = typing.ForwardRef("open(\'/etc/passwd\').read()")'),
      [
        ['HB-DYN-007', 2],
        ['HB-FS-001', 2],
      ],
    ],
    [
      'a code string held in a variable and passed to pdb.run',
      lines('import pdb', 'c = "exec(input())"', 'pdb.run(c)'),
      [
        ['HB-IMP-001', 1],
        ['HB-DYN-001', 3],
        ['HB-DYN-006', 3],
        ['HB-DYN-007', 3],
      ],
    ],
    [
      'a host path handed to a gadget module',
      lines('import gzip', "gzip.open('/tmp/../tmp/evil.gz', 'wb')"),
      [
        ['HB-IMP-008', 1],
        ['HB-FS-001', 2],
      ],
    ],
  ])('reports %s', async (_what, code, expected) => {
    expect(await findings(code)).toEqual(expected);
  });

  it('leaves code-like data that is only printed or serialised alone', async () => {
    const code = lines(
      'import json, sys',
      's = "o" + "s"',
      "t = ''.join(chr(c) for c in (115, 121, 115, 116, 101, 109))",
      'print(s + "." + t, "__import__(\'os\').system(\'id\')")',
      'sys.stdout.write(json.dumps("eval(input())") + "\\n")',
      'def f(n: "list[int]") -> "dict[str, int]": return {}',
      'import logging',
      'logging.info("open(path)")',
    );
    expect(await findings(code)).toEqual([['HB-IMP-002', 7]]);
  });

  it('reports an assembled name where it reaches an import, not where it is built', async () => {
    expect(await findings(lines('m = "o" + "s"', 'print(m)', '__import__(m).system("id")'))).toEqual([
      ['HB-IMP-002', 3],
      ['HB-OBF-001', 3],
      ['HB-PROC-001', 3],
    ]);
  });

  it('decodes escapes that follow plain text in the same literal', async () => {
    expect(await findings(lines("__import__('o\\x73').system('id')"))).toEqual([
      ['HB-IMP-002', 1],
      ['HB-OBF-001', 1],
      ['HB-PROC-001', 1],
    ]);
  });
});

describe('dangerous builtins used as values', () => {
  it.each([
    [
      'getattr folded by functools.reduce',
      lines('import functools, os', "functools.reduce(getattr, ['system'], os)('id')"),
      [
        ['HB-IMP-002', 1],
        ['HB-PROC-001', 2],
        ['HB-INT-008', 2],
      ],
    ],
    ['getattr stored in a dict', lines('table = {"get": getattr}'), [['HB-INT-008', 1]]],
    ['__import__ passed to map', lines('mods = list(map(__import__, names))'), [['HB-IMP-005', 1]]],
    [
      'open mapped over host paths',
      lines('print([f.read() for f in map(open, ["/etc/passwd"])])'),
      [
        ['HB-FS-001', 1],
        ['HB-FS-004', 1],
      ],
    ],
  ])('reports %s', async (_what, code, expected) => {
    expect(await findings(code)).toEqual(expected);
  });
});

describe('methods named like process functions', () => {
  it("does not flag the methods of the file's own classes", async () => {
    const code = lines(
      'class Machine:',
      '    def compile(self, prog): return [line.split() for line in prog]',
      '    def system(self, n): return n * 2',
      '    def popen(self): return self.system(1)',
      'm = Machine()',
      "print(m.compile(['a b']), m.system(int(input())), m.popen())",
    );
    expect(await findings(code)).toEqual([]);
  });

  it('still flags them on receivers that may be modules', async () => {
    const code = lines(
      'def run(m): return m.system("id")',
      'class Holder:',
      '    def __init__(self): self.m = __import__("os")',
      '    def go(self): return self.m.popen("id")',
    );
    expect(await findings(code)).toEqual([
      ['HB-PROC-001', 1],
      ['HB-IMP-002', 3],
      ['HB-IMP-004', 3],
      ['HB-PROC-001', 4],
    ]);
  });

  it('flags a module passed as the instance of a method', async () => {
    const code = lines('import os', 'class A:', '    def f(self): return self.system("id")', 'A.f(os)');
    expect(await findings(code)).toEqual([
      ['HB-IMP-002', 1],
      ['HB-INT-008', 4],
    ]);
  });
});
