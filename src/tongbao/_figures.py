"""Figure keys, parsed once: what a table column shows and what a placeholder names.

A notice file writes them as text — a column's ``rate``, ``ytd_adopted``,
``level:市政府网``, ``points:省``; a placeholder's ``{top_units:镇街}``,
``{level_adopted:市|镇街}`` — and this module turns each into a typed value the
column, placeholder, ranking and needs code read, so no other module takes the text
apart. Pure: text in, values out.
"""

from __future__ import annotations

import attrs

__all__ = ["FIGURES", "LEVELLED", "YTD", "Figure", "Placeholder"]

FIGURES = (
    "no",
    "rank",
    "unit",
    "group",
    "submitted",
    "adopted",
    "rate",
    "score",
    "quota",
    "completion",
    "met",
    "instructions",
)
"""Figures a column can show; also ``level:NAME`` (adoptions there) and ``points:NAME``
(points earned there), and each with ``ytd_`` for the year to date (累计)."""

LEVELLED = ("level", "points")
"""Figures that name a level after a colon: ``level:市政府网``, ``points:省``."""

YTD = "ytd_"
"""The prefix of a year-to-date (累计) figure: ``ytd_adopted``."""


@attrs.frozen
class Figure:
    """A figure: ``rate``; ``level:市`` (``name="level", level="市"``); ``ytd_adopted``.

    Also what the needs check names (``submitted``, ``level:市``, ``ytd_score``).
    """

    name: str
    """``rate``, ``adopted`` … (one of :data:`FIGURES`), or ``level`` / ``points``."""
    level: str | None = None
    """The level of a ``level:`` or ``points:`` figure, else ``None``."""
    ytd: bool = False
    """The year to date (累计) rather than the notice's period."""

    @classmethod
    def parse(cls, key: object) -> Figure | None:
        """The figure ``key`` names, or ``None`` when it names none a column can show."""
        if not isinstance(key, str):
            return None
        ytd = key.startswith(YTD)
        base = key.removeprefix(YTD)
        kind, colon, level = base.partition(":")
        if kind in LEVELLED and level:
            return cls(kind, level, ytd)
        if not colon and base in FIGURES:
            return cls(base, None, ytd)
        return None

    @property
    def base(self) -> str:
        """The key without ``ytd_``: ``rate``, ``level:市``."""
        return self.name if self.level is None else f"{self.name}:{self.level}"

    @property
    def key(self) -> str:
        """The key as a notice file writes it: ``ytd_level:市``."""
        return YTD + self.base if self.ytd else self.base

    @property
    def current(self) -> Figure:
        """The same figure for the notice's own period (``ytd_`` dropped)."""
        return attrs.evolve(self, ytd=False) if self.ytd else self

    @property
    def levelled(self) -> bool:
        """A ``level:`` or ``points:`` figure."""
        return self.level is not None

    def __str__(self) -> str:
        return self.key


@attrs.frozen
class Placeholder:
    """A body placeholder as written: ``{top_units:镇街}``, ``{level_adopted:市|镇街}``.

    ``argument`` is the text after the colon, stripped (``None`` without one); for
    ``level_adopted`` it is ``LEVEL`` or ``LEVEL|GROUP``.
    """

    name: str
    argument: str | None = None

    @property
    def key(self) -> str:
        """The placeholder's key among the values a notice fills in: ``level_adopted:市|镇街``."""
        return self.name if self.argument is None else f"{self.name}:{self.argument}"

    @property
    def level(self) -> str | None:
        """The level a ``level_adopted`` placeholder counts, else ``None``."""
        if self.name != "level_adopted" or self.argument is None:
            return None
        return self.argument.partition("|")[0]

    @property
    def group(self) -> str:
        """The group the placeholder is about, or ``""`` for the whole notice."""
        if self.argument is None:
            return ""
        if self.name == "level_adopted":
            return self.argument.partition("|")[2]
        return self.argument

    def __str__(self) -> str:
        return self.key
