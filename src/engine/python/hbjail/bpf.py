"""Classic-BPF seccomp program, built with the standard library only.

The filter is a deny list with argument checks, laid out per architecture:
  * unknown architecture (i386/x32 compat included) -> SECCOMP_RET_KILL_PROCESS;
  * process creation (fork, vfork, clone without CLONE_THREAD, clone3 -> ENOSYS so glibc
    falls back to clone for threads), exec, sockets, ptrace, System V IPC and message
    queues, memfd_create/memfd_secret, mount/namespace/keyring/bpf/perf/io_uring/module
    calls -> EPERM, so Python raises PermissionError and the harness can
    report what was tried;
  * calls that name another process (kill, tgkill, rt_sigqueueinfo, prlimit64, sched_set*)
    are allowed only for pid 0 / the job's own pid / its own process group; fcntl/ioctl may
    not make a file's owner (F_SETOWN, F_SETSIG, FIOSETOWN...), the back door through which
    the kernel would signal another process on the job's behalf;
  * prctl(PR_SET_DUMPABLE) -> EPERM: a dumpable job could write /proc/self/clear_refs and
    reset the kernel's peak-RSS figure its memory usage is reported from (red team);
  * syscall numbers newer than this table knows (>= 451) -> ENOSYS: fail closed on what we
    have not reviewed.
Only the running machine's table goes into the program (x86_64 or aarch64; anything else
fails closed). The program is assembled once in the zygote with placeholders for the job's pid; each job
child patches two words (libc.PreparedFilter) instead of rebuilding it.
"""
import os
import struct

# BPF opcodes (linux/filter.h)
LD_W_ABS = 0x20
JEQ_K = 0x15
JGE_K = 0x35
JA = 0x05
AND_K = 0x54
RET_K = 0x06

RET_KILL_PROCESS = 0x80000000
RET_ERRNO = 0x00050000
RET_ALLOW = 0x7FFF0000
EPERM = 1
ENOSYS = 38

AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7

# struct seccomp_data: nr @0, arch @4, ip @8, args[6] @16 (u64, little-endian: low word first)
OFF_NR = 0
OFF_ARCH = 4
OFF_ARG0_LO = 16
OFF_ARG1_LO = 24

# fcntl/ioctl commands that make the kernel send signals to another process on I/O (the
# owner of a file): F_SETOWN, F_SETSIG, F_SETOWN_EX; FIOSETOWN, SIOCSPGRP.
SIGNAL_OWNER_FCNTL = (8, 10, 15)
SIGNAL_OWNER_IOCTL = (0x8901, 0x8902)
PR_SET_DUMPABLE = 4

CLONE_VM = 0x100
CLONE_SIGHAND = 0x800
CLONE_THREAD = 0x10000
CLONE_NS_MASK = 0x20000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
THREAD_FLAGS = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD

FIRST_UNREVIEWED_NR = 451

# Calls numbered alike on every architecture since Linux 5.1.
_COMMON_DENY = {
    'pidfd_send_signal': 424, 'io_uring_setup': 425, 'io_uring_enter': 426,
    'io_uring_register': 427, 'open_tree': 428, 'move_mount': 429, 'fsopen': 430,
    'fsconfig': 431, 'fsmount': 432, 'fspick': 433, 'pidfd_open': 434, 'pidfd_getfd': 438,
    'process_madvise': 440, 'mount_setattr': 442, 'process_mrelease': 448,
    # Memory-backed files are not counted by RLIMIT_AS once unmapped: a job could hold
    # hundreds of MiB in them past its memory limit (red team: 8 x 64 MiB memfds).
    'memfd_secret': 447,
}

SYSCALLS = {
    AUDIT_ARCH_X86_64: {
        'x32_bit': 0x40000000,
        'clone': 56, 'clone3': 435, 'fcntl': 72, 'ioctl': 16, 'prctl': 157,
        'deny': dict(_COMMON_DENY, **{
            'fork': 57, 'vfork': 58, 'execve': 59, 'execveat': 322, 'socket': 41,
            'ptrace': 101, 'process_vm_readv': 310, 'process_vm_writev': 311, 'kcmp': 312,
            'tkill': 200, 'setpgid': 109, 'setsid': 112, 'personality': 135, 'setpriority': 141,
            'chroot': 161, 'pivot_root': 155, 'mount': 165, 'umount2': 166, 'unshare': 272,
            'setns': 308, 'acct': 163, 'swapon': 167, 'swapoff': 168, 'reboot': 169,
            'sethostname': 170, 'setdomainname': 171, 'iopl': 172, 'ioperm': 173,
            'init_module': 175, 'finit_module': 313, 'delete_module': 176, 'quotactl': 179,
            'kexec_load': 246, 'kexec_file_load': 320, 'add_key': 248, 'request_key': 249,
            'keyctl': 250, 'ioprio_set': 251, 'migrate_pages': 256, 'move_pages': 279,
            'perf_event_open': 298, 'fanotify_init': 300, 'name_to_handle_at': 303,
            'open_by_handle_at': 304, 'bpf': 321, 'userfaultfd': 323, 'get_robust_list': 274,
            'uselib': 134, 'modify_ldt': 154, 'syslog': 103, 'vhangup': 153,
            'settimeofday': 164, 'clock_settime': 227, 'adjtimex': 159, 'clock_adjtime': 305,
            'lookup_dcookie': 212, 'nfsservctl': 180,
            # System V IPC and POSIX message queues live in the jail's IPC namespace, which
            # outlives a job: one job could leave a segment for the next to read.
            'shmget': 29, 'shmat': 30, 'shmctl': 31, 'shmdt': 67, 'semget': 64, 'semop': 65,
            'semctl': 66, 'semtimedop': 220, 'msgget': 68, 'msgsnd': 69, 'msgrcv': 70,
            'msgctl': 71, 'mq_open': 240, 'mq_unlink': 241, 'mq_timedsend': 242,
            'mq_timedreceive': 243, 'mq_notify': 244, 'mq_getsetattr': 245,
            'memfd_create': 319,
        }),
        'self_arg0': {
            'kill': 62, 'tgkill': 234, 'rt_sigqueueinfo': 129, 'rt_tgsigqueueinfo': 297,
            'prlimit64': 302, 'sched_setaffinity': 203, 'sched_setparam': 142,
            'sched_setscheduler': 144, 'sched_setattr': 314,
        },
    },
    AUDIT_ARCH_AARCH64: {
        'x32_bit': None,
        'clone': 220, 'clone3': 435, 'fcntl': 25, 'ioctl': 29, 'prctl': 167,
        'deny': dict(_COMMON_DENY, **{
            'execve': 221, 'execveat': 281, 'socket': 198, 'ptrace': 117,
            'process_vm_readv': 270, 'process_vm_writev': 271, 'kcmp': 272, 'tkill': 130,
            'setpgid': 154, 'setsid': 157, 'personality': 92, 'setpriority': 140,
            'chroot': 51, 'pivot_root': 41, 'mount': 40, 'umount2': 39, 'unshare': 97,
            'setns': 268, 'acct': 89, 'swapon': 224, 'swapoff': 225, 'reboot': 142,
            'sethostname': 161, 'setdomainname': 162, 'init_module': 105, 'finit_module': 273,
            'delete_module': 106, 'quotactl': 60, 'kexec_load': 104, 'kexec_file_load': 294,
            'add_key': 217, 'request_key': 218, 'keyctl': 219, 'ioprio_set': 30,
            'migrate_pages': 238, 'move_pages': 239, 'perf_event_open': 241,
            'fanotify_init': 262, 'name_to_handle_at': 264, 'open_by_handle_at': 265,
            'bpf': 280, 'userfaultfd': 282, 'get_robust_list': 100, 'syslog': 116,
            'vhangup': 58, 'settimeofday': 170, 'clock_settime': 112, 'adjtimex': 171,
            'clock_adjtime': 266, 'lookup_dcookie': 18, 'nfsservctl': 42,
            'mq_open': 180, 'mq_unlink': 181, 'mq_timedsend': 182, 'mq_timedreceive': 183,
            'mq_notify': 184, 'mq_getsetattr': 185, 'msgget': 186, 'msgctl': 187, 'msgrcv': 188,
            'msgsnd': 189, 'semget': 190, 'semctl': 191, 'semtimedop': 192, 'semop': 193,
            'shmget': 194, 'shmctl': 195, 'shmat': 196, 'shmdt': 197,
            'memfd_create': 279,
        }),
        'self_arg0': {
            'kill': 129, 'tgkill': 131, 'rt_sigqueueinfo': 138, 'rt_tgsigqueueinfo': 240,
            'prlimit64': 261, 'sched_setaffinity': 122, 'sched_setparam': 118,
            'sched_setscheduler': 119, 'sched_setattr': 274,
        },
    },
}

PID_PLACEHOLDER = 0x7FFFFFFE
NEG_PID_PLACEHOLDER = 0x7FFFFFFD


class _Asm:
    """A tiny assembler: instructions may jump to named labels; offsets resolved at the end."""

    def __init__(self):
        self.ins = []  # [code, jt, jf, k]
        self.labels = {}

    def label(self, name):
        self.labels[name] = len(self.ins)

    def op(self, code, k=0, jt=None, jf=None):
        self.ins.append([code, jt, jf, k])

    def assemble(self):
        out = []
        for i, (code, jt, jf, k) in enumerate(self.ins):
            def rel(target):
                if target is None:
                    return 0
                off = self.labels[target] - (i + 1)
                if not 0 <= off <= 255:
                    raise ValueError('bpf jump out of range: %s' % target)
                return off
            if code == JA:
                k = self.labels[k] - (i + 1)
                out.append((code, 0, 0, k))
            else:
                out.append((code, rel(jt), rel(jf), k))
        return out


LINEAR_MAX = 4


def _search(asm, p, entries, name):
    """A binary search over the sorted (syscall nr, label) pairs: any other nr is allowed.
    A linear chain of ~115 compares made the kernel's per-filter action cache (built when
    the filter is installed, by running it for every syscall nr) cost ~0.13 ms per job
    child, ~4 % of a print(1) job's CPU (measured with perf); the tree needs ~8 compares."""
    if len(entries) <= LINEAR_MAX:
        for nr, target in entries:
            asm.op(JEQ_K, nr, jt=p + target)
        asm.op(RET_K, RET_ALLOW)
        return
    mid = len(entries) // 2
    upper = '%s%s_ge' % (p, name)
    asm.op(JGE_K, entries[mid][0], jt=upper)
    _search(asm, p, entries[:mid], name + 'l')
    asm.label(upper)
    _search(asm, p, entries[mid:], name + 'r')


def _arch_section(asm, arch, table):
    p = 'a%x_' % arch
    asm.label(p + 'start')
    asm.op(LD_W_ABS, OFF_NR)
    if table['x32_bit'] is not None:
        asm.op(JGE_K, table['x32_bit'], jt=p + 'kill')
    asm.op(JGE_K, FIRST_UNREVIEWED_NR, jt=p + 'enosys')
    special = {nr: 'eperm' for nr in table['deny'].values()}
    special.update({nr: 'self' for nr in table['self_arg0'].values()})
    special.update({table['clone3']: 'enosys', table['clone']: 'clone', table['fcntl']: 'fcntl',
                    table['ioctl']: 'ioctl', table['prctl']: 'prctl'})
    _search(asm, p, sorted(special.items()), 'root')
    # clone: only threads (CLONE_THREAD|CLONE_VM|CLONE_SIGHAND, no namespace flags).
    asm.label(p + 'clone')
    asm.op(LD_W_ABS, OFF_ARG0_LO)
    asm.op(AND_K, THREAD_FLAGS | CLONE_NS_MASK)
    asm.op(JEQ_K, THREAD_FLAGS, jt=p + 'allow', jf=p + 'eperm')
    # fcntl/ioctl: no file owner, so no kernel-sent signal can reach another process
    # (F_SETSIG would even let a job pick the signal).
    asm.label(p + 'fcntl')
    asm.op(LD_W_ABS, OFF_ARG1_LO)
    for cmd in SIGNAL_OWNER_FCNTL:
        asm.op(JEQ_K, cmd, jt=p + 'eperm')
    asm.op(RET_K, RET_ALLOW)
    asm.label(p + 'ioctl')
    asm.op(LD_W_ABS, OFF_ARG1_LO)
    for cmd in SIGNAL_OWNER_IOCTL:
        asm.op(JEQ_K, cmd, jt=p + 'eperm')
    asm.op(RET_K, RET_ALLOW)
    # prctl: anything but making the process dumpable again.
    asm.label(p + 'prctl')
    asm.op(LD_W_ABS, OFF_ARG0_LO)
    asm.op(JEQ_K, PR_SET_DUMPABLE, jt=p + 'eperm', jf=p + 'allow')
    # pid-taking calls: the kernel truncates pid_t to 32 bits, so compare the low word only.
    asm.label(p + 'self')
    asm.op(LD_W_ABS, OFF_ARG0_LO)
    asm.op(JEQ_K, 0, jt=p + 'allow')
    asm.op(JEQ_K, PID_PLACEHOLDER, jt=p + 'allow')
    asm.op(JEQ_K, NEG_PID_PLACEHOLDER, jt=p + 'allow', jf=p + 'eperm')
    asm.label(p + 'allow')
    asm.op(RET_K, RET_ALLOW)
    asm.label(p + 'eperm')
    asm.op(RET_K, RET_ERRNO | EPERM)
    asm.label(p + 'enosys')
    asm.op(RET_K, RET_ERRNO | ENOSYS)
    asm.label(p + 'kill')
    asm.op(RET_K, RET_KILL_PROCESS)


NATIVE_ARCH = {'x86_64': AUDIT_ARCH_X86_64, 'aarch64': AUDIT_ARCH_AARCH64}


def build_program(machine=None):
    """Returns (bytes of struct sock_filter[], instruction count, pid slot offsets).

    Only the native architecture's table is included (a smaller filter installs faster);
    any other arch value, including the 32-bit compat ABIs, is killed. An unknown machine
    raises: the seccomp layer then fails closed.
    """
    machine = machine or os.uname().machine
    arch = NATIVE_ARCH.get(machine)
    if arch is None:
        raise OSError('no seccomp syscall table for machine %r' % machine)
    asm = _Asm()
    asm.op(LD_W_ABS, OFF_ARCH)
    asm.op(JEQ_K, arch, jt='a%x_start' % arch)
    asm.op(RET_K, RET_KILL_PROCESS)
    _arch_section(asm, arch, SYSCALLS[arch])
    ins = asm.assemble()
    blob = bytearray()
    pid_slots, neg_slots = [], []
    for code, jt, jf, k in ins:
        if code == JEQ_K and k == PID_PLACEHOLDER:
            pid_slots.append(len(blob) + 4)
        if code == JEQ_K and k == NEG_PID_PLACEHOLDER:
            neg_slots.append(len(blob) + 4)
        blob += struct.pack('<HBBI', code, jt, jf, k & 0xFFFFFFFF)
    return bytes(blob), len(ins), (pid_slots, neg_slots)
