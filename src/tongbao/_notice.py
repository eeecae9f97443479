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
from typing import Literal

import attrs

from ._figures import FIGURES, Figure
from ._model import Tally, Unit, bad_character, normalize_name
from ._needs import unheld
from ._period import Period
from ._quota import Quota
from ._scoring import ScoringRules, apply_scoring
from ._stats import Ties
from ._template import TemplateError, parse_placeholders
from .document import Paragraph
from .errors import InputError, Location, Problem

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

Order = Literal["given", "rate", "adopted", "submitted", "wilson", "score"]
"""The attachment table's row order: the data's own, or ranked by a figure."""

RankOn = Literal["exact", "shown"]
"""Rank on the exact rates, or on the rates as printed (equal printed rates tie)."""


def check_text(text: object, what: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` cannot go into a document, or ``None`` when it can.

    The same rule as unit names (:func:`~tongbao._model.bad_character`): controls (other
    than line breaks where allowed), line and paragraph separators, bidi overrides,
    surrogates, private-use characters and non-characters have no place in any output.
    """
    if not isinstance(text, str):
        return f"{what} must be text, not {type(text).__name__}"
    bad = bad_character(text, multiline=multiline)
    return None if bad is None else f"{what} {bad}"


def _parent_problems(tallies: list[Tally]) -> list[tuple[str, str]]:
    """A parent must be a unit counted here, and not a sub-unit itself (one level)."""
    parents = {t.unit.name: t.parent for t in tallies}
    found = []
    for i, tally in enumerate(tallies):
        parent = tally.parent
        if parent is None:
            continue
        if parent == tally.unit.name:
            found.append((f"tallies[{i}]", f"{parent} is given as its own parent"))
        elif parent not in parents:
            found.append(
                (f"tallies[{i}]", f"{tally.unit.name}'s parent {parent} is not a unit counted here")
            )
        elif parents[parent] is not None:
            found.append(
                (
                    f"tallies[{i}]",
                    f"{tally.unit.name}'s parent {parent} is itself a sub-unit of "
                    f"{parents[parent]}; points are credited one level up only",
                )
            )
    return found


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
    group_titles: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    zero_units_title: str | None = None

    def problems(self) -> list[Problem]:
        """What is wrong with these options, each placed by its key."""
        found: list[tuple[str, str]] = []
        if error := check_text(self.title, "the attachment title"):
            found.append(("title", error))
        elif not self.title.strip():
            found.append(("title", "the attachment title is empty"))
        choices = {
            "order": ("given", "rate", "adopted", "submitted", "wilson", "score"),
            "ties": ("competition", "dense"),
            "rank_on": ("exact", "shown"),
        }
        for key, allowed in choices.items():
            if getattr(self, key) not in allowed:
                found.append(
                    (key, f"{key} is {getattr(self, key)!r}; expected one of {', '.join(allowed)}")
                )
        for key, low, high in (("min_submitted", 0, 10**9), ("rate_places", 0, 4)):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                found.append((key, f"{key} must be a whole number from {low} to {high}"))
        if error := check_text(self.undefined_rate, "undefined_rate"):
            found.append(("undefined_rate", error))
        for key in ("zero_units_title",):
            value = getattr(self, key)
            if value is not None and (error := check_text(value, key)):
                found.append((key, error))
        for group, title in dict(self.group_titles).items():
            if error := check_text(title, f"the title for group {group}"):
                found.append(("group_titles", error))
        for i, column in enumerate(self.columns):
            for part in ("heading", "group"):
                text = getattr(column, part)
                if text is not None and (error := check_text(text, f"the column's {part}")):
                    found.append((f"columns[{i}]", error))
            if column.parsed is None:
                found.append(
                    (
                        f"columns[{i}]",
                        f"column figure {column.figure!r} is not one of {', '.join(FIGURES)}, "
                        "level:NAME or points:NAME (each also with ytd_)",
                    )
                )
        return [Problem(Location(None, f"attachment.{key}"), msg) for key, msg in found]


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


@attrs.frozen(kw_only=True)
class ComparisonTable:
    """An attachment comparing this period with the previous one (环比) or a year ago (同比)."""

    title: str
    against: Literal["previous", "year_ago"] = "previous"


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
        factory=dict, hash=False
    )
    """Renderer options by format (``[options.pdf]`` in a notice file); options given
    to :func:`tongbao.render` or on the command line take precedence."""
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
    """Renderer options by format (``[options.pdf]`` in a notice file); options given
    to :func:`tongbao.render` or on the command line take precedence."""

    def __attrs_post_init__(self) -> None:
        problems = self._problems()
        if problems:
            raise InputError(problems)

    @property
    def units(self) -> tuple[Unit, ...]:
        """The units counted, in the given order."""
        return tuple(t.unit for t in self.tallies)

    def _problems(self) -> list[Problem]:  # noqa: PLR0915 - every field's check, in order
        found: list[tuple[str, str]] = []
        for key in ("title", "issuer"):
            value = getattr(self, key)
            if error := check_text(value, key, multiline=key == "title"):
                found.append((key, error))
            elif not value.strip():
                found.append((key, f"{key} is empty"))
            elif key == "title" and any(not line.strip() for line in value.split("\n")):
                found.append((key, "a line of the title is empty"))
            elif len(value.strip()) > MAX_PROPERTY_LENGTH:
                # The DOCX file's title and author properties hold at most 255 characters.
                found.append(
                    (
                        key,
                        f"{key} is {len(value.strip())} characters long; at most "
                        f"{MAX_PROPERTY_LENGTH} fit a document's properties",
                    )
                )
        for key in ("doc_number", "header", "note", "printed_by"):
            value = getattr(self, key)
            if value is not None and (error := check_text(value, key)):
                found.append((key, error))
        for key in ("date", "printed_date"):
            value = getattr(self, key)
            if value is None and key == "printed_date":
                continue
            if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
                found.append((key, f"{key} must be a date such as 2018-05-10, not {value!r}"))
            elif key == "date" and not FIRST_YEAR <= value.year <= LAST_YEAR:
                # The 成文日期 stamps the DOCX's ZIP entries, which hold 1980 to 2107 only.
                found.append(
                    (
                        key,
                        f"date is in {value.year}; expected a year from {FIRST_YEAR} "
                        f"to {LAST_YEAR}",
                    )
                )
        if (self.printed_by is None) != (self.printed_date is None):
            found.append(("printed_by", "printed_by and printed_date go together: give both"))
        sealed: object = self.sealed
        if not isinstance(sealed, bool):
            found.append(("sealed", f"sealed must be true or false, not {self.sealed!r}"))
        for key in ("addressees", "cc"):
            for i, text in enumerate(getattr(self, key)):
                if error := check_text(text, f"{key}[{i}]"):
                    found.append((f"{key}[{i}]", error))
                elif not text.strip():
                    found.append((f"{key}[{i}]", f"{key}[{i}] is empty"))
        for i, excluded in enumerate(self.excluded):
            if isinstance(excluded, Excluded) and (
                error := check_text(excluded.reason, f"excluded[{i}].reason")
            ):
                found.append((f"excluded[{i}]", error))
        for i, paragraph in enumerate(self.body):
            where = f"body[{i}]"
            if error := check_text(paragraph.text, f"paragraph {i + 1}", multiline=True):
                found.append((where, error))
                continue
            if "\n" in paragraph.text:
                found.append((where, f"paragraph {i + 1} holds a line break; make it two items"))
                continue
            try:
                parse_placeholders(paragraph.text)
            except TemplateError as exc:
                found.append((where, f"paragraph {i + 1}: {exc}"))
        period: object = self.period
        if not isinstance(period, Period):
            found.append(("period", f"period must be a Period, not {self.period!r}"))
        found.extend(self._tally_problems())
        found.extend(self._comparison_problems(period))
        found.extend(self._scoring_problems())
        problems = [Problem(Location(None, key), message) for key, message in found]
        if self.attachment is not None:
            problems.extend(self.attachment.problems())
        return problems

    def _scoring_problems(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        tallies = [t for t in self.tallies if isinstance(t, Tally)]
        if len(tallies) == len(self.tallies):
            found.extend(
                (f"tallies[{i}]", msg)
                for i, msg in apply_scoring(tallies, self.scoring, self.quota)
            )
            ytd = [t for t in self.year_to_date if isinstance(t, Tally)]
            found.extend(
                (f"year_to_date[{i}]", msg)
                for i, msg in apply_scoring(ytd, self.scoring, self.quota)
            )
        found.extend(unheld(self))
        if self.scoring is not None and self.scoring.credit_parents:
            found.extend(_parent_problems(tallies))
        return found

    def _comparison_problems(self, period: object) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if not isinstance(period, Period):
            return found
        sides: dict[str, Period | None] = {}
        for key, shift in (("previous", period.previous), ("year_ago", period.year_ago)):
            items: tuple[object, ...] = getattr(self, key)
            try:
                sides[key] = shift()
            except ValueError as exc:  # near year 1: only an error when counts are given
                sides[key] = None
                if items:
                    found.append((key, str(exc)))
        for key, expected in sides.items():
            seen: set[str] = set()
            items = getattr(self, key)
            if expected is None:
                continue
            for i, tally in enumerate(items):
                where = f"{key}[{i}]"
                if not isinstance(tally, Tally):
                    found.append((where, f"expected a Tally, not {type(tally).__name__}"))
                    continue
                if tally.period != expected:
                    found.append(
                        (
                            where,
                            f"{tally.unit.name}: counts are for {tally.period}, "
                            f"the {key.replace('_', ' ')} period is {expected}",
                        )
                    )
                if tally.unit.name in seen:
                    found.append((where, f"{tally.unit.name} appears twice"))
                seen.add(tally.unit.name)
        if self.comparison is not None:
            against = self.comparison.against
            if against not in sides:
                found.append(
                    ("comparison.table_against", f"{against!r} is not previous or year_ago")
                )
            elif not getattr(self, against):
                found.append(
                    ("comparison.table", f"a comparison table needs the {against} period's counts")
                )
            if error := check_text(self.comparison.title, "the comparison table title"):
                found.append(("comparison.table", error))
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
                    found.append(
                        (
                            f"body[{i}]",
                            f"paragraph {i + 1}: {{{key}}} needs the {side.replace('_', ' ')} "
                            f"period's counts ([comparison] {side} in a notice file)",
                        )
                    )
                if group and group not in groups:
                    known = "、".join(sorted(g for g in groups if g)) or "none"
                    found.append(
                        (
                            f"body[{i}]",
                            f"paragraph {i + 1}: {{{key}}}: no unit is in group "
                            f"{group!r} (groups: {known})",
                        )
                    )
        return found

    def _tally_problems(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if not self.tallies:
            found.append(("tallies", "no units: a notice needs at least one unit's counts"))
        if len(self.tallies) > MAX_UNITS:
            found.append(
                (
                    "tallies",
                    f"{len(self.tallies):,} units; a notice may count at most {MAX_UNITS:,}",
                )
            )
            return found
        seen: dict[str, int] = {}
        excluded = {e.name for e in self.excluded}
        items: tuple[object, ...] = self.tallies
        if _plainly_fine(self.tallies, self.period, excluded):
            items = ()  # nothing to report: skip the per-tally search for what is wrong
        for i, tally in enumerate(items):
            if not isinstance(tally, Tally):
                found.append((f"tallies[{i}]", f"expected a Tally, not {type(tally).__name__}"))
                continue
            name = tally.unit.name  # printable: Unit normalises and checks it
            if tally.period is not self.period and tally.period != self.period:
                found.append(
                    (
                        f"tallies[{i}]",
                        f"{name}: counts are for {tally.period}, the notice for {self.period}",
                    )
                )
            if name in seen:
                found.append(
                    (
                        f"tallies[{i}]",
                        f"{name} appears twice (as unit {seen[name] + 1} and {i + 1})",
                    )
                )
            else:
                seen[name] = i
            if name in excluded:
                found.append((f"tallies[{i}]", f"{name} is counted and also listed as excluded"))
            if name in RESERVED_NAMES:
                found.append(
                    (f"tallies[{i}]", f"a unit may not be called {name}: the table's own rows are")
                )
        spec = self.attachment
        if spec is not None and (spec.grouped or spec.split_by_group):
            every: tuple[object, ...] = self.tallies
            for i, tally in enumerate(every):
                if not isinstance(tally, Tally):
                    continue
                group = tally.unit.group
                if group is None:
                    found.append(
                        (
                            f"tallies[{i}]",
                            f"{tally.unit.name} has no group, but the table is grouped",
                        )
                    )
                elif spec.groups and group not in spec.groups:
                    found.append(
                        (
                            f"tallies[{i}]",
                            f"{tally.unit.name} is in group {group!r}, which attachment.groups "
                            f"does not list ({', '.join(spec.groups)})",
                        )
                    )
        return found
