"""Regenerates data/large.in (deterministic): python3 gen.py > data/large.in"""
import random

rng = random.Random(2026)
n = 100_000
print(n)
print(*(rng.randint(1, 10**6) for _ in range(n)))

# data/medium.in: random.Random(7), n = 1500, values 1..1000 (same layout).
