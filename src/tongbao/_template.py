"""Body placeholders: ``{period}``, ``{rate}`` … filled from the data.

Only body paragraphs are templates; ``{{`` and ``}}`` are literal braces. The syntax is
checked when a notice is built, so a notice that loads also composes.
"""

from __future__ import annotations

import difflib
import re

__all__ = ["PLACEHOLDERS", "TemplateError", "fill", "placeholders_in"]

PLACEHOLDERS: dict[str, str] = {
    "period": "the period with its year: 2018年3-4月",
    "period_short": "the period without the year: 3-4月",
    "submitted": "items submitted by all counted units: 578",
    "adopted": "items adopted: 250",
    "rate": "overall adoption rate, one decimal: 43.3%",
    "units": "number of units counted: 27",
    "zero_units": "units that submitted nothing, joined with 、 (无 if none)",
    "zero_count": "how many units submitted nothing: 1",
}
"""Every placeholder a body paragraph may use, with what it becomes."""

_PIECE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\{|\}")


class TemplateError(ValueError):
    """A broken placeholder; the message names it and lists the known ones."""


def _known() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def placeholders_in(text: str) -> list[str]:
    """The placeholder names ``text`` uses, in order.

    Raises:
        TemplateError: an unknown placeholder, or an unclosed or stray brace.
    """
    names = []
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
        name = match.group(1).strip()
        if name not in PLACEHOLDERS:
            close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
            hint = f" (did you mean {{{close[0]}}}?)" if close else ""
            raise TemplateError(f"unknown placeholder {{{name}}}{hint}; known: {_known()}")
        names.append(name)
    return names


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
        return values[match.group(1).strip()]

    placeholders_in(text)
    return _PIECE.sub(replace, text)
