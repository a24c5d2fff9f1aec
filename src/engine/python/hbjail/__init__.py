"""HackBridge's in-jail harness: the zygote loop, per-job containment and the job runner.

Standard library only (Python 3.11); loaded by zygote.py inside the bubblewrap jail.
"""
