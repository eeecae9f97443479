"""Counts from the files offices already keep: CSV exports and Excel workbooks.

Real sheets have a title row above the header, Chinese or English column names, GBK
exports, full-width digits, thousands separators, blank and note rows, and a 合计 row at
the bottom. All of that is read. Figures a sheet states but tongbao computes (合计 and
小计 rows, a 采纳率 column) are claims: they are checked, never used. Every problem is
reported with the file and the place (``line 7`` in a CSV, ``cell C7`` in a workbook),
all of them in one :class:`~tongbao.InputError`.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import attrs

from . import _sheets
from ._cells import _Problems
from ._columns import _Columns, _find_header
from ._files import Input, Source, read_input
from ._headings import COUNT_FIGURES, Header
from ._limits import Limits, check_units, limited
from ._model import Tally
from ._period import Period
from ._sheets import DATA_KINDS, _rows, _Sheet
from ._tallying import _PLAIN, _quick_tallies, _tallies, _ytd_tallies
from .errors import InputError

__all__ = ["DataTable", "paused_gc", "read_counts", "read_table", "read_tables"]


@attrs.frozen
class DataTable:
    """What a data file holds for a period: the tallies and how its header was read.

    ``places`` gives each tally's row (its first, for monthly rows), so a problem found
    later with a unit's figures can point at the file. ``year_to_date`` holds the
    tallies of the file's 累计 columns, when it has them and a year-to-date period was
    asked for.
    """

    tallies: tuple[Tally, ...]
    header: Header
    places: Sequence[str]
    year_to_date: tuple[Tally, ...] = ()


def read_counts(
    source: Source,
    period: Period | None,
    *,
    kind: str | None = None,
    name: str | None = None,
    sheet: str | None = None,
    also: Sequence[Period] = (),
    levels: Sequence[str] = (),
    root: str | os.PathLike[str] | None = None,
    limits: Limits | None = None,
) -> list[Tally]:
    """The tallies a CSV or XLSX file states for ``period``, in the file's order.

    With a 月份 column the rows are monthly and are summed over ``period``; months
    outside it are errors, except months of the ``also`` periods, which are skipped (one
    monthly file can hold this period, the previous one and the year before). Without
    one, each row is a unit's count for the whole ``period``, which must then be given.
    ``levels`` names the columns of adoptions by level to read. With ``root``, a file
    outside that folder (symlinks and ``..`` resolved) is refused.

    Args:
        source: a path (``str`` or path-like), the file's bytes, or a binary file
            object (an upload's ``.file``); bytes and file objects are read up to the
            size bound and no further.
        kind: ``"csv"`` or ``"xlsx"``; required for bytes and file objects. A path
            without it has its kind from its suffix (``.csv``, ``.txt``, ``.tsv``,
            ``.xlsx``, ``.xlsm``).
        name: the file's name in every message (default: the path as given, else
            ``<data file>``): an upload's own name, never a temporary path.
        limits: a :class:`~tongbao.Limits` to hold the file to (its size, a workbook's
            unpacked size, its units), beyond the built-in bounds.

    Raises:
        InputError: every problem found, with the file and the place.
    """
    with limited(limits):
        data = _data_input(source, kind, name, root)
        table = read_table(data, period, sheet=sheet, also=also, levels=levels)
    if limits is not None:
        check_units(table.tallies, limits, data.name)
    return list(table.tallies)


def _data_input(
    source: Source | Input,
    kind: str | None,
    name: str | None,
    root: str | os.PathLike[str] | None,
) -> Input:
    folder = Path(root) if root is not None else None
    return read_input(
        source,
        _sheets.MAX_FILE_BYTES,  # read when called: a test may lower it
        "data file",
        kind=kind,
        name=name,
        kinds=DATA_KINDS,
        root=folder,
    )


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a file's objects are made.

    Reading 100,000 units makes a few hundred thousand objects and no reference cycles;
    the collector would scan the growing heap again and again (half the loading time)
    for nothing. It is switched back on afterwards, if it was on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def read_table(
    source: Source | Input,
    period: Period | None,
    *,
    sheet: str | None = None,
    also: Sequence[Period] = (),
    levels: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    year_to_date: Period | None = None,
    root: Path | None = None,
) -> DataTable:
    """:func:`read_counts` with the header as read, each tally's row, and 累计 columns.

    ``columns`` maps figures to the headings that hold them, for headings tongbao does
    not recognise (``{"submitted": "本季度报送"}``); ``year_to_date`` is the period the
    file's 累计 columns cover, to read them as tallies.

    Raises:
        InputError: every problem found, with the file and the place.
    """
    with paused_gc():
        data = _data_input(source, None, None, root)
        return _read_table(data, period, sheet, also, levels, columns, year_to_date)


def read_tables(
    source: Source | Input,
    periods: Mapping[str, Period],
    *,
    sheet: str | None = None,
    levels: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    year_to_date: Period | None = None,
    root: Path | None = None,
) -> dict[str, DataTable]:
    """One data file read once, for every period it serves (this one, the previous …).

    ``periods`` names each period wanted (``{"current": …, "previous": …}``); a monthly
    file's rows are summed per period, and a month that belongs to another of the
    periods is not an error. A file without a 月份 column holds one period's counts:
    only the first period is read, and the others are missing from the result.
    ``year_to_date`` is passed to the first period's reading (the file's 累计 columns).
    The problems of every period are reported together.

    Raises:
        InputError: every problem found, with the file and the place.
    """
    with paused_gc():
        data = _data_input(source, None, None, root)
        name = data.name
        rows = _rows(data, sheet)
        problems = _Problems(name)
        found = _find_header(rows, problems, levels, columns or {})
        problems.raise_if_any()
        assert found is not None
        tables = {}
        wanted = list(periods.items())
        if "month" not in found[1]:
            wanted = wanted[:1]  # one period's counts per row: only the first period is read
        for i, (key, period) in enumerate(wanted):
            others = [p for k, p in periods.items() if k != key]
            try:
                tables[key] = _interpret(
                    rows, found, period, others, levels, year_to_date if i == 0 else None, name
                )
            except InputError as exc:
                problems.items.extend(p for p in exc.problems if p not in problems.items)
        problems.raise_if_any()
        return tables


def _read_table(  # noqa: PLR0917 - read_table's arguments, passed on
    data: Input,
    period: Period | None,
    sheet: str | None,
    also: Sequence[Period],
    levels: Sequence[str],
    columns: Mapping[str, str] | None,
    year_to_date: Period | None,
) -> DataTable:
    name = data.name
    rows = _rows(data, sheet)
    problems = _Problems(name)
    found = _find_header(rows, problems, levels, columns or {})
    if found is None:
        problems.raise_if_any()
        raise AssertionError("unreachable: no header and no problem")  # pragma: no cover
    problems.raise_if_any()
    return _interpret(rows, found, period, also, levels, year_to_date, name)


def _interpret(  # noqa: PLR0917 - one reading's parts
    rows: _Sheet,
    found: tuple[int, dict[str, int], Header],
    period: Period | None,
    also: Sequence[Period],
    levels: Sequence[str],
    year_to_date: Period | None,
    name: str,
) -> DataTable:
    """The tallies the rows under the header state for ``period``."""
    header_index, where, header = found
    problems = _Problems(name)
    plain = not any(f in where for f in (*COUNT_FIGURES, "parent") if f not in _PLAIN) and not any(
        f.startswith(("level:", "ytd_")) for f in where
    )
    quick = None
    if plain and period is not None and not where.keys() & {"month", "rate", "completion"}:
        quick = _quick_tallies(rows, header_index + 1, where, period)
    if quick is not None:
        return DataTable(tuple(quick[0]), header, quick[1])
    reader = _Columns(where, header, period, levels, problems)
    lines = reader.lines(rows, header_index + 1, also) if reader.usable() else []
    problems.raise_if_any()
    tallies, places = _tallies(lines, period, problems, plain=plain)
    ytd: list[Tally] = []
    if year_to_date is not None and any(f.startswith("ytd_") for f in where):
        ytd = _ytd_tallies(lines, year_to_date, dict(zip(places, tallies, strict=True)), problems)
    problems.raise_if_any()
    return DataTable(tuple(tallies), header, tuple(places), tuple(ytd))
