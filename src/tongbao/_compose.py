"""Notice → resolved document: every figure computed, every sentence worded, here only.

Renderers receive the :class:`~tongbao.document.Document` this module makes and lay it
out; nothing they print is computed anywhere else. The body's placeholders are filled
here; the attachment tables, cell by cell, come from :mod:`tongbao._table`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import attrs

from ._compare import Comparison, compare, describe_count_change, describe_rate_change
from ._items import Duplicate
from ._model import Tally, Unit
from ._notice import AttachmentSpec, Notice
from ._numfmt import format_date, format_rate
from ._quota import Quota, met_quota, quota_summary
from ._scoring import format_score, scored
from ._stats import Ranking, rank, rate, totals
from ._table import (
    DEFAULT_HEADINGS,
    Part,
    build_table,
    comparison_part,
    score_places,
    sections,
    zero_units_part,
)
from ._template import fill
from .document import (
    Attachment,
    Bar,
    Chart,
    Column,
    Document,
    Header,
    Imprint,
    Paragraph,
    Row,
    Table,
    Value,
)

__all__ = [
    "DEFAULT_HEADINGS",
    "build_table",
    "compose",
    "duplicates_part",
    "placeholder_values",
]
# DEFAULT_HEADINGS and build_table live in _table; named here for the modules that
# import them from _compose (import, the rank command).


@attrs.frozen
class _Facts:
    """What several parts of a notice read, worked out once.

    ``ranking`` is the units' ranking as the table ranks them, when the data holds
    what it ranks on; the body's ``{top_units}`` and an ungrouped ranked table share it.
    """

    scored: Sequence[Tally]
    zero_units: tuple[Unit, ...]
    ranking: Ranking | None

    @classmethod
    def of(cls, notice: Notice) -> _Facts:
        with_scores = scored(notice.tallies, notice.scoring, notice.quota)
        zero = tuple(t.unit for t in notice.tallies if t.submitted == 0)
        rankable = _rankable(with_scores, notice.attachment)
        ranking = _ranking(with_scores, notice.attachment) if rankable else None
        return cls(with_scores, zero, ranking)


def compose(notice: Notice) -> Document:
    """Resolve ``notice`` into the document every renderer lays out."""
    facts = _Facts.of(notice)
    values = _placeholder_values(notice, facts)
    paragraphs = tuple(Paragraph(fill(p.text, values), p.level) for p in notice.body)
    parts: list[Part] = []
    if notice.attachment is not None:
        spec = notice.attachment
        tallies = facts.scored
        ranking = facts.ranking
        if spec.zero_units_title:  # they have an attachment of their own
            tallies = [t for t in tallies if t.submitted]
            ranking = None
        ytd = scored(notice.year_to_date, notice.scoring, notice.quota)
        if spec.split_by_group:
            one = attrs.evolve(spec, grouped=False, groups=())
            for group, items in sections(tallies, attrs.evolve(spec, grouped=True)):
                title = spec.group_titles.get(group or "", f"{spec.title.strip()}（{group}）")
                table = build_table(items, one, notice.scoring, ytd, notice.quota)
                parts.append(Part(title.strip(), table, ()))
            if parts:
                parts[-1] = parts[-1]._replace(notes=_table_notes(notice, spec, facts))
        else:
            table = build_table(tallies, spec, notice.scoring, ytd, notice.quota, ranking=ranking)
            chart = _chart(notice, spec) if spec.chart else None
            parts.append(Part(spec.title.strip(), table, _table_notes(notice, spec, facts), chart))
    if notice.attachment is not None and notice.attachment.zero_units_title:
        parts.append(zero_units_part(facts.zero_units, notice.attachment.zero_units_title))
    if notice.comparison is not None:
        parts.append(comparison_part(notice, notice.comparison))
    if notice.duplicates_title:
        parts.append(duplicates_part(notice.duplicates, notice.duplicates_title))
    attachments, notes = _number(parts)
    header = None
    if notice.header is not None or notice.doc_number is not None:
        header = Header(issuer_mark=notice.header, doc_number=notice.doc_number)
    imprint = None
    if notice.cc or notice.printed_by is not None:
        imprint = Imprint(
            cc=f"抄送：{'，'.join(notice.cc)}。" if notice.cc else None,
            printed_by=notice.printed_by,
            printed_date=(
                f"{format_date(notice.printed_date)}印发" if notice.printed_date else None
            ),
        )
    title_lines = tuple(line.strip() for line in notice.title.strip().split("\n"))
    return Document(
        title="".join(title_lines),
        title_lines=title_lines if len(title_lines) > 1 else (),
        addressees=_addressees(notice.addressees),
        paragraphs=paragraphs,
        attachment_notes=notes,
        signature=notice.issuer.strip(),
        date=format_date(notice.date),
        issued=notice.date,
        sealed=notice.sealed,
        note=_note(notice.note),
        header=header,
        attachments=attachments,
        imprint=imprint,
    )


_TEXT, _EMPTY = Value("text"), Value("empty")


def duplicates_part(duplicates: Sequence[Duplicate], title: str) -> Part:
    """The items submitted more than once, per unit: each duplicate numbered, its unit
    named once, then every copy's title and date (the copy counted first on top)."""
    columns = (
        Column("序号", "no", numeric=True),
        Column("单位", "unit", "left"),
        Column("标题", "title", "left"),
        Column("报送日期", "date"),
    )
    rows = []
    for number, duplicate in enumerate(duplicates, start=1):
        for index, item in enumerate(duplicate.items):
            first = index == 0
            cells: list[tuple[str, Value]] = [
                (str(number), Value("count", number)) if first else ("", _EMPTY),
                (duplicate.unit, _TEXT) if first else ("", _EMPTY),
                (item.title.strip(), _TEXT if item.title.strip() else _EMPTY),
                (format_date(item.submitted_on), _TEXT),
            ]
            rows.append(Row(tuple(t for t, _ in cells), "unit", tuple(v for _, v in cells)))
    notes = () if duplicates else ("本期未发现重复报送的信息。",)
    return Part(title.strip(), Table(columns, tuple(rows)), notes)


def _number(parts: Sequence[Part]) -> tuple[tuple[Attachment, ...], tuple[str, ...]]:
    """Label the attachments and word the 附件说明: ``附件``, or ``附件1`` … with ``1. ``."""
    if not parts:
        return (), ()
    if len(parts) == 1:
        title, table, notes, chart = parts[0]
        return (Attachment("附件", title, table, notes, chart),), (f"附件：{title}",)
    attachments = tuple(
        Attachment(f"附件{n}", title, table, notes, chart)
        for n, (title, table, notes, chart) in enumerate(parts, start=1)
    )
    lines = tuple(
        f"附件：{n}. {part.title}" if n == 1 else f"{n}. {part.title}"
        for n, part in enumerate(parts, start=1)
    )
    return attachments, lines


def _chart(notice: Notice, spec: AttachmentSpec) -> Chart:
    """The units' rates, highest first (ties in the given order), the overall rate marked."""
    entries = rank(notice.tallies)
    bars = []
    for entry in entries:
        value = rate(entry.tally)
        if value is None:
            continue  # nothing submitted: no rate to draw
        bars.append(Bar(entry.tally.unit.name, float(value), format_rate(value, spec.rate_places)))
    whole = totals(notice.tallies).rate
    reference = Bar("全部单位", float(whole), format_rate(whole, 1)) if whole is not None else None
    return Chart(f"{notice.period.label()}各单位信息采纳率", tuple(bars), reference)


def _ranking(tallies: Sequence[Tally], spec: AttachmentSpec | None) -> Ranking:
    """The ranking the notice uses: its table's, or by rate when the table is not ranked."""
    if spec is None:
        return rank(tallies)
    return rank(
        tallies,
        by="rate" if spec.order == "given" else spec.order,
        ties=spec.ties,
        min_submitted=spec.min_submitted,
        rate_places=spec.rate_places if spec.rank_on == "shown" else None,
    )


def _rankable(tallies: Sequence[Tally], spec: AttachmentSpec | None) -> bool:
    """Whether the data holds what the notice's ranking ranks on."""
    by = "rate" if spec is None or spec.order == "given" else spec.order
    if by == "score":
        return all(t.score is not None for t in tallies)
    if by == "adopted" and not (spec and spec.min_submitted):
        return True
    return all(t.submitted is not None for t in tallies)


def _quota_values(tallies: Sequence[Tally], quota: Quota) -> dict[str, str]:
    """``{quota_met}`` of ``{quota_units}`` units met their quota: ``{quota_share}``."""
    met, units = quota_summary(tallies, quota)
    unmet = [t.unit.name for t in tallies if not met_quota(t, quota)]
    return {
        "quota_met": str(met),
        "quota_units": str(units),
        "quota_share": format_rate(Fraction(met, units) if units else None, 1),
        "quota_unmet": "、".join(unmet) or "无",
    }


def _ends(entries: Ranking) -> tuple[str, str]:
    """The first- and last-placed units' names, 并列 marked; ``无`` when nothing ranks."""
    ranked = [e for e in entries if e.rank is not None]
    if not ranked:
        return "无", "无"

    def names(place: int | None) -> str:
        found = [e.tally.unit.name for e in ranked if e.rank == place]
        return "、".join(found) + ("（并列）" if len(found) > 1 else "")

    return names(ranked[0].rank), names(ranked[-1].rank)


def _comparison_values(prefix: str, vs: str, comparison: Comparison) -> dict[str, str]:
    return {
        f"{prefix}_period": comparison.other.label(),
        f"{prefix}_submitted": str(comparison.previous.submitted),
        f"{prefix}_adopted": str(comparison.previous.adopted),
        f"{prefix}_rate": format_rate(comparison.previous.rate, 1),
        f"submitted_vs_{vs}": describe_count_change(comparison.submitted),
        f"adopted_vs_{vs}": describe_count_change(comparison.adopted),
        f"rate_vs_{vs}": describe_rate_change(comparison.rate),
    }


def placeholder_values(notice: Notice) -> dict[str, str]:
    """The text of every placeholder for ``notice`` (see :data:`tongbao.PLACEHOLDERS`).

    Only figures the data holds get a value: a notice without 报送数 has no ``{rate}``
    (and :class:`~tongbao.Notice` refuses a body that uses it).
    """
    return _placeholder_values(notice, _Facts.of(notice))


def _placeholder_values(notice: Notice, facts: _Facts) -> dict[str, str]:
    whole = totals(notice.tallies)
    values = {
        "period": notice.period.label(),
        "period_short": notice.period.short_label(),
        "adopted": str(whole.adopted),
        "units": str(whole.units),
    }
    if whole.submitted is not None:
        zero = facts.zero_units
        values.update(
            {
                "submitted": str(whole.submitted),
                "rate": format_rate(whole.rate, 1),
                "zero_units": "、".join(u.name for u in zero) if zero else "无",
                "zero_count": str(len(zero)),
            }
        )
    if notice.quota is not None:
        values.update(_quota_values(notice.tallies, notice.quota))
    with_scores = facts.scored
    if facts.ranking is not None:
        values["top_units"], values["bottom_units"] = _ends(facts.ranking)
    levels: dict[str, int] = {}
    for tally in notice.tallies:
        for level, count in tally.levels:
            levels[level] = levels.get(level, 0) + count
    for level, count in levels.items():
        values[f"level_adopted:{level}"] = str(count)
    scores = [t.score for t in with_scores]
    if scores and all(s is not None for s in scores):
        values["score_total"] = format_score(
            sum((s for s in scores if s is not None), Fraction(0)), score_places(notice.scoring)
        )
    members: dict[str | None, list[Tally]] = {}
    for tally in with_scores:
        members.setdefault(tally.unit.group, []).append(tally)
    for group, items in members.items():
        if group is None:
            continue
        part = totals(items)
        if _rankable(items, notice.attachment):
            top, bottom = _ends(_ranking(items, notice.attachment))
            values[f"top_units:{group}"] = top
            values[f"bottom_units:{group}"] = bottom
        if part.submitted is not None:
            values[f"group_submitted:{group}"] = str(part.submitted)
            values[f"group_rate:{group}"] = format_rate(part.rate, 1)
        values[f"group_adopted:{group}"] = str(part.adopted)
        values[f"group_units:{group}"] = str(part.units)
        for level in levels:
            values[f"level_adopted:{level}|{group}"] = str(sum(t.level(level) for t in items))
    if notice.previous:
        previous = compare(notice.tallies, notice.previous)
        values.update(_comparison_values("prev", "prev", previous))
        values["new_units"] = "、".join(u.name for u in previous.new_units) or "无"
        values["gone_units"] = "、".join(u.name for u in previous.gone_units) or "无"
    if notice.year_ago:
        values.update(
            _comparison_values("year_ago", "year_ago", compare(notice.tallies, notice.year_ago))
        )
    return values


def _addressees(names: Sequence[str]) -> str:
    return f"{'、'.join(name.strip() for name in names)}：" if names else ""


def _note(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    inner = text.strip().removeprefix("（").removeprefix("(").removesuffix("）").removesuffix(")")
    return f"（{inner}）"


def _table_notes(notice: Notice, spec: AttachmentSpec, facts: _Facts) -> tuple[str, ...]:
    notes = []
    if spec.list_zero_units and facts.zero_units:
        notes.append(f"本期未报送信息的单位：{'、'.join(u.name for u in facts.zero_units)}。")
    if notice.excluded:
        names = "、".join(
            f"{e.name}（{e.reason.strip()}）" if e.reason.strip() else e.name
            for e in notice.excluded
        )
        notes.append(f"注：{names}不参加本期统计。")
    return tuple(notes)
