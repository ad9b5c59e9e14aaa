"""Secondary suppression: which published counts to hide so that no hidden count can be
recomputed from the ones shown.

The model: every published number (a CSV line, a table cell, a bar of a chart) is the sum
of a set of fine cells, the true counts behind the CSV. A reader knows every number shown,
that each of them is such a sum, that a hidden number is at least 1 (zeros are shown as 0)
and that counts are not negative. A hidden number is safe when, under exactly those facts,
it can take at least two whole values: its largest value minus its smallest is 1 or more.
That is decided with two small linear programs per hidden number (scipy's HiGHS), not
with a rule of thumb, so it holds for all tables together, however a reader combines them.

Counts from 1 to 4 are hidden first (primary). While a hidden number is still pinned to one
value, one more shown number next to it (in a sum it shares) is hidden, the smallest
first: secondary suppression. Hiding only ever widens what a reader can conclude, so a
number once found safe stays safe.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

THRESHOLD = 5
# A hidden number is safe when a reader's range for it is at least this wide.
MIN_RANGE = 1.0
_EPSILON = 1e-6
# How many neighbours to try one by one before simply hiding the smallest.
_TRIES = 6
# Up to this many matrix entries, a quick dense least-squares test comes first.
_DENSE_LIMIT = 60_000
# With fewer open numbers than this, checking them one by one is cheaper than a batch.
_BATCH_FROM = 4


class _Component:
    """The published numbers that share fine cells, directly or through others."""

    def __init__(self, items: list[int], sets: Sequence[frozenset[int]], values: list[int]):
        self.items = items
        cells = sorted({cell for item in items for cell in sets[item]})
        column = {cell: index for index, cell in enumerate(cells)}
        self.width = len(cells)
        self.row_of = {item: row for row, item in enumerate(items)}
        data, rows, columns = [], [], []
        for row, item in enumerate(items):
            for cell in sets[item]:
                rows.append(row)
                columns.append(column[cell])
                data.append(1.0)
        self.matrix = csr_matrix((data, (rows, columns)), shape=(len(items), self.width))
        self.values = np.array([values[item] for item in items], dtype=float)

    def is_pinned(self, item: int, hidden: set[int]) -> bool:
        return self.fixed_by_sums(item, hidden) or self.check(item, hidden)[0]

    def fixed_by_sums(self, item: int, hidden: set[int]) -> bool:
        """Whether the shown sums alone fix `item` (it is a combination of them): then it
        is pinned whatever the bounds, and no linear program is needed to know it."""
        shown = [row for i, row in self.row_of.items() if i not in hidden]
        if not shown or self.width * len(shown) > _DENSE_LIMIT:
            return False
        dense = self.matrix[shown].toarray()
        target = self.matrix[self.row_of[item]].toarray().ravel()
        weights = np.linalg.lstsq(dense.T, target, rcond=None)[0]
        return bool(np.allclose(dense.T @ weights, target, atol=1e-7))

    def check(self, item: int, hidden: set[int]) -> tuple[bool, list[np.ndarray]]:
        """Whether a reader can narrow `item` down to one whole value, and the counts the
        linear programs found that a reader cannot tell from the true ones (they also
        show other hidden numbers to be safe: `moved`)."""
        row = self.row_of[item]
        return self._extremes(self.matrix[row].toarray().ravel(), self.values[row], hidden)

    def batch(self, items: Sequence[int], hidden: set[int]) -> list[np.ndarray]:
        """Points that push all of `items` at once, up and down (one linear program each
        way instead of two per number; most hidden numbers are shown safe this way).
        The counts get a ceiling here so the programs stay bounded; that only narrows
        the points found, and each still fits everything shown."""
        rows = [self.row_of[item] for item in items]
        target = np.asarray(self.matrix[rows].sum(axis=0)).ravel()
        ceiling = 2 * float(self.values.max()) + THRESHOLD
        return self._extremes(target, None, hidden, ceiling)[1]

    def _extremes(
        self,
        target: np.ndarray,
        value: float | None,
        hidden: set[int],
        ceiling: float | None = None,
    ) -> tuple[bool, list[np.ndarray]]:
        """The largest and smallest value of target · counts; pinned unless they differ
        from `value` by MIN_RANGE or more (with value None: both points, always)."""
        shown = [row for i, row in self.row_of.items() if i not in hidden]
        secret = [row for i, row in self.row_of.items() if i in hidden]
        kwargs = {
            "A_eq": self.matrix[shown] if shown else None,
            "b_eq": self.values[shown] if shown else None,
            "A_ub": -self.matrix[secret] if secret else None,
            "b_ub": -np.ones(len(secret)) if secret else None,
            "bounds": (0, ceiling),
            "method": "highs",
        }
        points: list[np.ndarray] = []
        for sign in (-1.0, 1.0):  # first the largest value, then the smallest
            result = linprog(sign * target, **kwargs)
            if result.status == 3:  # unbounded: it can be as large as you like
                return False, points
            if result.status != 0:
                # The true counts always satisfy the model; anything else is a solver
                # failure, and then hiding more is the safe side.
                return True, points
            points.append(result.x)
            if value is not None and abs(sign * result.fun - value) >= MIN_RANGE - _EPSILON:
                return False, points
        return True, points

    def moved(self, points: list[np.ndarray], hidden: set[int]) -> set[int]:
        """The hidden numbers that differ by 1 or more from their true value in one of the
        points (each point fits everything shown, so those numbers are not pinned)."""
        safe: set[int] = set()
        for point in points:
            sums = self.matrix @ point
            for i, row in self.row_of.items():
                if i in hidden and abs(sums[row] - self.values[row]) >= MIN_RANGE - _EPSILON:
                    safe.add(i)
        return safe


def _components(sets: Sequence[frozenset[int]]) -> list[list[int]]:
    parent: dict[int, int] = {}

    def find(cell: int) -> int:
        while parent.setdefault(cell, cell) != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for cells in sets:
        first, *rest = cells
        for cell in rest:
            parent[find(cell)] = find(first)
    grouped: dict[int, list[int]] = defaultdict(list)
    for item, cells in enumerate(sets):
        grouped[find(next(iter(cells)))].append(item)
    return list(grouped.values())


def _neighbours(item: int, component: list[int], sets: Sequence[frozenset[int]]) -> set[int]:
    """Numbers in a sum with `item`: those sharing a fine cell with any number that shares
    one with it (its row and column mates, its totals and its parts)."""
    near = {cell for other in component if sets[other] & sets[item] for cell in sets[other]}
    return {other for other in component if other != item and sets[other] & near}


def hidden_items(cells: Sequence[int], sets: Sequence[frozenset[int]]) -> frozenset[int]:
    """The indices of `sets` to hide. `cells` are the true fine counts; each set in `sets`
    is one published number, the fine cells it adds up (no empty sets, no duplicates)."""
    if any(count < 0 for count in cells):
        raise ValueError("a count cannot be negative")
    if len(set(sets)) != len(sets) or not all(sets):
        raise ValueError("every published number needs its own, non-empty set of cells")
    values = [sum(cells[cell] for cell in cells_of) for cells_of in sets]
    hidden = {item for item, value in enumerate(values) if 0 < value < THRESHOLD}
    for items in _components(sets):
        if hidden.isdisjoint(items):
            continue
        _protect(_Component(items, sets, values), items, sets, values, hidden)
    return frozenset(hidden)


def _protect(
    component: _Component,
    items: list[int],
    sets: Sequence[frozenset[int]],
    values: list[int],
    hidden: set[int],
) -> None:
    """Hide numbers of the component until every hidden one is safe. One pass over the
    hidden numbers is enough: a number made safe stays safe when more are hidden."""
    safe: set[int] = set()

    def clear_in_batches() -> None:
        while len(open_ := [i for i in items if i in hidden and i not in safe]) >= _BATCH_FROM:
            found = component.moved(component.batch(open_, hidden), hidden) - safe
            if not found:
                return
            safe.update(found)

    clear_in_batches()
    work = sorted(i for i in items if i in hidden)
    while work:
        item = work.pop(0)
        while item not in safe:
            pinned, points = component.check(item, hidden)
            safe.update(component.moved(points, hidden))
            if not pinned:
                safe.add(item)
                break
            chosen = _next_to_hide(component, item, items, sets, values, hidden)
            hidden.add(chosen)
            work.append(chosen)
            clear_in_batches()


def _next_to_hide(
    component: _Component,
    item: int,
    items: list[int],
    sets: Sequence[frozenset[int]],
    values: list[int],
    hidden: set[int],
) -> int:
    """The shown number to hide for a pinned one: of its neighbours, the smallest that
    sets it free on its own, else simply the smallest."""
    near = _neighbours(item, items, sets)
    # Any number of the component will do when no neighbour is left (a number whose
    # every neighbour is hidden can grow freely, so this is only a safety net).
    pool = [other for other in near if other not in hidden] or [
        other for other in items if other not in hidden
    ]
    candidates = sorted(pool, key=lambda other: (values[other], len(sets[other]), other))
    return next(
        (c for c in candidates[:_TRIES] if not component.is_pinned(item, hidden | {c})),
        candidates[0],
    )
