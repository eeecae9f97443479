"""Units' lines to tallies: one per unit, monthly rows summed over the period.

Also the year-to-date tallies of a file's 累计 columns, and the quick path that reads a
plain file (单位, 报送数, 采纳数, 类别) a column at a time when it needs no judgement.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, overload

from ._cells import _COUNT_DIGITS, _Problems
from ._columns import _Line
from ._headings import figure_name
from ._model import MAX_NAME_LENGTH, Tally, Unit, quick_group, quick_tally, quick_unit
from ._period import Period
from ._sheets import _Sheet

__all__ = ["_PLAIN", "_quick_tallies", "_tallies", "_ytd_tallies"]


def _tallies(
    lines: list[_Line], period: Period | None, problems: _Problems, *, plain: bool = False
) -> tuple[list[Tally], list[str]]:
    """One tally per unit; ``plain``: the file has no count columns but 报送数 and 采纳数."""
    by_name: dict[str, list[_Line]] = {}
    for line in lines:
        by_name.setdefault(line.unit.name, []).append(line)
    monthly = any(line.month is not None for line in lines)
    whole = period
    if whole is None and monthly:
        whole = Period(
            min(line.month.start for line in lines if line.month),
            max(line.month.end for line in lines if line.month),
        )
    tallies: list[Tally] = []
    places: list[str] = []
    for name, group in by_name.items():
        first = group[0]
        if not monthly:
            for again in group[1:]:
                problems.add(again.place, f"{name} appears twice (first at {first.place})")
        else:
            seen: dict[Period | None, _Line] = {}
            for line in group:
                if line.unit.group != first.unit.group:
                    problems.add(
                        line.place,
                        f"{name} is in group {line.unit.group!r} here but "
                        f"{first.unit.group!r} at {first.place}",
                    )
                if line.month in seen:
                    problems.add(
                        line.place,
                        f"{name} has two rows for {line.month.label() if line.month else '?'} "
                        f"(first at {seen[line.month].place})",
                    )
                seen[line.month] = line
        assert whole is not None
        if not monthly and plain:
            tally = _plain_tally(first, whole, problems)
        else:
            tally = _tally(first.unit, whole, group if monthly else [first], "", problems)
        if tally is not None:
            tallies.append(tally)
            places.append(first.place)
    return tallies, places


_PLAIN = frozenset({"submitted", "adopted"})


class _Places(Sequence[str]):
    """Rows' places, worded only when asked for (a problem to report is rare)."""

    def __init__(self, sheet: _Sheet, indices: list[int]) -> None:
        self.sheet = sheet
        self.indices = indices

    def __len__(self) -> int:
        return len(self.indices)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self.sheet.place(i) for i in self.indices[index]]
        return self.sheet.place(self.indices[index])


def _quick_tallies(
    sheet: _Sheet, start: int, where: dict[str, int], period: Period
) -> tuple[list[Tally], Sequence[str]] | None:
    """The tallies of a plain file (单位, 报送数, 采纳数, 类别), read a column at a time.

    Only a file that needs no judgement is read here: every unit's name already
    normal, every count digits. Anything else (a 合计 or note row, a blank row, an odd
    cell, a unit twice, a count that does not fit) returns ``None``, and the general
    reader, which explains every problem, reads the file instead.
    """
    rows = sheet.rows[start:]
    unit_at, group_at = where["unit"], where.get("group")
    submitted_at, adopted_at = where.get("submitted"), where["adopted"]
    needed = max(p for p in (unit_at, group_at, submitted_at, adopted_at) if p is not None)
    if not rows or min(map(len, rows)) <= needed:
        return None
    names = [row[unit_at] for row in rows]
    if not all(type(n) is str for n in names):
        return None
    joined = "\ufffd".join(names)  # U+FFFD: a character no name check or NFKC touches
    if (
        _QUICK_ODD.search(joined)
        or not unicodedata.is_normalized("NFKC", joined)
        or "" in names
        or max(map(len, names)) > MAX_NAME_LENGTH
        or {name[:1] for name in names} & _QUICK_STOPS
        or len(set(names)) != len(names)
    ):
        return None
    adopted = _digits([row[adopted_at] for row in rows])
    submitted = _digits([row[submitted_at] for row in rows]) if submitted_at is not None else None
    if adopted is None or (submitted_at is not None and submitted is None):
        return None
    if submitted is not None and any(map(operator.gt, adopted, submitted)):
        return None
    if group_at is None:
        groups: list[str | None] = [None] * len(rows)
    else:
        groups = [row[group_at] or None for row in rows]
        try:
            groups = [None if g is None else quick_group(g) for g in groups]
        except (TypeError, ValueError):
            return None
    units = [quick_unit(n, g, normal=True) for n, g in zip(names, groups, strict=True)]
    counted = submitted if submitted is not None else [None] * len(rows)
    tallies = [
        quick_tally(u, period, s, a) for u, s, a in zip(units, counted, adopted, strict=True)
    ]
    return tallies, _Places(sheet, list(range(start, start + len(rows))))


def _digits(cells: list[Any]) -> list[int] | None:
    """Whole numbers written as plain digits, or ``None`` when one is anything else."""
    if not all(type(c) is str for c in cells):
        return None
    joined = "".join(cells)
    if not joined.isascii() or not joined.isdigit() or "" in cells:
        return None
    if max(map(len, cells), default=0) >= _COUNT_DIGITS:
        return None  # a count that may be beyond MAX_COUNT: the general reader says so
    return list(map(int, cells))


# Characters that call for the general reader: what the name check refuses (controls,
# separators, bidi controls, surrogates, private use, non-characters), white space
# (names are normalised), 计 (合计, 小计, 总计 rows), and any character beyond the BMP
# (rare in names; one range keeps this class a fast lookup). ``tests/test_data.py``
# checks that the quick path reads what the general one reads.
_QUICK_ODD = re.compile(
    "[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff"
    "\\ue000-\\uf8ff\\ufdd0-\\ufdef\\ufffe\\uffff\\s计\\U00010000-\\U0010ffff]"
)


# First characters that call for the general reader: blank names, 注/备注 notes, 合计/总计.
_QUICK_STOPS = frozenset(
    {"", " ", "\t", "\u3000", "注", "备", "说", "填", "制", "审", "数", "合", "总", "小"}
)


def _plain_tally(line: _Line, period: Period, problems: _Problems) -> Tally | None:
    """The usual row (报送数, 采纳数 and nothing else to add up), without the general path."""
    values = line.values
    adopted = values.get("adopted")
    if adopted is None:
        return None
    submitted = values.get("submitted")
    try:
        return Tally(line.unit, period, None if submitted is None else int(submitted), int(adopted))
    except (TypeError, ValueError) as exc:
        problems.add(line.place, str(exc))
        return None


def _tally(
    unit: Unit, period: Period, group: list[_Line], prefix: str, problems: _Problems
) -> Tally | None:
    """One unit's tally from its rows (one, or one per month), from ``prefix`` figures."""
    first = group[0]
    figures: dict[str, int | Fraction | None] = {}
    # The keys in the first row's (the header's) order, so levels keep the notice's order.
    keys = [k for k in first.values if k.startswith(prefix)]
    for line in group[1:]:
        keys += [k for k in line.values if k.startswith(prefix) and k not in keys]
    if not prefix:
        keys = [k for k in keys if not k.startswith("ytd_")]
    for key in keys:
        name = key.removeprefix(prefix)
        if len(group) == 1:
            figures[name] = first.values[key]
            continue
        parts = [line.values.get(key) for line in group]
        if None in parts:
            if name == "score":
                problems.add(
                    first.place, f"{unit.name} has a 得分 in some months and not in others"
                )
                return None
            figures[name] = None
            continue
        figures[name] = sum(parts[1:], parts[0])  # type: ignore[arg-type]
    levels = [(k[6:], int(v)) for k, v in figures.items() if k[:6] == "level:" and v is not None]
    adopted = figures.get("adopted")
    if adopted is None and levels:
        adopted = sum(count for _, count in levels)
    if adopted is None:
        return None
    submitted = figures.get("submitted")
    try:
        return Tally(
            unit,
            period,
            None if submitted is None else int(submitted),
            int(adopted),
            levels=levels,
            score=figures.get("score"),
            quota=_int_or_none(figures.get("quota")),
            instructions=_int_or_none(figures.get("instructions")),
            parent=first.parent,
        )
    except (TypeError, ValueError) as exc:
        problems.add(first.place, str(exc))
        return None


def _int_or_none(value: int | Fraction | None) -> int | None:
    return None if value is None else int(value)


def _ytd_tallies(
    lines: list[_Line], period: Period, current: dict[str, Tally], problems: _Problems
) -> list[Tally]:
    """The 累计 columns' tallies; each must be at least the period's own figure."""
    out = []
    for line in lines:
        ytd = _tally(line.unit, period, [line], "ytd_", problems)
        now = current.get(line.place)
        if ytd is None or now is None:
            continue
        for figure in ("submitted", "adopted"):
            this, total = getattr(now, figure), getattr(ytd, figure)
            if this is not None and total is not None and total < this:
                problems.add(
                    line.place,
                    f"{line.unit.name}: 累计{figure_name(figure)} {total} is less than this "
                    f"period's {this}",
                )
        out.append(ytd)
    if not out and lines and not problems.items:
        problems.add(
            None,
            "累计 columns but no 累计采纳数 (or 累计 level columns): the year-to-date "
            "adoptions are needed",
        )
    return out
