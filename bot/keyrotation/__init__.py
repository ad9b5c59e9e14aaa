"""Pseudonym keys that rotate (README: Rotating the pseudonym key): which columns hold
sealed values and resident hashes (columns.py), the lookup that finds a resident under any
key and moves them to the current one (residents.py), the background job that moves the
rest (job.py), and the counts per key version an operator watches (counts.py)."""
