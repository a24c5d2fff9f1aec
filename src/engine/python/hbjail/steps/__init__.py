"""Containment steps, applied in a fixed order by hbjail.contain.contain()."""
