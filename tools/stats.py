"""Small statistics for the benchmarks (standard library only: both environments use it)."""

from __future__ import annotations


def percentile(values: list[float], q: float) -> float:
    """The value at quantile q (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
