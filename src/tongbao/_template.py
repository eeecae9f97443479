"""Body placeholders: ``{period}``, ``{rate}`` … filled from the data.

Only body paragraphs are templates; ``{{`` and ``}}`` are literal braces. The syntax is
checked when a notice is built, so a notice that loads also composes.
"""

from __future__ import annotations

import difflib
import re

from ._figures import Placeholder

__all__ = ["PLACEHOLDERS", "TemplateError", "fill", "parse_placeholders"]

PLACEHOLDERS: dict[str, str] = {
    "period": "the period with its year: 2018年3-4月",
    "period_short": "the period without the year: 3-4月",
    "submitted": "items submitted by all counted units: 578",
    "adopted": "items adopted: 250",
    "rate": "overall adoption rate, one decimal: 43.3%",
    "units": "number of units counted: 27",
    "zero_units": "units that submitted nothing, joined with 、 (无 if none)",
    "zero_count": "how many units submitted nothing: 1",
    "top_units": "the first-placed units by the table's ranking (by rate if the table is "
    "not ranked), joined with 、, （并列） when shared; {top_units:镇街} within a group",
    "bottom_units": "the last-placed ranked units, as top_units; {bottom_units:部门} in a group",
    "group_submitted": "{group_submitted:镇街}: items submitted by that group",
    "group_adopted": "{group_adopted:镇街}: items adopted in that group",
    "group_rate": "{group_rate:镇街}: that group's rate, one decimal",
    "group_units": "{group_units:镇街}: how many units that group counts",
    "level_adopted": "{level_adopted:市}: adoptions at that level; {level_adopted:市|镇街} "
    "within a group",
    "score_total": "the units' scores added up (scoring notices)",
    "quota_met": "how many units met their quota (任务数): 36",
    "quota_units": "how many units have a quota: 57",
    "quota_share": "the share of units that met their quota, one decimal: 63.2%",
    "quota_unmet": "the units that did not meet their quota, joined with 、 (无 if none)",
    "prev_period": "the previous period (环比): 2018年1-2月; needs [comparison] previous",
    "prev_submitted": "items submitted in the previous period",
    "prev_adopted": "items adopted in the previous period",
    "prev_rate": "the previous period's rate, one decimal",
    "submitted_vs_prev": "增加N条 / 减少N条 / 持平, against the previous period",
    "adopted_vs_prev": "增加N条 / 减少N条 / 持平",
    "rate_vs_prev": "提高N个百分点 / 下降N个百分点 / 持平 (one decimal)",
    "new_units": "units counted now but not in the previous period (无 if none)",
    "gone_units": "units counted in the previous period but not now (无 if none)",
    "year_ago_period": "the same months a year earlier (同比): 2017年3-4月; needs its counts",
    "year_ago_submitted": "items submitted a year earlier",
    "year_ago_adopted": "items adopted a year earlier",
    "year_ago_rate": "the rate a year earlier, one decimal",
    "submitted_vs_year_ago": "增加N条 / 减少N条 / 持平, against a year earlier",
    "adopted_vs_year_ago": "增加N条 / 减少N条 / 持平",
    "rate_vs_year_ago": "提高N个百分点 / 下降N个百分点 / 持平",
}
"""Every placeholder a body paragraph may use, with what it becomes."""

GROUP_PLACEHOLDERS = frozenset(
    {
        "top_units",
        "bottom_units",
        "group_submitted",
        "group_adopted",
        "group_rate",
        "group_units",
        "level_adopted",
    }
)
"""Placeholders that take a group: ``{top_units:镇街}`` (top and bottom also without one)."""
NEEDS_GROUP = frozenset(
    {"group_submitted", "group_adopted", "group_rate", "group_units", "level_adopted"}
)
LEVEL_PLACEHOLDERS = frozenset({"level_adopted"})
"""Placeholders whose argument is a level, optionally ``|GROUP``."""

_PIECE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\{|\}")


class TemplateError(ValueError):
    """A broken placeholder; the message names it and lists the known ones."""


def _known() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def _placeholder(match: re.Match[str]) -> Placeholder:
    name, colon, argument = (part.strip() for part in match.group(1).partition(":"))
    return Placeholder(name, argument if colon else None)


def parse_placeholders(text: str) -> list[Placeholder]:
    """The placeholders ``text`` uses, in order, each parsed.

    Raises:
        TemplateError: an unknown placeholder, or an unclosed or stray brace.
    """
    found = []
    for match in _PIECE.finditer(text):
        piece = match.group(0)
        if piece in ("{{", "}}"):
            continue
        if piece == "{":
            raise TemplateError(
                f"unclosed placeholder at character {match.start() + 1}: "
                f"{text[match.start() : match.start() + 12]!r}; write {{{{ for a literal brace"
            )
        if piece == "}":
            raise TemplateError(
                f"stray }} at character {match.start() + 1}; write }}}} for a literal brace"
            )
        placeholder = _placeholder(match)
        name, argument = placeholder.name, placeholder.argument
        if name not in PLACEHOLDERS:
            key = match.group(1).strip()
            close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
            hint = f" (did you mean {{{close[0]}}}?)" if close else ""
            raise TemplateError(f"unknown placeholder {{{key}}}{hint}; known: {_known()}")
        if argument is not None and name not in GROUP_PLACEHOLDERS:
            raise TemplateError(f"{{{name}}} takes no group: write {{{name}}}")
        if argument == "":
            raise TemplateError(
                f"{{{match.group(1).strip()}}} names no group: write e.g. {{{name}:镇街}}"
            )
        if argument is None and name in NEEDS_GROUP:
            raise TemplateError(f"{{{name}}} needs a group: write e.g. {{{name}:镇街}}")
        found.append(placeholder)
    return found


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each placeholder replaced by its value and ``{{``/``}}`` unescaped.

    The values are inserted as they are: text inside them is never expanded again.
    """

    def replace(match: re.Match[str]) -> str:
        piece = match.group(0)
        if piece == "{{":
            return "{"
        if piece == "}}":
            return "}"
        return values[_placeholder(match).key]

    parse_placeholders(text)
    return _PIECE.sub(replace, text)
