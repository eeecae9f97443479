"""Scores (得分) under an office's assessment rules (考核办法): exact and pure.

Points per adoption at each level (区, 市, 省 …, integers or exact decimals such as
0.5), optional points per item submitted, optional caps per level and in total. A
score the office supplied is used as given and, when rules are declared too, checked
against them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from ._model import Tally, _to_score
from ._numfmt import round_half_up

__all__ = ["ScoringRules", "apply_scoring", "format_score", "score", "scored"]

ADOPTED = "adopted"
"""The level name that means "any adoption": points per adopted item without levels."""


def _points(
    value: Mapping[str, object] | Iterable[tuple[str, object]],
) -> tuple[tuple[str, Fraction], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    out = []
    for level, points in items:
        exact = _to_score(points)
        if exact is None or exact < 0:
            raise ValueError(f"points for {level} must be a number of 0 or more, not {points!r}")
        out.append((level, exact))
    return tuple(out)


def _optional(value: object) -> Fraction | None:
    return _to_score(value)


@attrs.frozen(kw_only=True)
class ScoringRules:
    """How a unit's score is computed.

    ``points`` maps each level to the points one adoption there earns (``"adopted"`` for
    every adoption, when the notice does not count by level); ``per_submission`` is
    earned per item submitted; ``caps`` bounds the points from one level and ``cap``
    the total.
    """

    points: tuple[tuple[str, Fraction], ...] = attrs.field(converter=_points)
    per_submission: Fraction = attrs.field(default=Fraction(0), converter=_to_score)
    caps: tuple[tuple[str, Fraction], ...] = attrs.field(default=(), converter=_points)
    cap: Fraction | None = attrs.field(default=None, converter=_optional)

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels that earn points, in order."""
        return tuple(level for level, _ in self.points if level != ADOPTED)


def score(tally: Tally, rules: ScoringRules) -> Fraction:
    """The score ``rules`` give ``tally``, exactly.

    Raises:
        ValueError: the rules give points by level and the tally has no counts by level.
    """
    total = rules.per_submission * tally.submitted
    caps = dict(rules.caps)
    for level, points in rules.points:
        if level == ADOPTED:
            count = tally.adopted
        else:
            if not tally.levels and tally.adopted:
                raise ValueError(
                    f"{tally.unit.name}: the rules give points by level "
                    f"({', '.join(rules.levels)}) but the counts are not by level"
                )
            count = tally.level(level)
        earned = points * count
        if level in caps:
            earned = min(earned, caps[level])
        total += earned
    if rules.cap is not None:
        total = min(total, rules.cap)
    return total


def level_points(tally: Tally, rules: ScoringRules, level: str) -> Fraction:
    """The points ``tally`` earns at ``level`` (after that level's cap)."""
    points = dict(rules.points).get(level, Fraction(0))
    count = tally.adopted if level == ADOPTED else tally.level(level)
    earned = points * count
    cap = dict(rules.caps).get(level)
    return earned if cap is None else min(earned, cap)


def apply_scoring(tallies: Sequence[Tally], rules: ScoringRules | None) -> list[tuple[int, str]]:
    """Check supplied scores against ``rules``: ``(index, problem)`` for each mismatch."""
    problems: list[tuple[int, str]] = []
    if rules is None:
        return problems
    for index, tally in enumerate(tallies):
        try:
            computed = score(tally, rules)
        except ValueError as exc:
            problems.append((index, str(exc)))
            continue
        if tally.score is not None and tally.score != computed:
            problems.append(
                (
                    index,
                    f"{tally.unit.name}: the supplied score {format_score(tally.score)} is not "
                    f"the {format_score(computed)} the scoring rules give",
                )
            )
    return problems


def scored(tallies: Sequence[Tally], rules: ScoringRules | None) -> list[Tally]:
    """The tallies with their scores: supplied ones as given, the others computed."""
    if rules is None:
        return list(tallies)
    return [t if t.score is not None else attrs.evolve(t, score=score(t, rules)) for t in tallies]


def format_score(value: Fraction | None, places: int = 2) -> str:
    """A score as offices print it: ``264``, ``12.5`` (at most ``places`` decimals, half up)."""
    if value is None:
        return "—"
    text = format(round_half_up(value, places), "f")  # never an exponent: 2E+30 stays digits
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text != "-0" else "0"
