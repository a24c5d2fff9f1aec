/** The pure parts of the engine: frame codec, limit resolution, the jail's command line. */
import { describe, expect, it } from 'vitest';
import { engineConfigSchema } from '../../src/engine/config.js';
import { encodeFrame, FrameDecoder, RawFrame } from '../../src/engine/frames.js';
import { jailCommand } from '../../src/engine/jail.js';
import { resolveLimits, runOptionsSchema } from '../../src/engine/limits.js';

const config = engineConfigSchema.parse({});

describe('frames', () => {
  it('yields raw frames (top bit of the length set) as bytes, between JSON frames', () => {
    const bytes = Buffer.from([0x01, 0xff, 0x00, 0x7b]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(0x80000000 + bytes.length, 0);
    const wire = Buffer.concat([encodeFrame({ a: 1 }), head, bytes, encodeFrame({ b: 2 })]);
    const decoder = new FrameDecoder();
    const out = [...wire].flatMap((byte) => decoder.push(Buffer.from([byte])));
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({ a: 1 });
    expect(out[1]).toBeInstanceOf(RawFrame);
    expect((out[1] as RawFrame).bytes.equals(bytes)).toBe(true);
    expect(out[2]).toEqual({ b: 2 });
  });

  it('round-trips objects split at any byte boundary', () => {
    const values = [
      { type: 'ready', python: '3.11.2', pid: 1 },
      { text: 'é\u2028\ud83d\ude00', n: [1, 2] },
    ];
    const wire = Buffer.concat(values.map(encodeFrame));
    for (let cut = 0; cut <= wire.length; cut++) {
      const decoder = new FrameDecoder();
      expect([...decoder.push(wire.subarray(0, cut)), ...decoder.push(wire.subarray(cut))]).toEqual(values);
    }
  });

  it('refuses a frame that announces an absurd size', () => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(0xffffffff, 0);
    expect(() => new FrameDecoder().push(head)).toThrow(/exceeds/);
  });
});

describe('limits', () => {
  const resolve = (o: unknown) => resolveLimits(runOptionsSchema.parse(o), config);

  it('applies the design document defaults: 64 MiB, 5 s CPU, wall 2 x CPU + 1 s', () => {
    expect(resolve({})).toMatchObject({
      cpuTimeMs: 5000,
      wallTimeMs: 11_000,
      memoryBytes: 64 * 1024 * 1024,
      outputBytes: 64 * 1024,
    });
  });

  it('clamps requests to the operator maxima', () => {
    expect(
      resolve({ timeLimit: 3600, memoryLimit: 1e5, outputLimit: 1e5, wallTimeLimit: 3600 }),
    ).toMatchObject({
      cpuTimeMs: 60_000,
      wallTimeMs: 120_000,
      memoryBytes: 1024 * 1024 * 1024,
      outputBytes: 16_384 * 1024,
    });
  });

  it("takes a task's limits shape, the flat fields winning", () => {
    expect(resolve({ limits: { time: 2, memory: 128, output: 8 }, timeLimit: 1 })).toMatchObject({
      cpuTimeMs: 1000,
      memoryBytes: 128 * 1024 * 1024,
      outputBytes: 8 * 1024,
    });
  });

  it.each([
    [{ timeLimit: 0 }, 'timeLimit'],
    [{ wallTimeLimit: -5 }, 'wallTimeLimit'],
    [{ memoryLimit: Infinity }, 'memoryLimit'],
    [{ outputLimit: 2e6 }, 'outputLimit'],
  ])('refuses %j naming %s', (options, field) => {
    expect(() => resolve(options)).toThrow(
      expect.objectContaining({
        code: 'HB_ENGINE_LIMIT_INVALID',
        details: expect.objectContaining({ field }),
      }),
    );
  });
});

describe('jail', () => {
  const spec = {
    bwrapPath: '/usr/bin/bwrap',
    pythonPath: '/usr/bin/python3.11',
    harnessDir: '/tmp/h',
    binds: ['/usr/bin/python3.11', '/usr/lib/python3.11', '/usr/lib/x86_64-linux-gnu'],
    symlinks: [{ link: '/lib64', target: 'usr/lib64' }],
    workdirBytes: 1 << 20,
    hostRoot: '/tmp/r',
  };

  it('builds a jail with every namespace, the zygote as PID 1 and nothing of /etc', () => {
    const { file, args } = jailCommand({ ...spec, mode: 'strict' });
    expect(file).toBe('/usr/bin/bwrap');
    for (const flag of [
      '--unshare-user',
      '--unshare-pid',
      '--unshare-net',
      '--unshare-ipc',
      '--unshare-uts',
      '--as-pid-1',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
      '--disable-userns',
    ]) {
      expect(args).toContain(flag);
    }
    expect(args.join(' ')).toContain('--uid 65534 --gid 65534');
    expect(args.join(' ')).not.toContain('/etc');
    expect(args.join(' ')).toContain('--size 1048576 --tmpfs /tmp/job');
    expect(args.slice(-9)).toEqual([
      '/usr/bin/python3.11',
      '-I',
      '-S',
      '-B',
      '/hb/zygote.py',
      '--root',
      '/tmp/job',
      '--seccomp',
      '--namespaces',
    ]);
  });

  it('runs the interpreter directly, without --namespaces, in the modes without bwrap', () => {
    expect(jailCommand({ ...spec, mode: 'no-namespaces' })).toEqual({
      file: '/usr/bin/python3.11',
      args: ['-I', '-S', '-B', '/tmp/h/zygote.py', '--root', '/tmp/r', '--seccomp'],
    });
    expect(jailCommand({ ...spec, mode: 'unsafe-none' }).args).not.toContain('--seccomp');
    expect(jailCommand({ ...spec, mode: 'no-seccomp' }).args.slice(-3)).toEqual([
      '--root',
      '/tmp/job',
      '--namespaces',
    ]);
  });
});
