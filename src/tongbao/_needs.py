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

from ._model import Tally
from ._template import TemplateError, placeholders_in

if TYPE_CHECKING:
    from ._notice import AttachmentSpec, Notice

__all__ = ["DEFAULT_COLUMNS", "figure_label", "needed", "unheld"]

DEFAULT_COLUMNS = ("unit", "submitted", "adopted", "rate")
"""The figures of a table without ``columns`` (after its 序号 or 排名)."""

_NAMES = {
    "submitted": "报送数",
    "adopted": "采纳数",
    "score": "得分",
    "quota": "任务数",
    "instructions": "批示数",
}

# Placeholders and the figure each needs (comparisons need 报送数 on both sides).
_PLACEHOLDER_NEEDS = {
    "submitted": "submitted",
    "rate": "submitted",
    "zero_units": "submitted",
    "zero_count": "submitted",
    "group_submitted": "submitted",
    "group_rate": "submitted",
    "score_total": "score",
    "quota_met": "quota",
    "quota_units": "quota",
    "quota_share": "quota",
    "quota_unmet": "quota",
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
_ORDER_NEEDS = {"rate": "submitted", "submitted": "submitted", "wilson": "submitted"}


def figure_label(figure: str) -> str:
    """What a needed figure is called in a message: ``报送数``, ``市政府网采用``."""
    if figure.startswith("ytd_"):
        return "累计" + figure_label(figure.removeprefix("ytd_"))
    kind, _, level = figure.partition(":")
    if kind == "level":
        return f"adoptions at level {level} ({level}采用)"
    if kind == "points":
        return f"points per adoption at {level} (scoring.points)"
    return _NAMES.get(figure, figure)


def needed(notice: Notice) -> Iterator[tuple[str, str, str]]:
    """``(place, what prints it, figure)`` for every figure ``notice`` prints or ranks on."""
    for i, paragraph in enumerate(notice.body):
        try:
            keys = placeholders_in(paragraph.text)
        except TemplateError:
            continue  # reported with the paragraph
        for key in keys:
            name, _, argument = key.partition(":")
            who = f"{{{key}}} in paragraph {i + 1}"
            if name in _PLACEHOLDER_NEEDS:
                yield f"body[{i}]", who, _PLACEHOLDER_NEEDS[name]
            elif name == "level_adopted":
                yield f"body[{i}]", who, f"level:{argument.partition('|')[0]}"
            elif name in ("top_units", "bottom_units"):
                order = notice.attachment.order if notice.attachment is not None else "given"
                by = "rate" if order == "given" else order
                yield f"body[{i}]", who, "score" if by == "score" else "submitted"
            elif name.startswith(("prev_", "year_ago_")) or "_vs_" in name:
                yield f"body[{i}]", who, "submitted"
    if notice.attachment is not None:
        yield from _attachment_needs(notice.attachment)
    if notice.comparison is not None:
        yield "comparison.table", "the comparison table", "submitted"
    rules = notice.scoring
    if rules is not None:
        if rules.per_submission:
            yield "scoring.per_submission", "scoring.per_submission", "submitted"
        for level in rules.levels:
            yield "scoring.points", f"points for {level}", f"level:{level}"
        if rules.per_instruction:
            yield "scoring.per_instruction", "scoring.per_instruction", "instructions"
        if rules.quota_points is not None:
            yield "scoring.quota_points", "scoring.quota_points", "quota"


_HEADINGS = {**_NAMES, "rate": "采纳率", "completion": "完成率", "met": "是否完成"}


def _heading(figure: str) -> str:
    """The heading a column of ``figure`` has by default: ``采纳率``, ``市政府网``."""
    base = figure.removeprefix("ytd_")
    kind, _, level = base.partition(":")
    text = level if kind == "level" else f"{level}得分" if kind == "points" else None
    text = text or _HEADINGS.get(base, base)
    return f"累计{text}" if figure.startswith("ytd_") else text


def _attachment_needs(spec: AttachmentSpec) -> Iterator[tuple[str, str, str]]:
    if spec.order in _ORDER_NEEDS:
        yield "attachment.order", f'order = "{spec.order}"', _ORDER_NEEDS[spec.order]
    elif spec.order == "score":
        yield "attachment.order", 'order = "score"', "score"
    if spec.min_submitted:
        yield "attachment.min_submitted", "min_submitted", "submitted"
    for key in ("list_zero_units", "chart"):
        if getattr(spec, key):
            yield f"attachment.{key}", key, "submitted"
    if spec.zero_units_title:
        yield "attachment.zero_units_title", "zero_units_title", "submitted"
    if spec.columns:
        columns: Sequence[tuple[str, str, str]] = [
            (f"attachment.columns[{i}]", c.figure, c.heading or _heading(c.figure))
            for i, c in enumerate(spec.columns)
        ]
    else:
        columns = [("attachment", f, _heading(f)) for f in DEFAULT_COLUMNS]
    for place, figure, heading in columns:
        who = (
            f"the {heading} column"
            if place != "attachment"
            else f"the table's {heading} column (a default column; set attachment.columns)"
        )
        ytd = figure.startswith("ytd_")
        base = figure.removeprefix("ytd_")
        kind = base.partition(":")[0]
        prefix = "ytd_" if ytd else ""
        if base in _COLUMN_NEEDS:
            yield place, who, prefix + _COLUMN_NEEDS[base]
        elif kind in ("level", "points"):
            yield place, who, prefix + base
        elif ytd:
            yield place, who, "ytd_adopted"


def _holds(tallies: Sequence[Tally], figure: str, notice: Notice) -> Tally | bool:
    """``True`` when every tally holds ``figure``, else the first tally that does not."""
    kind, _, level = figure.partition(":")
    rules = notice.scoring
    if kind == "points":
        return rules is not None and level in dict(rules.points)
    if not tallies:
        return False
    for tally in tallies:
        if figure == "submitted":
            ok = tally.submitted is not None
        elif figure == "adopted":
            ok = True
        elif figure == "score":
            ok = tally.score is not None or rules is not None
        elif figure == "quota":
            quota = notice.quota
            ok = quota is not None and (quota.items is not None or tally.quota is not None)
            counted = quota is None or quota.counts != "submitted" or tally.submitted is not None
            ok = ok and counted
        elif figure == "instructions":
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
    known: dict[str, Tally | bool] = {}  # each figure checked once over the tallies
    for place, who, figure in needed(notice):
        ytd = figure.startswith("ytd_")
        tallies = notice.year_to_date if ytd else notice.tallies
        base = figure.removeprefix("ytd_")
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
            if base == "quota" and notice.quota is None:
                code = "needs.quota"
            elif base.startswith("points:"):
                code = "needs.points"
            elif base == "score":
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
