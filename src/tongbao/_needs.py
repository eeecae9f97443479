"""Which figures a notice prints, and whether its data holds each of them.

Every figure a notice prints must come from the data: a 报送数 column needs the units'
items submitted, a ``level:市政府网`` column their adoptions there, ``{score_total}``
a score for every unit (supplied, or from scoring rules). :func:`unheld` lists each
printed figure the data does not hold, placed at the column, key or paragraph that
prints it, so a notice that would print a figure from nothing is refused instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ._figures import YTD, Figure
from ._model import Tally
from ._template import TemplateError, parse_placeholders

if TYPE_CHECKING:
    from ._notice import AttachmentSpec, Notice

__all__ = ["DEFAULT_COLUMNS", "figure_label", "needed", "unheld"]

DEFAULT_COLUMNS = tuple(Figure(name) for name in ("unit", "submitted", "adopted", "rate"))
"""The figures of a table without ``columns`` (after its 序号 or 排名)."""

_NAMES = {
    "submitted": "报送数",
    "adopted": "采纳数",
    "score": "得分",
    "quota": "任务数",
    "instructions": "批示数",
}

SUBMITTED, ADOPTED, SCORE, QUOTA, INSTRUCTIONS = (
    Figure(name) for name in ("submitted", "adopted", "score", "quota", "instructions")
)

# Placeholders and the figure each needs (comparisons need 报送数 on both sides).
_PLACEHOLDER_NEEDS = {
    "submitted": SUBMITTED,
    "rate": SUBMITTED,
    "zero_units": SUBMITTED,
    "zero_count": SUBMITTED,
    "group_submitted": SUBMITTED,
    "group_rate": SUBMITTED,
    "score_total": SCORE,
    "quota_met": QUOTA,
    "quota_units": QUOTA,
    "quota_share": QUOTA,
    "quota_unmet": QUOTA,
}
_COLUMN_NEEDS = {
    "submitted": "submitted",
    "rate": "submitted",
    "score": "score",
    "quota": "quota",
    "completion": "quota",
    "met": "quota",
    "instructions": "instructions",
}
_ORDER_NEEDS = {"rate": SUBMITTED, "submitted": SUBMITTED, "wilson": SUBMITTED}


def figure_label(figure: Figure) -> str:
    """What a needed figure is called in a message: ``报送数``, ``市政府网采用``."""
    if figure.ytd:
        return "累计" + figure_label(figure.current)
    if figure.name == "level":
        return f"adoptions at level {figure.level} ({figure.level}采用)"
    if figure.name == "points":
        return f"points per adoption at {figure.level} (scoring.points)"
    return _NAMES.get(figure.name, figure.name)


def needed(notice: Notice) -> Iterator[tuple[str, str, Figure]]:
    """``(place, what prints it, figure)`` for every figure ``notice`` prints or ranks on."""
    for i, paragraph in enumerate(notice.body):
        try:
            placeholders = parse_placeholders(paragraph.text)
        except TemplateError:
            continue  # reported with the paragraph
        for placeholder in placeholders:
            name, level = placeholder.name, placeholder.level
            who = f"{{{placeholder.key}}} in paragraph {i + 1}"
            if name in _PLACEHOLDER_NEEDS:
                yield f"body[{i}]", who, _PLACEHOLDER_NEEDS[name]
            elif level is not None:
                yield f"body[{i}]", who, Figure("level", level)
            elif name in ("top_units", "bottom_units"):
                order = notice.attachment.order if notice.attachment is not None else "given"
                by = "rate" if order == "given" else order
                yield f"body[{i}]", who, SCORE if by == "score" else SUBMITTED
            elif name.startswith(("prev_", "year_ago_")) or "_vs_" in name:
                yield f"body[{i}]", who, SUBMITTED
    if notice.attachment is not None:
        yield from _attachment_needs(notice.attachment)
    if notice.comparison is not None:
        yield "comparison.table", "the comparison table", SUBMITTED
    rules = notice.scoring
    if rules is not None:
        if rules.per_submission:
            yield "scoring.per_submission", "scoring.per_submission", SUBMITTED
        for level in rules.levels:
            yield "scoring.points", f"points for {level}", Figure("level", level)
        if rules.per_instruction:
            yield "scoring.per_instruction", "scoring.per_instruction", INSTRUCTIONS
        if rules.quota_points is not None:
            yield "scoring.quota_points", "scoring.quota_points", QUOTA


_HEADINGS = {**_NAMES, "rate": "采纳率", "completion": "完成率", "met": "是否完成"}


def _heading(figure: Figure) -> str:
    """The heading a column of ``figure`` has by default: ``采纳率``, ``市政府网``."""
    level = figure.level
    if level and figure.name == "level":
        text = level
    elif figure.name == "points":
        text = f"{level}得分"
    else:
        text = _HEADINGS.get(figure.base, figure.base)
    return f"累计{text}" if figure.ytd else text


def _unparsed(key: str) -> Figure | None:
    """What a column of a figure key no figure has needs (its own problem is reported
    with the attachment): a ``ytd_`` key the year-to-date counts, an empty level its
    level."""
    ytd = key.startswith(YTD)
    name, colon, level = key.removeprefix(YTD).partition(":")
    if colon and name in ("level", "points"):
        return Figure(name, level, ytd)
    return Figure(key.removeprefix(YTD), None, ytd) if ytd else None


def _attachment_needs(spec: AttachmentSpec) -> Iterator[tuple[str, str, Figure]]:
    if spec.order in _ORDER_NEEDS:
        yield "attachment.order", f'order = "{spec.order}"', _ORDER_NEEDS[spec.order]
    elif spec.order == "score":
        yield "attachment.order", 'order = "score"', SCORE
    if spec.min_submitted:
        yield "attachment.min_submitted", "min_submitted", SUBMITTED
    for key in ("list_zero_units", "chart"):
        if getattr(spec, key):
            yield f"attachment.{key}", key, SUBMITTED
    if spec.zero_units_title:
        yield "attachment.zero_units_title", "zero_units_title", SUBMITTED
    columns: list[tuple[str, Figure, str]] = []
    if spec.columns:
        for i, column in enumerate(spec.columns):
            written: object = column.figure
            if not isinstance(written, str):
                continue  # reported with the attachment
            figure = column.parsed or _unparsed(written)
            if figure is not None:
                heading = column.heading or _heading(figure)
                columns.append((f"attachment.columns[{i}]", figure, heading))
    else:
        columns = [("attachment", f, _heading(f)) for f in DEFAULT_COLUMNS]
    for place, figure, heading in columns:
        who = (
            f"the {heading} column"
            if place != "attachment"
            else f"the table's {heading} column (a default column; set attachment.columns)"
        )
        if figure.level is None and figure.name in _COLUMN_NEEDS:
            yield place, who, Figure(_COLUMN_NEEDS[figure.name], None, figure.ytd)
        elif figure.name in ("level", "points") and figure.level is not None:
            yield place, who, figure
        elif figure.ytd:
            yield place, who, Figure("adopted", None, ytd=True)


def _holds(tallies: Sequence[Tally], figure: Figure, notice: Notice) -> Tally | bool:
    """``True`` when every tally holds ``figure``, else the first tally that does not."""
    kind, level = figure.name, figure.level
    rules = notice.scoring
    if kind == "points":
        return rules is not None and level in dict(rules.points)
    if not tallies:
        return False
    for tally in tallies:
        if kind == "submitted":
            ok = tally.submitted is not None
        elif kind == "adopted":
            ok = True
        elif kind == "score":
            ok = tally.score is not None or rules is not None
        elif kind == "quota":
            quota = notice.quota
            ok = quota is not None and (quota.items is not None or tally.quota is not None)
            counted = quota is None or quota.counts != "submitted" or tally.submitted is not None
            ok = ok and counted
        elif kind == "instructions":
            ok = tally.instructions is not None
        elif kind == "level":
            ok = any(name == level for name, _ in tally.levels)
        else:
            ok = True
        if not ok:
            return tally
    return True


def unheld(notice: Notice) -> list[tuple[str, str, dict[str, Any]]]:
    """``(place, code, params)`` for each figure ``notice`` prints that its data does not hold."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    source = f" ({notice.source})" if notice.source else ""
    seen: set[tuple[str, str]] = set()
    known: dict[Figure, Tally | bool] = {}  # each figure checked once over the tallies
    for place, who, figure in needed(notice):
        ytd = figure.ytd
        tallies = notice.year_to_date if ytd else notice.tallies
        base = figure.current
        params: dict[str, Any] = {"who": who}
        if ytd and not tallies:
            code = "needs.year_to_date"
        else:
            if figure not in known:
                known[figure] = _holds(tallies, base, notice)
            held = known[figure]
            if held is True:
                continue
            params["figure"] = figure_label(figure)
            lacking = held.unit.name if isinstance(held, Tally) else None
            if base == QUOTA and notice.quota is None:
                code = "needs.quota"
            elif base.name == "points":
                code = "needs.points"
            elif base == SCORE:
                code = "needs.score" if lacking is None else "needs.score_of_unit"
                params["unit"] = lacking
            elif isinstance(held, Tally) and not source:
                code = "needs.figure_of_unit"
                params["unit"] = lacking
                params["whose"] = "the year-to-date counts do" if ytd else "the data does"
            elif isinstance(held, Tally):
                code = "needs.figure_in_source"
                params["whose"] = "the year-to-date counts do" if ytd else "the data does"
                params["source"] = notice.source
            else:
                code = "needs.figure_in_source" if source else "needs.figure"
                if source:
                    params["whose"] = "the data does"
                    params["source"] = notice.source
        if (place, code + str(params)) not in seen:
            seen.add((place, code + str(params)))
            found.append((place, code, {k: v for k, v in params.items() if v is not None}))
    return found
