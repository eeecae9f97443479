"""The header row found, and the rows under it read as units' lines.

Which column holds which figure (a heading tongbao recognises, or one the notice
names); each unit's row read through :mod:`tongbao._cells`; 合计 and 小计 rows and a
row's own 采纳率 and 完成率 checked against the counts (claims, never used); note and
blank rows skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from ._cells import _COUNT_DIGITS, _check_ratio, _count, _in_other, _month, _Problems, _score, _text
from ._headings import (
    COUNT_FIGURES,
    FIELD_OF,
    Header,
    clean_heading,
    figure_name,
    level_fields,
    recognise,
)
from ._model import Unit
from ._period import Period
from ._sheets import _HEADER_SEARCH_ROWS, _Row, _Sheet

__all__ = ["_Columns", "_Line", "_find_header"]

_TOTAL_LABELS = {"合计": "total", "总计": "total", "总数": "total", "小计": "subtotal"}
_NOTE_PREFIXES = ("注", "备注", "说明", "填表", "制表", "审核", "数据来源")


def _find_header(
    sheet: _Sheet,
    problems: _Problems,
    levels: Sequence[str],
    mapping: Mapping[str, str],
) -> tuple[int, dict[str, int], Header] | None:
    named = {**FIELD_OF, **level_fields(levels)}
    chosen = {clean_heading(heading): figure for figure, heading in mapping.items()}
    level_figures = {f"level:{level}" for level in levels}
    with_unit: _Row | None = None
    for index in range(min(len(sheet.rows), _HEADER_SEARCH_ROWS)):
        row = sheet.row(index)
        columns: dict[str, int] = {}
        figures: list[str | None] = []
        clash = None
        for position, value in enumerate(row.values):
            cleaned = clean_heading(value)
            field = chosen.get(cleaned) if cleaned in chosen else recognise(cleaned, named)
            if field is not None and field in mapping and cleaned not in chosen:
                field = None  # the notice names another column for this figure
            figures.append(field)
            if field is None:
                continue
            if field in columns:
                clash = (field, position)
            columns.setdefault(field, position)
        if "unit" not in columns:
            continue
        counted = "adopted" in columns or (bool(levels) and level_figures <= columns.keys())
        header = Header(
            problems.file,
            row.place,
            tuple((_text(v), f) for v, f in zip(row.values, figures, strict=True)),
        )
        if not counted:
            with_unit = with_unit or row
            if not any(f in columns for f in ("submitted", "score", *level_figures)):
                continue
            problems.add(row.place, _lacking(header, levels, level_figures))
            return None
        if clash is not None:
            problems.add(
                row.cell_place(clash[1]),
                f"a second column for {figure_name(clash[0])} "
                f"({_text(row.values[clash[1]])!r}); keep one, tongbao would not know which "
                "to use (or name the one to read in the notice: data = { file = …, "
                "columns = { … } })",
            )
        missing = [f for f in mapping if f not in columns]
        for figure in missing:
            problems.add(
                row.place,
                f"no column headed {mapping[figure]!r} for {figure} (the notice's "
                f"data.columns); this row has {header.written()}",
            )
        return index, columns, header
    if with_unit is not None:
        header = Header(
            problems.file, with_unit.place, tuple((_text(v), None) for v in with_unit.values)
        )
        problems.add(with_unit.place, _lacking(header, levels, level_figures))
        return None
    problems.add(
        None,
        "no header row found in the first 20 rows: expected a 单位/unit column and the "
        "counts (报送数/submitted, 采纳数/adopted, the level columns or 得分; optional: "
        "类别/group, 序号/no., 采纳率/rate, 月份/month)",
    )
    return None


def _lacking(header: Header, levels: Sequence[str], level_figures: set[str]) -> str:
    missing = [f"{level}采用" for level in levels if f"level:{level}" not in header.figures]
    wanted = "采纳数" + (f" (or the level columns {', '.join(missing)})" if missing else "")
    return (
        f"has {header.written()} but no {wanted}: every notice needs the adoptions; "
        "name the column in the notice if it is headed otherwise "
        '(data = { file = …, columns = { adopted = "…" } })'
    )


@attrs.frozen
class _Line:
    unit: Unit
    month: Period | None
    place: str
    values: dict[str, int | Fraction] = attrs.field(hash=False)
    """Each count figure the row holds: submitted, adopted, level:X, score, ytd_ …"""
    parent: str | None = None


class _Columns:
    """Reads the rows under a header: where each figure is, and how to read a row."""

    def __init__(
        self,
        where: dict[str, int],
        header: Header,
        period: Period | None,
        levels: Sequence[str],
        problems: _Problems,
    ) -> None:
        self.where = where
        self.header = header
        self.period = period
        self.problems = problems
        self.headings = {figure: heading for heading, figure in header.headings if figure}
        self.numeric = [
            (figure, position, self.headings[figure])
            for figure, position in where.items()
            if figure in COUNT_FIGURES or figure.startswith(("level:", "ytd_"))
        ]
        self.levels = [f"level:{level}" for level in levels if f"level:{level}" in where]
        self.claims = "rate" in where or "completion" in where

    def usable(self) -> bool:
        """Whether the header's columns can be read at all; say why not."""
        where, problems, place = self.where, self.problems, self.header.place
        if "month" not in where and self.period is None:
            problems.add(
                None,
                "the file has no 月份/month column, so the period must be given "
                "(the notice's period, or --period 2018-03/2018-04)",
            )
            return False
        if "month" in where and any(f.startswith("ytd_") for f in where):
            problems.add(
                place,
                "a 累计 column in a file of monthly rows: tongbao adds the months up itself; "
                "remove the column",
            )
            return False
        if "rate" in where and "submitted" not in where:
            problems.add(place, "a 采纳率 column but no 报送数: the rates cannot be checked")
        if "completion" in where and "quota" not in where:
            problems.add(place, "a 完成率 column but no 任务数: it cannot be checked")
        return True

    def lines(self, sheet: _Sheet, start: int, also: Sequence[Period]) -> list[_Line]:
        """The units' rows as lines; 合计/小计 rows checked, note and blank rows skipped."""
        unit_at = self.where["unit"]
        month_at = self.where.get("month")
        lines: list[_Line] = []
        section_start = 0
        closed_at: str | None = None
        failed_total = failed_section = False
        rows = sheet.rows
        for index in range(start, len(rows)):
            values = rows[index]
            width = len(values)
            label = _text(values[unit_at] if unit_at < width else None).replace(" ", "")
            if not label and all(_text(v) == "" for v in values):
                continue
            if label.startswith(_NOTE_PREFIXES) and not any(
                p < width and _text(values[p]) for _, p, _ in self.numeric
            ):
                continue
            kind = _TOTAL_LABELS.get(label)
            first = "".join(map(str, values[:2]))
            if kind is None and ("计" in first or "总" in first):
                kind = _TOTAL_LABELS.get("".join(_text(v) for v in values[:2]).replace(" ", ""))
            if kind is not None:
                scope = lines if kind == "total" else lines[section_start:]
                # A row refused above (its problems are reported) is missing from the
                # sums: comparing them with the claim would report a false difference.
                if not (failed_total if kind == "total" else failed_section):
                    self.check_totals(sheet.row(index), scope, kind)
                if kind == "subtotal":
                    section_start = len(lines)
                    failed_section = False
                else:
                    closed_at = sheet.place(index)
                continue
            if closed_at is not None:
                self.problems.add(
                    sheet.place(index), f"a unit's row after the 合计 row ({closed_at})"
                )
            month = values[month_at] if month_at is not None and month_at < width else None
            if (
                also
                and month_at is not None
                and _in_other(month, also)
                and not (self.period is not None and _in_other(month, [self.period]))
            ):
                continue  # a month of another period this file serves
            line = self.line(sheet, index, label)
            if line is not None:
                lines.append(line)
            else:
                failed_total = failed_section = True
        if not lines and not self.problems.items:
            self.problems.add(None, "no units: the header is there but no row below it has counts")
        return lines

    def line(self, sheet: _Sheet, index: int, label: str) -> _Line | None:
        """One unit's row, or ``None`` (with its problems added)."""
        where, problems, values = self.where, self.problems, sheet.rows[index]
        width = len(values)
        before = len(problems.items) + problems.dropped
        unit_at, group_at = where["unit"], where.get("group")
        unit = None
        if not label:
            problems.add(sheet.place(index), "the unit's name (单位) is empty")
        else:
            group = _text(values[group_at]) if group_at is not None and group_at < width else ""
            try:
                unit = Unit(str(values[unit_at]), group=group or None)
            except (ValueError, TypeError) as exc:
                problems.add(sheet.cell_place(index, unit_at), f"单位: {exc}")
        counts = self.counts(sheet, index)
        submitted, adopted = counts.get("submitted"), counts.get("adopted")
        if submitted is not None and adopted is not None and adopted > submitted:
            place = (
                sheet.cell_place(index, where["adopted"])
                if "adopted" in where
                else sheet.place(index)
            )
            problems.add(place, f"采纳数 ({adopted}) is more than 报送数 ({submitted})")
        month = None
        month_at = where.get("month")
        if month_at is not None:
            value = values[month_at] if month_at < width else None
            month = _month(value, sheet.cell_place(index, month_at), self.period, problems)
        if len(problems.items) + problems.dropped > before or unit is None:
            return None
        # A wrong 采纳率 claim is reported, but the row's counts still add to the 合计.
        if self.claims:
            _check_row_claims(sheet.row(index), where, counts, problems)
        parent = None
        parent_at = where.get("parent")
        if parent_at is not None and parent_at < width:
            parent = _text(values[parent_at]) or None
        return _Line(unit, month, sheet.place(index), counts, parent)

    def counts(self, sheet: _Sheet, index: int) -> dict[str, int | Fraction]:
        """The row's numeric figures; 采纳数 from the levels when there is no column."""
        values, problems = sheet.rows[index], self.problems
        width = len(values)
        counts: dict[str, int | Fraction] = {}
        for figure, position, heading in self.numeric:
            value = values[position] if position < width else None
            if (
                type(value) is str
                and len(value) < _COUNT_DIGITS
                and value.isdigit()
                and value.isascii()
            ):
                counts[figure] = int(value)
                continue  # the usual cell: no place, no problem
            if position < width or sheet.workbook:  # a workbook's row ends at its last value
                place = sheet.cell_place(index, position)
            elif figure.startswith("level:"):
                problems.add(
                    sheet.place(index), f"{figure[6:]}采用 is missing, expected a whole number"
                )
                continue
            else:
                place = sheet.place(index)
            if figure in _SCORES:
                if _text(value) == "":
                    continue  # a unit without a supplied score; checked with the months
                exact = _score(value, place, heading, problems)
                if exact is not None:
                    counts[figure] = exact
                continue
            count = _count(value, place, heading, problems)
            if count is not None:
                counts[figure] = count
        levels = self.levels
        if not levels or not all(f in counts for f in levels):
            return counts
        total = sum(int(counts[f]) for f in levels)
        if "adopted" not in self.where:
            counts["adopted"] = total
        elif "adopted" in counts and total != counts["adopted"]:
            problems.add(
                sheet.cell_place(index, self.where["adopted"]),
                f"{self.headings['adopted']} is {counts['adopted']} but the adoptions by "
                f"level add up to {total}",
            )
        return counts

    def check_totals(self, row: _Row, scope: list[_Line], kind: str) -> None:
        """A 合计/小计 row claims a sum for every numeric column it fills: check each."""
        label = "合计" if kind == "total" else "小计"
        problems = self.problems
        width = len(row.values)
        for figure, position, heading in self.numeric:
            if position >= width or _text(row.values[position]) == "":
                continue
            place = row.cell_place(position)
            parts = [line.values.get(figure) for line in scope]
            if any(p is None for p in parts):
                continue  # some rows lack it (a unit without a supplied score)
            computed = sum((p for p in parts if p is not None), Fraction(0))
            claimed: int | Fraction | None
            if figure.removeprefix("ytd_") == "score":
                claimed = _score(row.values[position], place, f"{label} {heading}", problems)
            else:
                claimed = _count(row.values[position], place, f"{label} {heading}", problems)
            if claimed is not None and claimed != computed:
                problems.add(
                    place,
                    f"{label} {heading} is {_number(claimed)} but the rows above add up to "
                    f"{_number(computed)}",
                )
        sums: dict[str, int | Fraction] = {}
        for figure in ("submitted", "adopted", "quota"):
            parts = [line.values.get(figure) for line in scope]
            if parts and all(p is not None for p in parts):
                sums[figure] = sum(int(p) for p in parts if p is not None)
        _check_row_claims(row, self.where, sums, problems)


def _check_row_claims(
    row: _Row, where: dict[str, int], counts: dict[str, int | Fraction], problems: _Problems
) -> None:
    """A row's own 采纳率 and 完成率 cells, checked against its counts."""
    width = len(row.values)
    for claim, numerator, denominator, what in (
        ("rate", "adopted", "submitted", "采纳率"),
        ("completion", "counted", "quota", "完成率"),
    ):
        position = where.get(claim)
        if position is None or (position >= width and not row.workbook):
            continue
        top = counts.get(numerator if numerator != "counted" else _COMPLETION_OF)
        bottom = counts.get(denominator)
        if top is None or bottom is None:
            continue
        _check_ratio(
            row.values[position] if position < width else None,
            place=row.cell_place(position),
            percent_format=row.percent_format(position),
            parts=(int(top), int(bottom)),
            what=what,
            problems=problems,
        )


_SCORES = frozenset({"score", "ytd_score"})
_COMPLETION_OF = "submitted"
"""What a data file's 完成率 column is checked against: items submitted over the quota."""


def _number(value: int | Fraction) -> str:
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    return (
        f"{float(value):g}"
        if value.denominator in (2, 4, 5, 8, 10, 20, 25, 50, 100)
        else str(value)
    )
