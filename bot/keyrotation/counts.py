"""How many stored values each key version still holds (`python -m bot keys`), so an
operator knows when an old key may be removed: when no row is left under its version."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.keyring import Keyring
from bot.keyrotation.columns import RESIDENT_KEY_COLUMNS, SEALED_COLUMNS, label, primary_key
from bot.sealing import sealed_with

BATCH = 1000
# A sealed value no key of the ring opens (its key was removed, or it is damaged).
NO_KEY = 0


@dataclass(frozen=True)
class ColumnCount:
    column: str
    # version -> rows; NO_KEY for sealed values no configured key opens.
    by_version: dict[int, int]


async def count_versions(session: AsyncSession, keys: Keyring) -> list[ColumnCount]:
    counts = []
    for key, key_version in RESIDENT_KEY_COLUMNS:
        rows = await session.execute(
            select(key_version, func.count()).where(key.is_not(None)).group_by(key_version)
        )
        counts.append(ColumnCount(label(key), {int(v): int(n) for v, n in rows.all()}))
    for column in SEALED_COLUMNS:
        counts.append(ColumnCount(label(column), await _sealed_versions(session, keys, column)))
    return counts


async def _sealed_versions(
    session: AsyncSession, keys: Keyring, column: InstrumentedAttribute[Any]
) -> dict[int, int]:
    pk = primary_key(column)
    found: Counter[int] = Counter()
    after: Any = None
    while True:
        query = select(pk, column).where(column.is_not(None)).order_by(pk).limit(BATCH)
        if after is not None:
            query = query.where(pk > after)
        rows = (await session.execute(query)).all()
        if not rows:
            return dict(found)
        after = rows[-1][0]
        for _, token in rows:
            found[sealed_with(keys, token) or NO_KEY] += 1


def in_use(counts: list[ColumnCount]) -> Counter[int]:
    """Rows per version over every column (NO_KEY left out)."""
    total: Counter[int] = Counter()
    for count in counts:
        for version, rows in count.by_version.items():
            if version != NO_KEY:
                total[version] += rows
    return total


def report(keys: Keyring, counts: list[ColumnCount]) -> str:
    """The operator's summary: rows per column and version, then per configured key
    whether it is still needed."""
    lines = [
        f"current key version: {keys.current_version} (configured: "
        f"{', '.join(str(v) for v in keys.versions)})"
    ]
    for count in counts:
        shown = ", ".join(
            f"{'no key' if v == NO_KEY else f'version {v}'}: {n}"
            for v, n in sorted(count.by_version.items(), reverse=True)
        )
        lines.append(f"  {count.column}: {shown or 'no rows'}")
    used = in_use(counts)

    def rows(number: int) -> str:
        return f"{number} row" if number == 1 else f"{number} rows"

    for version in keys.versions[1:]:
        if used[version]:
            lines.append(f"version {version}: {rows(used[version])} left, keep its key")
        else:
            lines.append(f"version {version}: no rows left, its key may be removed")
    for version in sorted(set(used) - set(keys.versions)):
        lines.append(
            f"version {version}: {rows(used[version])} under a key that is no longer"
            " configured (a returning resident is not found under it; retention removes"
            " them)"
        )
    return "\n".join(lines)
