"""A notice as the user describes it: texts, options and tallies, validated together.

:class:`Notice` is what :func:`tongbao.load` returns and what code builds without any
file. Construction checks everything that can be checked without computing (counts are
checked by :class:`~tongbao.Tally` already): the tallies' period, duplicate units, the
placeholders, texts that no document format could hold. All problems are reported in
one :class:`~tongbao.InputError`, each placed by its field (``body[2]``,
``tallies[5]``) so a loader can point at the line of its file.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from ._figures import FIGURES, Figure
from ._frozen import FrozenMapping, freeze
from ._items import Duplicate
from ._model import Tally, Unit, normalize_name, refused_character
from ._needs import unheld
from ._period import Period
from ._problems import Collector
from ._public import public
from ._quota import Quota
from ._scoring import ScoringRules, apply_scoring
from ._stats import ORDERS, RANK_ON, TIES, Order, RankOn, Ties
from ._template import TemplateError, parse_placeholders
from .document import Paragraph
from .errors import InputError, Problem

__all__ = [
    "MAX_UNITS",
    "AttachmentSpec",
    "ColumnSpec",
    "ComparisonTable",
    "Excluded",
    "Notice",
    "Order",
    "RankOn",
    "check_text",
]

MAX_UNITS = 100_000
"""The most units one notice may count."""
MAX_PROPERTY_LENGTH = 255
"""The longest title or issuer: a DOCX core property holds at most 255 characters."""
FIRST_YEAR, LAST_YEAR = 1980, 2107
"""The years a 成文日期 may have: a ZIP entry's timestamp (DOCX) holds no other."""
RESERVED_NAMES = frozenset({"合计", "总计", "小计", "总数"})
"""Names the table's total rows carry (and data files' total rows are read as)."""

TextProblem = tuple[str, dict[str, Any]]
"""A problem of a text as its code and parameters (see :func:`check_text`)."""


def check_text(text: object, what: str, *, multiline: bool = False) -> TextProblem | None:
    """Why ``text`` cannot go into a document, as ``(code, params)``, or ``None`` when it can.

    The same rule as unit names (:func:`~tongbao._model.refused_character`): controls
    (other than line breaks where allowed), line and paragraph separators, bidi
    overrides, surrogates, private-use characters and non-characters have no place in
    any output.
    """
    if not isinstance(text, str):
        return "text.wrong_type", {"what": what, "kind": type(text).__name__}
    bad = refused_character(text, multiline=multiline)
    return None if bad is None else (bad[0], {"what": what, "char": bad[1]})


def _add_text(problems: Collector, where: tuple[str | int, ...], bad: TextProblem) -> None:
    problems.add(bad[0], where, **bad[1])


def _parent_problems(tallies: list[Tally], problems: Collector) -> None:
    """A parent must be a unit counted here, and not a sub-unit itself (one level)."""
    parents = {t.unit.name: t.parent for t in tallies}
    for i, tally in enumerate(tallies):
        parent = tally.parent
        where = ("tallies", i)
        if parent is None:
            continue
        if parent == tally.unit.name:
            problems.add("tally.own_parent", where, parent=parent)
        elif parent not in parents:
            problems.add("tally.parent_not_counted", where, unit=tally.unit.name, parent=parent)
        elif parents[parent] is not None:
            problems.add(
                "tally.parent_is_sub_unit",
                where,
                unit=tally.unit.name,
                parent=parent,
                grandparent=parents[parent],
            )


def _plainly_fine(tallies: tuple[Tally, ...], period: object, excluded: set[str]) -> bool:
    """Whether the tallies are all Tallies of ``period``, of distinct, counted units.

    A few passes in C over 100,000 tallies; only when one fails does the notice look
    for which tally is wrong, to say so.
    """
    if not all(type(t) is Tally for t in tallies):
        return False
    if not all(t.period is period or t.period == period for t in tallies):
        return False
    names = {t.unit.name for t in tallies}
    return len(names) == len(tallies) and not names & excluded and not names & RESERVED_NAMES


@attrs.frozen
class Excluded:
    """A unit not counted this period, and why (e.g. 有独立网站, not assessed)."""

    name: str = attrs.field(converter=normalize_name)
    reason: str = ""


@attrs.frozen
class ColumnSpec:
    """One column of the attachment table: a figure, its heading, an optional group heading."""

    figure: str
    heading: str | None = None
    group: str | None = None
    parsed: Figure | None = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(lambda self: Figure.parse(self.figure), takes_self=True),
    )
    """The figure, parsed once: ``None`` when ``figure`` names none (a problem of the
    attachment's)."""


def _column_specs(value: Iterable[ColumnSpec]) -> tuple[ColumnSpec, ...]:
    return tuple(value)


def _tally_tuple(value: Iterable[Tally]) -> tuple[Tally, ...]:
    return tuple(value)


def _frozen(value: Mapping[Any, Any]) -> FrozenMapping[Any, Any] | Any:
    # Anything but a mapping is kept as it is, for the checks to name it.
    return freeze(value) if isinstance(value, Mapping) else value


@attrs.frozen(kw_only=True)
class AttachmentSpec:
    """How the attachment (附件) table is built.

    Args:
        title: the table's title; the 附件说明 line under the body is made from it.
        order: ``"given"`` keeps the data's order with a 序号 column; ``"rate"``,
            ``"adopted"`` or ``"submitted"`` rank by that figure with a 排名 column.
        ties: shared places as ``"competition"`` (1, 2, 2, 4) or ``"dense"`` (1, 2, 2, 3).
        min_submitted: units that submitted fewer items are listed unranked.
        rank_on: ``"exact"`` rates or rates as ``"shown"`` (units printing 37% tie).
        rate_places: decimals of each unit's 采纳率.
        grouped: one section per group, each with a heading row and a 小计 row.
        groups: the groups' order when grouped (default: order of first appearance).
        total: end the table with a 合计 row.
        undefined_rate: what a rate prints as when nothing was submitted.
        list_zero_units: a line under the table naming units that submitted nothing.
        chart: a bar chart of the units' rates under the table, the overall rate marked.
        columns: the table's columns (default: 序号 or 排名, 单位, 报送数, 采纳数, 采纳率).
        split_by_group: one attachment per group, each ranked and totalled on its own.
        group_titles: those attachments' titles by group (default: title（group）).
        zero_units_title: list the units that submitted nothing in an attachment of their
            own with this title, and leave them out of the main table.

    Raises:
        InputError: every problem of the options, each with its path
            (``("attachment", "order")``).
    """

    title: str
    order: Order = "given"
    ties: Ties = "competition"
    min_submitted: int = 0
    rank_on: RankOn = "exact"
    rate_places: int = 0
    grouped: bool = False
    groups: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    total: bool = False
    undefined_rate: str = "—"
    list_zero_units: bool = False
    chart: bool = False
    columns: tuple[ColumnSpec, ...] = attrs.field(default=(), converter=_column_specs)
    split_by_group: bool = False
    group_titles: Mapping[str, str] = attrs.field(factory=dict, hash=False, converter=_frozen)
    """Read-only: a copy of the mapping given."""
    zero_units_title: str | None = None

    def __attrs_post_init__(self) -> None:
        if problems := self.problems():
            raise InputError(problems)

    def problems(self) -> list[Problem]:
        """What is wrong with these options, each placed by its key (none once built)."""
        found = Collector()
        key: str
        at = "attachment"
        if bad := check_text(self.title, "the attachment title"):
            _add_text(found, (at, "title"), bad)
        elif not self.title.strip():
            found.add("value.empty", (at, "title"), what="the attachment title")
        choices: dict[str, tuple[str, ...]] = {"order": ORDERS, "ties": TIES, "rank_on": RANK_ON}
        for key, allowed in choices.items():
            if getattr(self, key) not in allowed:
                found.add(
                    "value.not_a_choice",
                    (at, key),
                    field=key,
                    value=repr(getattr(self, key)),
                    choices=", ".join(allowed),
                )
        for key, low, high in (("min_submitted", 0, 10**9), ("rate_places", 0, 4)):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                found.add("value.out_of_range", (at, key), field=key, low=low, high=high)
        for key in ("grouped", "total", "list_zero_units", "chart", "split_by_group"):
            if not isinstance(getattr(self, key), bool):
                found.add("value.not_bool", (at, key), field=key, value=repr(getattr(self, key)))
        if bad := check_text(self.undefined_rate, "undefined_rate"):
            _add_text(found, (at, "undefined_rate"), bad)
        for key in ("zero_units_title",):
            value = getattr(self, key)
            if value is not None and (bad := check_text(value, key)):
                _add_text(found, (at, key), bad)
        for i, group in enumerate(self.groups):
            if bad := check_text(group, f"groups[{i}]"):
                _add_text(found, (at, "groups", i), bad)
        titles: object = self.group_titles
        if not isinstance(titles, Mapping):
            found.add("value.not_mapping", (at, "group_titles"), field="group_titles")
        else:
            for group, title in titles.items():
                if bad := check_text(title, f"the title for group {group}"):
                    _add_text(found, (at, "group_titles"), bad)
        columns: tuple[object, ...] = self.columns
        for i, column in enumerate(columns):
            if not isinstance(column, ColumnSpec):
                found.add(
                    "value.wrong_type",
                    (at, "columns", i),
                    what=f"columns[{i}]",
                    expected="ColumnSpec",
                    kind=type(column).__name__,
                )
                continue
            for part in ("heading", "group"):
                text = getattr(column, part)
                if text is not None and (bad := check_text(text, f"the column's {part}")):
                    _add_text(found, (at, "columns", i), bad)
            if column.parsed is None:
                found.add(
                    "attachment.unknown_figure",
                    (at, "columns", i),
                    figure=repr(column.figure),
                    figures=", ".join(FIGURES),
                )
        return found.problems()


def _paragraph(item: Paragraph | str) -> Paragraph:
    return item if isinstance(item, Paragraph) else Paragraph(item)


def _paragraphs(items: Iterable[Paragraph | str]) -> tuple[Paragraph, ...]:
    if isinstance(items, str):
        return (Paragraph(items),)
    return tuple(_paragraph(item) for item in items)


def _title_text(value: str | Sequence[str]) -> str:
    """A title given as its lines (a list) is kept as one text, a line break between
    lines; the lines are where every page format breaks it (§7.3.1)."""
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return value  # type: ignore[return-value]  # checked in _problems


def _texts(items: Iterable[str] | str) -> tuple[str, ...]:
    return (items,) if isinstance(items, str) else tuple(items)


COMPARING = frozenset(
    {
        *(f"prev_{x}" for x in ("period", "submitted", "adopted", "rate")),
        *(f"year_ago_{x}" for x in ("period", "submitted", "adopted", "rate")),
        *(
            f"{x}_vs_{side}"
            for x in ("submitted", "adopted", "rate")
            for side in ("prev", "year_ago")
        ),
        "new_units",
        "gone_units",
    }
)
"""Placeholders that need the counts of another period."""


Against = Literal["previous", "year_ago"]
"""What a comparison table compares with: the previous period (环比) or a year ago (同比)."""


@attrs.frozen(kw_only=True)
class ComparisonTable:
    """An attachment comparing this period with the previous one (环比) or a year ago (同比).

    Raises:
        InputError: ``against`` is neither, or the title holds a character no
            document can (paths ``("comparison", "table_against")``,
            ``("comparison", "table")``).
    """

    title: str
    against: Against = "previous"

    def __attrs_post_init__(self) -> None:
        found = Collector()
        if self.against not in ("previous", "year_ago"):
            found.add(
                "comparison.bad_against", ("comparison", "table_against"), value=repr(self.against)
            )
        if bad := check_text(self.title, "the comparison table title"):
            _add_text(found, ("comparison", "table"), bad)
        found.raise_if_any()


@attrs.frozen(kw_only=True)
class Notice:
    """A notice: its texts, its options and the tallies of the units counted.

    Required: ``title``, ``issuer`` (发文机关署名), ``date`` (成文日期), ``period``,
    ``tallies``. Body paragraphs are strings (or :class:`~tongbao.document.Paragraph`
    for headings) and may use placeholders (:data:`tongbao.PLACEHOLDERS`).

    Raises:
        InputError: every problem found, each placed by its field.
    """

    title: str = attrs.field(converter=_title_text)
    """The 标题; a list of strings gives its lines: ``["关于…网站", "信息报送情况的通报"]``."""
    issuer: str
    date: datetime.date
    period: Period
    tallies: tuple[Tally, ...] = attrs.field(converter=_tally_tuple)
    addressees: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    body: tuple[Paragraph, ...] = attrs.field(default=(), converter=_paragraphs)
    attachment: AttachmentSpec | None = None
    doc_number: str | None = None
    header: str | None = None
    note: str | None = None
    sealed: bool = False
    cc: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    printed_by: str | None = None
    printed_date: datetime.date | None = None
    excluded: tuple[Excluded, ...] = attrs.field(default=(), converter=tuple)
    options: Mapping[str, Mapping[str, str | int | float | bool]] = attrs.field(
        factory=dict, hash=False, converter=_frozen
    )
    """Renderer options by format (``[options.pdf]`` in a notice file); options given
    to :func:`tongbao.render` or on the command line take precedence. Read-only: a
    copy of the mapping given, which pickles."""
    scoring: ScoringRules | None = None
    """Scoring rules (考核办法): scores computed for every unit, supplied ones checked."""
    year_to_date: tuple[Tally, ...] = attrs.field(default=(), converter=_tally_tuple)
    """The units' tallies from the start of the year (累计), for ``ytd_`` columns."""
    previous: tuple[Tally, ...] = attrs.field(default=(), converter=_tally_tuple)
    """The previous period's tallies (环比), for comparison placeholders and tables."""
    year_ago: tuple[Tally, ...] = attrs.field(default=(), converter=_tally_tuple)
    """The same months a year earlier (同比)."""
    comparison: ComparisonTable | None = None
    quota: Quota | None = None
    """A quota of items per unit (任务数), for completion figures and placeholders."""
    source: str | None = None
    """Where the tallies came from, as messages name it: ``counts.csv, line 1 has 单位,
    报送数, 采纳数``. A loader sets it; errors about a figure the data lacks quote it."""
    duplicates: tuple[Duplicate, ...] = attrs.field(default=(), converter=tuple)
    """Items submitted more than once in this period (from an item log), each a
    :class:`~tongbao.Duplicate`: listed in ``duplicates_title``'s attachment."""
    duplicates_title: str | None = None
    """The title of an attachment listing :attr:`duplicates` per unit (单位, 标题,
    报送日期); none without it."""

    def __attrs_post_init__(self) -> None:
        problems = self._problems()
        if problems:
            raise InputError(problems)

    @property
    def units(self) -> tuple[Unit, ...]:
        """The units counted, in the given order."""
        return tuple(t.unit for t in self.tallies)

    def _problems(self) -> list[Problem]:  # noqa: PLR0915 - every field's check, in order
        found = Collector()
        for key in ("title", "issuer"):
            value = getattr(self, key)
            if bad := check_text(value, key, multiline=key == "title"):
                _add_text(found, (key,), bad)
            elif not value.strip():
                found.add("value.empty", (key,), what=key)
            elif key == "title" and any(not line.strip() for line in value.split("\n")):
                found.add("notice.title_line_empty", (key,))
            elif len(value.strip()) > MAX_PROPERTY_LENGTH:
                # The DOCX file's title and author properties hold at most 255 characters.
                found.add(
                    "notice.too_long",
                    (key,),
                    field=key,
                    length=len(value.strip()),
                    limit=MAX_PROPERTY_LENGTH,
                )
        for key in ("doc_number", "header", "note", "printed_by", "duplicates_title"):
            value = getattr(self, key)
            if value is not None and (bad := check_text(value, key)):
                _add_text(found, (key,), bad)
        for key in ("date", "printed_date"):
            value = getattr(self, key)
            if value is None and key == "printed_date":
                continue
            if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
                found.add("notice.not_a_date", (key,), field=key, value=repr(value))
            elif key == "date" and not FIRST_YEAR <= value.year <= LAST_YEAR:
                # The 成文日期 stamps the DOCX's ZIP entries, which hold 1980 to 2107 only.
                found.add(
                    "notice.date_out_of_range",
                    (key,),
                    year=value.year,
                    low=FIRST_YEAR,
                    high=LAST_YEAR,
                )
        if (self.printed_by is None) != (self.printed_date is None):
            found.add("notice.printed_pair", ("printed_by",))
        sealed: object = self.sealed
        if not isinstance(sealed, bool):
            found.add("value.not_bool", ("sealed",), field="sealed", value=repr(self.sealed))
        for key in ("addressees", "cc"):
            for i, text in enumerate(getattr(self, key)):
                if bad := check_text(text, f"{key}[{i}]"):
                    _add_text(found, (key, i), bad)
                elif not text.strip():
                    found.add("value.empty", (key, i), what=f"{key}[{i}]")
        excluded_items: tuple[object, ...] = self.excluded
        for i, excluded in enumerate(excluded_items):
            if not isinstance(excluded, Excluded):
                found.add(
                    "value.wrong_type",
                    ("excluded", i),
                    what=f"excluded[{i}]",
                    expected="Excluded",
                    kind=type(excluded).__name__,
                )
            elif bad := check_text(excluded.reason, f"excluded[{i}].reason"):
                _add_text(found, ("excluded", i), bad)
        for i, paragraph in enumerate(self.body):
            where = ("body", i)
            if bad := check_text(paragraph.text, f"paragraph {i + 1}", multiline=True):
                _add_text(found, where, bad)
                continue
            if "\n" in paragraph.text:
                found.add("body.line_break", where, paragraph=i + 1)
                continue
            try:
                parse_placeholders(paragraph.text)
            except TemplateError as exc:
                found.add("body.bad_placeholder", where, paragraph=i + 1, detail=str(exc))
        options: object = self.options
        if not isinstance(options, Mapping) or not all(
            isinstance(v, Mapping) for v in options.values()
        ):
            found.add("notice.options_not_mapping", ("options",))
        period: object = self.period
        if not isinstance(period, Period):
            found.add("value.not_period", ("period",), value=repr(self.period))
        for key, kind in (
            ("attachment", AttachmentSpec),
            ("comparison", ComparisonTable),
            ("scoring", ScoringRules),
            ("quota", Quota),
        ):
            value = getattr(self, key)
            if value is not None and not isinstance(value, kind):
                found.add(
                    "value.wrong_type",
                    (key,),
                    what=key,
                    expected=kind.__name__,
                    kind=type(value).__name__,
                )
        duplicates: tuple[object, ...] = self.duplicates
        for i, duplicate in enumerate(duplicates):
            if not isinstance(duplicate, Duplicate):
                found.add(
                    "value.wrong_type",
                    ("duplicates", i),
                    what=f"duplicates[{i}]",
                    expected="Duplicate",
                    kind=type(duplicate).__name__,
                )
            elif self.duplicates_title is not None:
                for copy in duplicate.items:
                    if bad := check_text(copy.title, f"duplicates[{i}] title"):
                        _add_text(found, ("duplicates", i), bad)
        self._tally_problems(found)
        self._comparison_problems(period, found)
        if (
            isinstance(self.scoring, ScoringRules | None)
            and isinstance(self.quota, Quota | None)
            and isinstance(self.attachment, AttachmentSpec | None)
        ):
            self._scoring_problems(found)
        return found.problems()

    def _scoring_problems(self, found: Collector) -> None:
        tallies = [t for t in self.tallies if isinstance(t, Tally)]
        if len(tallies) == len(self.tallies):
            for i, problem in apply_scoring(tallies, self.scoring, self.quota):
                found.adopt(InputError(problem), ("tallies", i))
            ytd = [t for t in self.year_to_date if isinstance(t, Tally)]
            for i, problem in apply_scoring(ytd, self.scoring, self.quota):
                found.adopt(InputError(problem), ("year_to_date", i))
        for place, code, params in unheld(self):
            found.add(code, place, **params)
        if self.scoring is not None and self.scoring.credit_parents:
            _parent_problems(tallies, found)

    def _comparison_problems(self, period: object, found: Collector) -> None:
        if not isinstance(period, Period):
            return
        sides: dict[str, Period | None] = {}
        for key, shift in (("previous", period.previous), ("year_ago", period.year_ago)):
            items: tuple[object, ...] = getattr(self, key)
            try:
                sides[key] = shift()
            except InputError as exc:  # near year 1: only an error when counts are given
                sides[key] = None
                if items:
                    found.adopt(exc, (key,))
        for key, expected in sides.items():
            seen: set[str] = set()
            items = getattr(self, key)
            if expected is None:
                continue
            for i, tally in enumerate(items):
                where = (key, i)
                if not isinstance(tally, Tally):
                    found.add("tally.not_a_tally", where, kind=type(tally).__name__)
                    continue
                if tally.period != expected:
                    found.add(
                        "tally.other_side_period",
                        where,
                        unit=tally.unit.name,
                        period=str(tally.period),
                        side=key.replace("_", " "),
                        expected=str(expected),
                    )
                if tally.unit.name in seen:
                    found.add("tally.twice", where, unit=tally.unit.name)
                seen.add(tally.unit.name)
        if isinstance(self.comparison, ComparisonTable):
            against = self.comparison.against
            if against in sides and not getattr(self, against):
                found.add("comparison.needs_counts", ("comparison", "table"), side=against)
        groups = {t.unit.group for t in self.tallies if isinstance(t, Tally)}
        for i, paragraph in enumerate(self.body):
            try:
                placeholders = parse_placeholders(paragraph.text)
            except TemplateError:
                continue  # reported with the paragraph
            for placeholder in placeholders:
                name, group, key = placeholder.name, placeholder.group, placeholder.key
                side = "year_ago" if "year_ago" in name else "previous"
                if name in COMPARING and not getattr(self, side):
                    found.add(
                        "body.needs_comparison",
                        ("body", i),
                        paragraph=i + 1,
                        placeholder=key,
                        side=side.replace("_", " "),
                        key=side,
                    )
                if group and group not in groups:
                    known = "、".join(sorted(g for g in groups if g)) or "none"
                    found.add(
                        "body.unknown_group",
                        ("body", i),
                        paragraph=i + 1,
                        placeholder=key,
                        group=repr(group),
                        groups=known,
                    )

    def _tally_problems(self, found: Collector) -> None:
        if not self.tallies:
            found.add("notice.no_units", ("tallies",))
        if len(self.tallies) > MAX_UNITS:
            found.add(
                "notice.too_many_units",
                ("tallies",),
                count=f"{len(self.tallies):,}",
                limit=f"{MAX_UNITS:,}",
            )
            return
        seen: dict[str, int] = {}
        excluded = {e.name for e in self.excluded}
        items: tuple[object, ...] = self.tallies
        if _plainly_fine(self.tallies, self.period, excluded):
            items = ()  # nothing to report: skip the per-tally search for what is wrong
        expected = str(self.period)
        for i, tally in enumerate(items):
            where = ("tallies", i)
            if not isinstance(tally, Tally):
                found.add("tally.not_a_tally", where, kind=type(tally).__name__)
                continue
            name = tally.unit.name  # printable: Unit normalises and checks it
            if tally.period is not self.period and tally.period != self.period:
                found.add(
                    "tally.other_period",
                    where,
                    unit=name,
                    period=str(tally.period),
                    expected=expected,
                )
            if name in seen:
                found.add("tally.duplicate", where, unit=name, first=seen[name] + 1, again=i + 1)
            else:
                seen[name] = i
            if name in excluded:
                found.add("tally.excluded", where, unit=name)
            if name in RESERVED_NAMES:
                found.add("tally.reserved_name", where, unit=name)
        spec = self.attachment
        if isinstance(spec, AttachmentSpec) and (spec.grouped or spec.split_by_group):
            every: tuple[object, ...] = self.tallies
            for i, tally in enumerate(every):
                if not isinstance(tally, Tally):
                    continue
                group = tally.unit.group
                if group is None:
                    found.add("tally.no_group", ("tallies", i), unit=tally.unit.name)
                elif spec.groups and group not in spec.groups:
                    found.add(
                        "tally.unlisted_group",
                        ("tallies", i),
                        unit=tally.unit.name,
                        group=repr(group),
                        groups=", ".join(spec.groups),
                    )


public(AttachmentSpec, ColumnSpec, ComparisonTable, Excluded, Notice)
