"""The few libc calls the standard library does not wrap (prctl), through ctypes."""
import ctypes
import os
import struct

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_SECCOMP = 22
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36
PR_GET_NO_NEW_PRIVS = 39
SECCOMP_MODE_FILTER = 2

_libc = ctypes.CDLL(None, use_errno=True)
_prctl = _libc.prctl
_prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
_prctl.restype = ctypes.c_int


class SockFprog(ctypes.Structure):
    _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]


def prctl(option, arg2=0, arg3=None):
    if _prctl(option, arg2, arg3, 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, 'prctl(%d): %s' % (option, os.strerror(err)))


def set_dumpable(flag):
    prctl(PR_SET_DUMPABLE, 1 if flag else 0)


def set_parent_death_signal(sig):
    prctl(PR_SET_PDEATHSIG, sig)


def set_child_subreaper():
    prctl(PR_SET_CHILD_SUBREAPER, 1)


def set_no_new_privs():
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    check_no_new_privs()


def check_no_new_privs():
    if _prctl(PR_GET_NO_NEW_PRIVS, 0, None, 0, 0) != 1:
        raise OSError('no_new_privs is not set')


class PreparedFilter:
    """A seccomp program laid out in C memory once, in the zygote.

    Every object a forked child touches costs it a copy-on-write page fault (several
    microseconds each on this kind of VM), so the child only patches its pid into the
    existing buffer and makes one prctl call, instead of building ctypes objects per job.
    """

    def __init__(self, blob, count, slots):
        self._buf = ctypes.create_string_buffer(bytes(blob), len(blob))
        self._view = memoryview(self._buf).cast('B')
        self._fprog = SockFprog(count, ctypes.addressof(self._buf))
        self._fprog_addr = ctypes.addressof(self._fprog)
        self._pid_slots, self._neg_slots = slots

    def install(self, pid):
        """Installs the filter for `pid` (which may signal only itself). Needs no_new_privs."""
        for off in self._pid_slots:
            struct.pack_into('<I', self._view, off, pid & 0xFFFFFFFF)
        for off in self._neg_slots:
            struct.pack_into('<I', self._view, off, (-pid) & 0xFFFFFFFF)
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, self._fprog_addr)
