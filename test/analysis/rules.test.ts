/**
 * Exact rule IDs and lines on representative cases, one per capability of the threat model,
 * and exact silence on benign code that merely looks unusual.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/index.js';

const analyzer = createAnalyzer({ cacheEntries: 0 });

async function findings(code: string): Promise<[string, number][]> {
  const report = await analyzer.analyze(code);
  return report.issues.map((i) => [i.rule, i.line]);
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('analysis rules', () => {
  describe('when benign code only looks unusual', () => {
    it.each([
      [
        'names like exec_time, a user .eval() method, re.compile, dict.get, str.join',
        lines(
          'exec_time = 3',
          'class E:',
          '    def eval(self): return 1',
          'E().eval()',
          'import re',
          're.compile("a+")',
          'd = {}',
          'd.get(1)',
          'print(",".join(map(str, [1, 2])))',
        ),
      ],
      [
        'recursion limit, stdin buffer, stderr, math.inf, Counter, lru_cache(None)',
        lines(
          'import sys',
          'sys.setrecursionlimit(10**6)',
          'data = sys.stdin.buffer.read()',
          'print(1, file=sys.stderr)',
          'import math',
          'print(math.inf)',
          'from collections import Counter',
          'import functools',
          '@functools.lru_cache(None)',
          'def f(n): return n',
        ),
      ],
      [
        'open(0) and a relative input file',
        lines('x = open(0).read()', 'y = open("input.txt").read()', 'open("out.txt", "w").write(x)'),
      ],
      [
        'a user function named eval shadows the builtin',
        lines('def eval(s):', '    return len(s)', 'print(eval("abc"))'),
      ],
      ['sorted with a key and a lambda', lines('a = sorted([3, 1], key=lambda v: -v)', 'print(a)')],
      ['while loop on a variable condition', lines('q = [1]', 'while q:', '    q.pop()')],
      [
        'list sizes from the input',
        lines('n = int(input())', 'a = [0] * (n + 5)', 'b = [0] * (2 * 10**5 + 5)'),
      ],
    ])('reports nothing for %s', async (_what, code) => {
      expect(await findings(code)).toEqual([]);
    });
  });

  describe('when the code is hostile', () => {
    it.each([
      [
        'os.system',
        lines('import os', 'os.system("id")'),
        [
          ['HB-IMP-002', 1],
          ['HB-PROC-001', 2],
        ],
      ],
      [
        '__import__ of a concatenated name',
        lines('__import__("o" + "s").system("id")'),
        [
          ['HB-IMP-002', 1],
          ['HB-OBF-001', 1],
          ['HB-PROC-001', 1],
        ],
      ],
      [
        'getattr on an assembled builtins module',
        lines('getattr(__import__("bu"+"iltins"), "ex"+"ec")("1")'),
        [
          ['HB-DYN-001', 1],
          ['HB-IMP-001', 1],
          ['HB-OBF-001', 1],
        ],
      ],
      ['a subclasses walk', lines('().__class__.__bases__[0].__subclasses__()'), [['HB-INT-001', 1]]],
      [
        'a generator frame walk',
        lines('g = (x for x in [1])', 'print(g.gi_frame.f_back.f_globals)'),
        [['HB-INT-003', 2]],
      ],
      [
        'exec of a base64 payload (analysed in place)',
        lines('import base64', 'exec(base64.b64decode("aW1wb3J0IG9z"))'),
        [
          ['HB-DYN-001', 2],
          ['HB-DYN-003', 2],
          ['HB-IMP-002', 2],
          ['HB-OBF-003', 2],
        ],
      ],
      ['an endless loop', lines('while True:', '    pass'), [['HB-RES-001', 1]]],
      ['a huge allocation', lines('a = [0] * 10**12'), [['HB-RES-002', 1]]],
      [
        'an absurd recursion limit',
        lines('import sys', 'sys.setrecursionlimit(10**12)'),
        [['HB-RES-004', 2]],
      ],
      [
        'a fullwidth eval',
        lines('ｅｖａｌ("1")'),
        [
          ['HB-DYN-001', 1],
          ['HB-OBF-002', 1],
        ],
      ],
      [
        'hex escapes spelling os',
        lines('s = "\\x6f\\x73"', '__import__(s).system("x")'),
        [
          ['HB-IMP-002', 2],
          ['HB-OBF-001', 2],
          ['HB-PROC-001', 2],
        ],
      ],
      [
        'attrgetter of __globals__',
        lines('import operator', 'operator.attrgetter("__globals__")'),
        [['HB-INT-007', 2]],
      ],
      ['a format string walking attributes', lines('"{0.__class__}".format(1)'), [['HB-INT-007', 1]]],
      [
        'a DNS lookup',
        lines('import socket', 'socket.gethostbyname("x.example")'),
        [
          ['HB-IMP-001', 1],
          ['HB-NET-003', 2],
        ],
      ],
      ['reading /etc/passwd', lines('open("/etc/passwd")'), [['HB-FS-001', 1]]],
      [
        'the whole environment',
        lines('import os', 'print(os.environ)'),
        [
          ['HB-IMP-002', 1],
          ['HB-PROC-006', 2],
        ],
      ],
      [
        'a fork bomb',
        lines('import os', 'while True:', '    os.fork()'),
        [
          ['HB-IMP-002', 1],
          ['HB-RES-001', 2],
          ['HB-PROC-002', 3],
          ['HB-RES-005', 3],
        ],
      ],
      [
        'importlib.import_module',
        lines('import importlib', 'importlib.import_module("os").system("x")'),
        [
          ['HB-IMP-001', 1],
          ['HB-IMP-002', 2],
          ['HB-IMP-004', 2],
          ['HB-PROC-001', 2],
        ],
      ],
      [
        'sys.modules',
        lines('import sys', 'sys.modules["os"].system("x")'),
        [
          ['HB-IMP-002', 2],
          ['HB-IMP-006', 2],
          ['HB-PROC-001', 2],
        ],
      ],
      ['type.__subclasses__(object)', lines('type.__subclasses__(object)'), [['HB-INT-001', 1]]],
      [
        'input.__self__',
        lines('input.__self__'),
        [
          ['HB-INT-002', 1],
          ['HB-INT-006', 1],
        ],
      ],
      [
        'help.__call__',
        lines('help.__call__'),
        [
          ['HB-DYN-006', 1],
          ['HB-INT-010', 1],
        ],
      ],
      ['breakpoint()', lines('breakpoint()'), [['HB-DYN-006', 1]]],
      [
        'types.FunctionType over marshal',
        lines('import marshal, types', 'types.FunctionType(marshal.loads(b""), {})'),
        [
          ['HB-IMP-001', 1],
          ['HB-IMP-002', 1],
          ['HB-DYN-004', 2],
          ['HB-DYN-005', 2],
          ['HB-OBF-003', 2],
        ],
      ],
      [
        'signals',
        lines('import signal', 'signal.alarm(1)'),
        [
          ['HB-IMP-001', 1],
          ['HB-PROC-003', 2],
        ],
      ],
      [
        'os.kill',
        lines('import os', 'os.kill(1, 9)'),
        [
          ['HB-IMP-002', 1],
          ['HB-PROC-003', 2],
        ],
      ],
      [
        'gc.get_objects',
        lines('import gc', 'gc.get_objects()'),
        [
          ['HB-IMP-002', 1],
          ['HB-INT-004', 2],
        ],
      ],
      [
        'ctypes',
        lines('import ctypes', 'ctypes.CDLL(None)'),
        [
          ['HB-IMP-001', 1],
          ['HB-INT-005', 2],
        ],
      ],
      ['sys._getframe', lines('import sys', 'sys._getframe(0)'), [['HB-INT-003', 2]]],
      [
        'getattr aliased, on __builtins__',
        lines('x = getattr', 'x(__builtins__, "eval")'),
        [
          ['HB-DYN-001', 2],
          ['HB-INT-006', 2],
        ],
      ],
      [
        'globals()["__builtins__"]',
        lines('globals()["__builtins__"]'),
        [
          ['HB-INT-006', 1],
          ['HB-INT-007', 1],
        ],
      ],
      [
        'threads in a loop',
        lines('import threading', 'for i in range(5):', '    threading.Thread(target=print).start()'),
        [
          ['HB-IMP-002', 1],
          ['HB-PROC-004', 3],
          ['HB-RES-005', 3],
        ],
      ],
      [
        'resource.setrlimit',
        lines('import resource', 'resource.setrlimit(resource.RLIMIT_AS, (1, 1))'),
        [
          ['HB-IMP-002', 1],
          ['HB-RES-006', 2],
        ],
      ],
      [
        'atexit',
        lines('import atexit', 'atexit.register(print)'),
        [
          ['HB-IMP-001', 1],
          ['HB-PROC-005', 2],
        ],
      ],
      ['sys.settrace', lines('import sys', 'sys.settrace(None)'), [['HB-PROC-005', 2]]],
      [
        'setattr of __code__ and __getattribute__',
        lines('def f():', '  pass', 'setattr(f, "__code__", None)', 'f.__getattribute__("x")'),
        [
          ['HB-INT-007', 3],
          ['HB-INT-010', 4],
        ],
      ],
      [
        'from os import system as s',
        lines('from os import system as s', 's("id")'),
        [
          ['HB-IMP-002', 1],
          ['HB-PROC-001', 1],
          ['HB-PROC-001', 2],
        ],
      ],
    ])('reports %s', async (_what, code, expected) => {
      expect(await findings(code)).toEqual(expected);
    });
  });

  describe('environment variables', () => {
    it('treats testing a named flag as informational and reading values as medium', async () => {
      const code = lines(
        'import os',
        'if "ONLINE_JUDGE" in os.environ:',
        '    pass',
        'local = os.getenv("LOCAL") is not None',
        'print(os.environ.get("SECRET"))',
        'print(os.environ)',
      );
      expect(await findings(code)).toEqual([
        ['HB-IMP-002', 1],
        ['HB-PROC-007', 2],
        ['HB-PROC-007', 4],
        ['HB-PROC-006', 5],
        ['HB-PROC-006', 6],
      ]);
    });
  });

  describe('paths only partly known', () => {
    it('flags a path built on an absolute prefix', async () => {
      expect(await findings(lines('import os', 'open("/proc/" + str(os.getppid()) + "/mem")'))).toEqual([
        ['HB-IMP-002', 1],
        ['HB-FS-001', 2],
      ]);
    });

    it('folds os.path.join of constants', async () => {
      expect(await findings(lines('import os', 'open(os.path.join("/", "etc", "passwd"))'))).toEqual([
        ['HB-IMP-002', 1],
        ['HB-FS-001', 2],
      ]);
    });
  });

  describe('source encoding', () => {
    it('flags a coding cookie that makes Python read different text', async () => {
      expect(await findings(lines('# -*- coding: utf-7 -*-', '+AGUAdgBhAGw-(1)'))).toEqual([
        ['HB-OBF-005', 1],
      ]);
      expect(await findings(lines('#!/usr/bin/env python3', '# -*- coding: utf-8 -*-', 'print(1)'))).toEqual(
        [],
      );
    });
  });

  describe('values that flow through functions and defaults', () => {
    it.each([
      ['a lambda default', lines('run = lambda m=__import__("os"): m.system("id")', 'run()'), 1],
      ['a return value', lines('def helper():', '    return __import__("os")', 'helper().popen("id")'), 3],
      ['a parameter', lines('def go(mod):', '    return mod.system("id")', 'go(__import__("os"))'), 2],
    ])('resolves a module passed through %s', async (_what, code, line) => {
      expect((await findings(code)).filter(([rule]) => rule === 'HB-PROC-001')).toEqual([
        ['HB-PROC-001', line],
      ]);
    });
  });

  describe('when the code has a syntax error', () => {
    it('reports it with its position and keeps the other findings', async () => {
      const report = await analyzer.analyze(
        lines('import os', 'os.system("id")', 'def broken(:', '    pass'),
      );
      expect(report.syntaxError).toBe(true);
      const syntax = report.issues.find((i) => i.rule === 'HB-SYN-001');
      expect(syntax?.line).toBe(3);
      expect(report.issues.some((i) => i.rule === 'HB-PROC-001' && i.line === 2)).toBe(true);
    });

    it('flags dangerous names hidden in the unparsable region', async () => {
      const report = await analyzer.analyze(lines('x = 1', ') eval(input()) (', 'print(x)'));
      expect(report.issues.map((i) => i.rule)).toContain('HB-OBF-004');
    });
  });

  describe('patterns', () => {
    it('lists the programming patterns the code uses', async () => {
      const report = await analyzer.analyze(
        lines(
          'import sys',
          'from functools import lru_cache',
          'counter = 0',
          'class A:',
          '    pass',
          '@lru_cache(None)',
          'def f(n):',
          '    global counter',
          '    counter += 1',
          '    return n if n < 2 else f(n - 1) + f(n - 2)',
          'try:',
          '    n = int(input())',
          'except ValueError:',
          '    n = 0',
          'sq = [i * i for i in range(n)]',
          'gen = (i for i in sq)',
          'key = lambda v: -v',
          'for x in sys.stdin:',
          '    pass',
        ),
      );
      expect(report.patterns.map((p) => p.pattern)).toEqual([
        'class',
        'comprehension',
        'decorator',
        'exception-handling',
        'generator',
        'global-state',
        'input-reading',
        'lambda',
        'loop',
        'memoization',
        'recursion',
      ]);
      expect(report.patterns.find((p) => p.pattern === 'recursion')?.lines).toEqual([10]);
    });
  });
});
