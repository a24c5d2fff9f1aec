"""Step 5: the PEP 578 audit hook. It records what the code tries (bounded) for the report.

It is a report, not a wall: seccomp is the wall. When seccomp is active the hook also raises
PermissionError for process creation right away, because the kernel would refuse it a moment
later anyway (os.system would even hide the refusal in a 127 exit status), and this way the
job stops with a clear message naming what it tried.
"""
import sys

NAME = 'audit'


def apply(job, ctx):
    sys.addaudithook(ctx['recorder'].hook)
