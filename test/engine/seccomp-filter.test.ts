/**
 * The seccomp program itself, checked against its policy by emulating it (classic BPF) for
 * every syscall number, both architectures and the argument values the policy looks at. The
 * attack corpus shows the filter at work in a jail; this shows that no number slipped
 * through the search tree the program is laid out as (hbjail/bpf.py).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harnessSourceDir } from '../../src/engine/harness.js';

const EMULATE = String.raw`
import json, struct, sys
sys.path.insert(0, sys.argv[1])
from hbjail import bpf

def run(prog, data):
    pc, a = 0, 0
    while True:
        code, jt, jf, k = prog[pc]
        if code == bpf.LD_W_ABS: a = struct.unpack_from('<I', data, k)[0]; pc += 1
        elif code == bpf.AND_K: a &= k; pc += 1
        elif code == bpf.JEQ_K: pc += 1 + (jt if a == k else jf)
        elif code == bpf.JGE_K: pc += 1 + (jt if a >= k else jf)
        elif code == bpf.JA: pc += 1 + k
        elif code == bpf.RET_K: return k
        else: raise ValueError('unknown opcode %#x' % code)

PID = 4242
NAMES = {bpf.RET_ALLOW: 'allow', bpf.RET_ERRNO | bpf.EPERM: 'eperm', bpf.RET_ERRNO | bpf.ENOSYS: 'enosys',
         bpf.RET_KILL_PROCESS: 'kill'}
problems = []
for machine, arch in (('x86_64', bpf.AUDIT_ARCH_X86_64), ('aarch64', bpf.AUDIT_ARCH_AARCH64)):
    blob, count, (pid_slots, neg_slots) = bpf.build_program(machine)
    blob = bytearray(blob)
    for off in pid_slots: struct.pack_into('<I', blob, off, PID)
    for off in neg_slots: struct.pack_into('<I', blob, off, -PID & 0xFFFFFFFF)
    prog = [struct.unpack_from('<HBBI', blob, 8 * i) for i in range(count)]
    table = bpf.SYSCALLS[arch]
    deny, self_only = set(table['deny'].values()), set(table['self_arg0'].values())
    thread = bpf.THREAD_FLAGS
    def expect(nr, a0, a1, seen_arch):
        if seen_arch != arch: return 'kill'
        if table['x32_bit'] is not None and nr >= table['x32_bit']: return 'kill'
        if nr >= bpf.FIRST_UNREVIEWED_NR or nr == table['clone3']: return 'enosys'
        if nr in deny: return 'eperm'
        if nr == table['clone']: return 'allow' if a0 & (thread | bpf.CLONE_NS_MASK) == thread else 'eperm'
        if nr == table['fcntl']: return 'eperm' if a1 in bpf.SIGNAL_OWNER_FCNTL else 'allow'
        if nr == table['ioctl']: return 'eperm' if a1 in bpf.SIGNAL_OWNER_IOCTL else 'allow'
        if nr == table['prctl']: return 'eperm' if a0 == bpf.PR_SET_DUMPABLE else 'allow'
        if nr in self_only: return 'allow' if a0 in (0, PID, -PID & 0xFFFFFFFF) else 'eperm'
        return 'allow'
    nrs = list(range(0, 600)) + [0x40000000, 0x40000001, 0x7FFFFFFF, 0xFFFFFFFF]
    args0 = (0, 1, 4, PID, -PID & 0xFFFFFFFF, PID + 1, thread, thread | 0x20000, 0x11)
    args1 = (0, 1, 8, 10, 15, 0x8901, 0x8902, 0x5421)
    for seen_arch in (arch, bpf.AUDIT_ARCH_AARCH64 if arch == bpf.AUDIT_ARCH_X86_64 else bpf.AUDIT_ARCH_X86_64, 0x40000003):
        for nr in nrs:
            for a0 in args0:
                for a1 in args1:
                    data = struct.pack('<II', nr, seen_arch) + bytes(8) + struct.pack('<QQ', a0, a1) + bytes(32)
                    got = NAMES.get(run(prog, data), 'other')
                    want = expect(nr, a0, a1, seen_arch)
                    if got != want and len(problems) < 20:
                        problems.append('%s arch=%#x nr=%d a0=%#x a1=%#x: %s, policy says %s' % (machine, seen_arch, nr, a0, a1, got, want))
print(json.dumps(problems))
`;

describe('the seccomp program', () => {
  it('decides every syscall number as its policy says, on x86_64 and aarch64', () => {
    const r = spawnSync('/usr/bin/python3', ['-I', '-S', '-c', EMULATE, join(harnessSourceDir())], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
