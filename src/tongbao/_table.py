"""The attachment tables: the units' table, the units that submitted nothing, a comparison.

Each cell is worked out here with its final text and its :class:`~tongbao.document.Value`
(a figure of one unit's tally, or of several summed for a 小计 or 合计 row), in the
order, ranking, grouping and columns the notice's :class:`~tongbao.AttachmentSpec` asks
for. :mod:`tongbao._compose` numbers the tables and puts them into the document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

import attrs

from ._compare import compare
from ._figures import Figure
from ._model import Tally, Unit
from ._notice import AttachmentSpec, ColumnSpec, ComparisonTable, Notice
from ._numfmt import format_rate, round_half_up
from ._quota import Quota, completion, met_quota, quota_of, quota_summary
from ._scoring import ScoringRules, format_score, level_points
from ._stats import Ranked, Ranking, rank, rate, sum_known, totals
from .document import Align, Chart, Column, Row, RowKind, Table, Value

__all__ = [
    "DEFAULT_HEADINGS",
    "Part",
    "build_table",
    "comparison_part",
    "score_places",
    "sections",
    "zero_units_part",
]


class Part(NamedTuple):
    """An attachment before it is numbered: its title, table, notes and chart."""

    title: str
    table: Table
    notes: tuple[str, ...]
    chart: Chart | None = None


DEFAULT_HEADINGS = {
    "no": "序号",
    "rank": "排名",
    "unit": "单位",
    "group": "类别",
    "submitted": "报送数",
    "adopted": "采纳数",
    "rate": "采纳率",
    "score": "得分",
    "quota": "任务数",
    "completion": "完成率",
    "met": "是否完成",
    "instructions": "批示数",
}
"""Each figure's column heading when a notice names none (also what import reads as default)."""


def _columns(spec: AttachmentSpec) -> tuple[tuple[Figure, Column], ...]:
    """(figure, column) pairs: the spec's columns, or the usual five."""
    if not spec.columns:
        first = "rank" if spec.order != "given" else "no"
        specs = [ColumnSpec(f) for f in (first, "unit", "submitted", "adopted", "rate")]
    else:
        specs = list(spec.columns)
    out = []
    for column in specs:
        figure = column.parsed
        if figure is None:
            raise ValueError(f"{column.figure!r} is no figure; Notice should have refused this")
        name = figure.name
        level = figure.level
        if level is None:
            heading = DEFAULT_HEADINGS[name]
        else:
            heading = level if name == "level" else f"{level}得分"
        if figure.ytd:
            heading = f"累计{heading}"
        align: Align = (
            "left" if name in ("unit", "group") else "center" if name in ("no", "rank") else "right"
        )
        out.append((figure, Column(column.heading or heading, column.figure, align, column.group)))
    return tuple(out)


def score_places(rules: ScoringRules | None) -> int:
    return 2 if rules is None else rules.places


def _held(value: int | None, figure: str) -> int:
    """A figure's value; a figure the data does not hold is a bug here (Notice refuses it)."""
    if value is None:
        raise ValueError(f"{figure} is not in the data; Notice should have refused this")
    return value


Cell = tuple[str, Value]
"""A cell's final text and its value."""

_MISSING: Cell = ("—", Value("missing"))
_UNRANKED: Cell = ("—", Value("unranked"))
_RATE_LIKE = ("rate", "completion")
_SCORE_LIKE = ("score", "points")


_COUNTS: dict[int, Cell] = {}
"""Count cells made so far: cells are immutable, and a table repeats small counts."""
_TEXT, _EMPTY = Value("text"), Value("empty")


def _count(value: int) -> Cell:
    cell = _COUNTS.get(value)
    if cell is None:
        cell = str(value), Value("count", value)
        if len(_COUNTS) < 4096:  # enough for the counts of any notice
            _COUNTS[value] = cell
    return cell


def _text(value: str) -> Cell:
    return value, _TEXT if value else _EMPTY


def _column_kind(
    spec: AttachmentSpec, rules: ScoringRules | None, figure: Figure
) -> tuple[bool, int | None]:
    """Whether a column of ``figure`` holds numbers, and the decimals they print with."""
    if figure.name in ("unit", "group", "met"):
        return False, None
    if figure.name in _RATE_LIKE:
        return True, spec.rate_places
    if figure.name in _SCORE_LIKE:
        return True, score_places(rules)
    return True, None


# The row's own columns, filled from its place in the table rather than from figures.
_PLACED = frozenset({Figure("no"), Figure("rank"), Figure("unit"), Figure("group")})


class _Figures:
    """Cells for one table: each figure of a tally, or of several tallies summed."""

    def __init__(
        self,
        spec: AttachmentSpec,
        rules: ScoringRules | None,
        ytd: Mapping[str, Tally],
        quota: Quota | None = None,
    ) -> None:
        self.spec = spec
        self.rules = rules
        self.ytd = ytd
        self.quota = quota
        self._rates: dict[tuple[int, int | None], Cell] = {}

    def _rate(self, value: Fraction | None) -> Cell:
        places = self.spec.rate_places
        text = format_rate(value, places, self.spec.undefined_rate)
        if value is None:
            return text, Value("undefined", None, places)
        return text, Value("rate", value if type(value) is Fraction else Fraction(value), places)

    def _score(self, value: Fraction) -> Cell:
        places = score_places(self.rules)
        return format_score(value, places), Value("score", value, places)

    def _value(self, figure: Figure, tallies: Sequence[Tally]) -> Cell:
        name, level = figure.name, figure.level
        if name == "submitted":
            return _count(_held(sum_known([t.submitted for t in tallies]), "报送数"))
        if name == "adopted":
            return _count(sum(t.adopted for t in tallies))
        if name == "rate":
            return self._rate(totals(tallies).rate)
        if name == "score":
            scores = [t.score for t in tallies]
            if any(s is None for s in scores):
                return _MISSING
            return self._score(sum((s for s in scores if s is not None), Fraction(0)))
        if name == "level" and level is not None:
            return _count(sum(t.level(level) for t in tallies))
        if name == "instructions":
            return _count(_held(sum_known([t.instructions for t in tallies]), "批示数"))
        if name in ("quota", "completion", "met") and self.quota is not None:
            return self._quota(name, tallies, self.quota)
        if name == "points" and level is not None and self.rules is not None:
            return self._score(
                sum((level_points(t, self.rules, level) for t in tallies), Fraction(0))
            )
        return _MISSING

    def _quota(self, name: str, tallies: Sequence[Tally], quota: Quota) -> Cell:
        if name == "quota":
            return _count(sum(quota_of(t, quota) for t in tallies))
        if len(tallies) == 1:
            if name == "met":
                return _text("是" if met_quota(tallies[0], quota) else "否")
            return self._rate(completion(tallies[0], quota))
        met, units = quota_summary(tallies, quota)
        if name == "met":  # a 小计/合计 row: how many of the units met it
            return _text(f"{met}/{units}")
        counted = sum(
            (t.submitted or 0) if quota.counts == "submitted" else t.adopted for t in tallies
        )
        owed = sum(quota_of(t, quota) for t in tallies)
        return self._rate(Fraction(counted, owed) if owed else None)

    def cell(self, figure: Figure, tallies: Sequence[Tally]) -> Cell:
        """``figure`` of ``tallies`` summed (a unit's row has one tally)."""
        if figure.ytd:
            found = [self.ytd[t.unit.name] for t in tallies if t.unit.name in self.ytd]
            return self._value(figure.current, found) if found else _MISSING
        return self._value(figure, tallies)

    def _unit_rate(self, tally: Tally) -> Cell:
        """A unit's rate cell; units with the same counts share one."""
        counts = (tally.adopted, tally.submitted)
        cell = self._rates.get(counts)
        if cell is None:
            cell = self._rates[counts] = self._rate(rate(tally))
        return cell

    def of_unit(self, figure: Figure) -> Callable[[Tally], Cell]:
        """The cell of ``figure`` for one unit's tally: the same as :meth:`cell` of
        ``[tally]``, without summing a list of one (10,000 units, five columns)."""
        if figure.ytd or figure.levelled:
            return lambda tally: self.cell(figure, (tally,))
        if figure.name == "submitted":
            return lambda tally: _count(_held(tally.submitted, "报送数"))
        if figure.name == "adopted":
            return lambda tally: _count(tally.adopted)
        if figure.name == "rate":
            return self._unit_rate
        return lambda tally: self._value(figure, (tally,))


def _row(cells: Sequence[Cell], kind: RowKind = "unit") -> Row:
    return Row(tuple(t for t, _ in cells), kind, tuple(v for _, v in cells))


def sections(
    tallies: Sequence[Tally], spec: AttachmentSpec
) -> list[tuple[str | None, list[Tally]]]:
    """The table's sections: ``(group, its tallies)`` in the groups' order, or one
    ``(None, all)`` when the table is not grouped."""
    if not spec.grouped:
        return [(None, list(tallies))]
    members: dict[str | None, list[Tally]] = {group: [] for group in spec.groups}
    for tally in tallies:
        members.setdefault(tally.unit.group, []).append(tally)
    return [(group, items) for group, items in members.items() if items]


def build_table(
    tallies: Sequence[Tally],
    spec: AttachmentSpec,
    rules: ScoringRules | None = None,
    year_to_date: Sequence[Tally] = (),
    quota: Quota | None = None,
    *,
    ranking: Ranking | None = None,
) -> Table:
    """The attachment table for ``tallies`` as ``spec`` orders, groups, columns and totals it.

    ``tallies`` carry their scores already (see :func:`scored`); ``year_to_date`` are the
    units' tallies from the start of the year, for ``ytd_`` columns. ``ranking`` is the
    tallies ranked as ``spec`` ranks them, when the caller has it already.
    """
    columns = tuple(
        (figure, attrs.evolve(column, numeric=numeric, places=places))
        for figure, column in _columns(spec)
        for numeric, places in [_column_kind(spec, rules, figure)]
    )
    figures = _Figures(spec, rules, {t.unit.name: t for t in year_to_date}, quota)
    rows: list[Row] = []
    number = 0

    def summary(label: str, items: Sequence[Tally], kind: RowKind) -> Row:
        cells: list[Cell] = []
        for figure, _ in columns:
            if figure.key == "unit":
                cells.append(_text(label))
            elif figure in _PLACED:
                cells.append(_text(""))
            else:
                cells.append(figures.cell(figure, items))
        if Figure("unit") not in [f for f, _ in columns]:
            cells[0] = _text(label)
        return _row(cells, kind)

    # Each column's cell for a unit's row, chosen once per table.
    makers: list[Callable[[Tally], Cell] | str] = [
        figure.name if figure in _PLACED else figures.of_unit(figure) for figure, _ in columns
    ]
    for group, items in sections(tallies, spec):
        if group is not None:
            rows.append(_row([_text(group)], "group"))
        if spec.order == "given":
            entries: Sequence[Ranked] = [Ranked(None, t) for t in items]
        elif ranking is not None and not spec.grouped:
            entries = ranking
        else:
            entries = rank(
                items,
                by=spec.order,
                ties=spec.ties,
                min_submitted=spec.min_submitted,
                rate_places=spec.rate_places if spec.rank_on == "shown" else None,
            )
        for place, tally in entries:
            number += 1
            texts: list[str] = []
            values: list[Value] = []
            for maker in makers:
                if not isinstance(maker, str):
                    text, value = maker(tally)
                elif maker == "no":
                    text, value = _count(number)
                elif maker == "rank":
                    text, value = _count(place) if place is not None else _UNRANKED
                elif maker == "unit":
                    text, value = _text(tally.unit.name)
                else:
                    text, value = _text(tally.unit.group or "")
                texts.append(text)
                values.append(value)
            rows.append(Row(tuple(texts), "unit", tuple(values)))
        if group is not None:
            rows.append(summary("小计", items, "subtotal"))
    if spec.total:
        rows.append(summary("合计", tallies, "total"))
    return Table(tuple(column for _, column in columns), tuple(rows))


def zero_units_part(zero: Sequence[Unit], title: str) -> Part:
    """The units that submitted nothing, as a list of their own (吉林市's practice)."""
    grouped = any(u.group for u in zero)
    columns = [Column("序号", "no", numeric=True), Column("单位", "unit", "left")]
    if grouped:
        columns.append(Column("类别", "group", "left"))
    rows = tuple(
        _row(
            [_count(n), _text(u.name), _text(u.group or "")]
            if grouped
            else [_count(n), _text(u.name)]
        )
        for n, u in enumerate(zero, start=1)
    )
    notes = () if zero else ("本期所有单位均报送了信息。",)
    return Part(title.strip(), Table(tuple(columns), rows), notes)


def _signed(delta: int | None) -> Cell:
    if delta is None:
        return _MISSING
    return (f"+{delta}" if delta > 0 else str(delta)), Value("count", delta)


def _signed_points(delta: Fraction | None, places: int) -> Cell:
    if delta is None:
        return _MISSING
    points = round_half_up(delta * 100, places)
    return (f"+{points}" if points > 0 else str(points)), Value("number", points, places)


def _compared_rate(value: Fraction | None, places: int, undefined: str) -> Cell:
    text = format_rate(value, places, undefined)
    if value is None:
        return text, Value("undefined", None, places)
    return text, Value("rate", Fraction(value), places)


def comparison_part(notice: Notice, spec: ComparisonTable) -> Part:
    """The comparison attachment: each unit now and then, the changes, a 合计 row."""
    other = notice.previous if spec.against == "previous" else notice.year_ago
    comparison = compare(notice.tallies, other)
    then = "上期" if spec.against == "previous" else "去年同期"
    places = notice.attachment.rate_places if notice.attachment is not None else 0
    undefined = notice.attachment.undefined_rate if notice.attachment is not None else "—"
    columns = (
        Column("序号", "no", numeric=True),
        Column("单位", "unit", "left"),
        Column("本期报送", "submitted", "right", numeric=True),
        Column(f"{then}报送", "other_submitted", "right", numeric=True),
        Column("增减", "submitted_change", "right", numeric=True),
        Column("本期采纳率", "rate", "right", numeric=True, places=places),
        Column(f"{then}采纳率", "other_rate", "right", numeric=True, places=places),
        Column("增减（百分点）", "rate_change", "right", numeric=True, places=1),
    )
    rows = []
    for number, change in enumerate(comparison.changes, start=1):
        now, before = change.current, change.previous
        rows.append(
            _row(
                [
                    _count(number),
                    _text(change.unit.name),
                    _count(now.submitted) if now and now.submitted is not None else _MISSING,
                    _count(before.submitted)
                    if before and before.submitted is not None
                    else _MISSING,
                    _signed(change.submitted),
                    _compared_rate(rate(now), places, undefined) if now else _MISSING,
                    _compared_rate(rate(before), places, undefined) if before else _MISSING,
                    _signed_points(change.rate, 1),
                ]
            )
        )
    rows.append(
        _row(
            [
                _text(""),
                _text("合计"),
                _count(comparison.current.submitted)
                if comparison.current.submitted is not None
                else _MISSING,
                _count(comparison.previous.submitted)
                if comparison.previous.submitted is not None
                else _MISSING,
                _signed(comparison.submitted),
                _compared_rate(comparison.current.rate, max(places, 1), undefined),
                _compared_rate(comparison.previous.rate, max(places, 1), undefined),
                _signed_points(comparison.rate, 1),
            ],
            "total",
        )
    )
    notes = []
    if comparison.new_units:
        notes.append(f"本期新增单位：{'、'.join(u.name for u in comparison.new_units)}。")
    if comparison.gone_units:
        notes.append(
            f"{then}有、本期未统计的单位：{'、'.join(u.name for u in comparison.gone_units)}。"
        )
    return Part(spec.title.strip(), Table(columns, tuple(rows)), tuple(notes))
