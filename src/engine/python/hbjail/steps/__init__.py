"""Containment steps, applied in a fixed order by hbjail.contain (prepare() before the job
arrives, contain() after)."""
