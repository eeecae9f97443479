"""Scores (得分) under an office's assessment rules (考核办法): exact and pure.

Points per adoption at each level (区, 市, 省 …, integers or exact decimals such as
0.5: the per-level multipliers of a 考核办法), optional points per item submitted and
per item with a leader's instruction (批示), base points for meeting the quota (任务数)
less a deduction per missing item down to a floor, caps per level and in total, and
an optional conversion to a 100-point scale (the best unit 100, the rest in
proportion). A score the office supplied is used as given and, when rules are
declared too, checked against them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from ._model import Tally, _to_score
from ._numfmt import round_half_up
from ._problems import fail
from ._public import public
from ._quota import Quota, quota_of
from .errors import InputError, Location, Problem

__all__ = [
    "ScoringRules",
    "apply_scoring",
    "format_score",
    "level_points",
    "score",
    "scored",
    "scores",
]

ADOPTED = "adopted"
"""The level name that means "any adoption": points per adopted item without levels."""


def _points(
    value: Mapping[str, object] | Iterable[tuple[str, object]], field: str = "points"
) -> tuple[tuple[str, Fraction], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    out: list[tuple[str, Fraction]] = []
    for level, points in items:
        exact = _to_score(points)
        if exact is None or exact < 0:
            raise fail("scoring.bad_points", (field, len(out)), level=level, value=repr(points))
        out.append((level, exact))
    return tuple(out)


def _caps(
    value: Mapping[str, object] | Iterable[tuple[str, object]],
) -> tuple[tuple[str, Fraction], ...]:
    return _points(value, "caps")


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
    caps: tuple[tuple[str, Fraction], ...] = attrs.field(default=(), converter=_caps)
    cap: Fraction | None = attrs.field(default=None, converter=_optional)
    per_instruction: Fraction = attrs.field(default=Fraction(0), converter=_to_score)
    """Bonus points per item that drew a leader's instruction (批示)."""
    quota_points: Fraction | None = attrs.field(default=None, converter=_optional)
    """Base points for meeting the quota (任务数)."""
    per_missing: Fraction = attrs.field(default=Fraction(0), converter=_to_score)
    """Points taken off the base points per item short of the quota."""
    floor: Fraction = attrs.field(default=Fraction(0), converter=_to_score)
    """The least the base points can fall to by deductions (扣完为止: 0)."""
    scale: Fraction | None = attrs.field(default=None, converter=_optional)
    """Convert to this scale: the best unit's score becomes ``scale`` (100), the rest in
    proportion."""
    places: int = 2
    """Decimals a score is printed with, rounded half up (trailing zeros dropped)."""
    credit_parents: bool = False
    """Add each sub-unit's score to its parent's (``Tally.parent``, a 上级单位 column):
    the parent's score is its own plus its sub-units'."""

    def __attrs_post_init__(self) -> None:
        for name in ("per_submission", "per_instruction", "per_missing", "floor"):
            if getattr(self, name) < 0:
                raise fail("scoring.negative", (name,), field=name)
        if self.scale is not None and self.scale <= 0:
            raise fail("scoring.bad_scale", ("scale",))
        if self.quota_points is not None and self.floor > self.quota_points:
            raise fail("scoring.floor_over_quota_points", ("floor",))
        if not isinstance(self.credit_parents, bool):
            raise fail(
                "value.not_bool",
                ("credit_parents",),
                field="credit_parents",
                value=repr(self.credit_parents),
            )
        if isinstance(self.places, bool) or not isinstance(self.places, int):
            raise fail("scoring.places_not_whole", ("places",), value=repr(self.places))
        if not 0 <= self.places <= 4:
            raise fail("scoring.bad_places", ("places",), value=self.places)
        if self.quota_points is None and (self.per_missing or self.floor):
            raise fail("scoring.deductions_without_quota_points", ("per_missing",))

    @property
    def additive(self) -> bool:
        """Whether a score over several months is the sum of the months' scores.

        True without caps, quota points (their floor) or a scale: those act on the
        period as a whole.
        """
        return (
            not self.caps
            and self.cap is None
            and self.quota_points is None
            and (self.scale is None)
        )

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels that earn points, in order."""
        return tuple(level for level, _ in self.points if level != ADOPTED)


def score(tally: Tally, rules: ScoringRules, quota: Quota | None = None) -> Fraction:
    """The score ``rules`` give ``tally``, exactly, before any :attr:`~ScoringRules.scale`.

    Points per adoption at each level (capped per level), per item submitted, per
    批示, and the quota's base points less ``per_missing`` per missing item (not below
    ``floor``); then the total ``cap``.

    Raises:
        InputError: the rules give points by level and the tally has no counts by level,
            points per submission and the tally has no 报送数, points per 批示 and the
            tally has no 批示数, or quota points and there is no quota.
    """
    if rules.per_submission and tally.submitted is None:
        raise fail("scoring.needs_submitted", ("submitted",), unit=tally.unit.name)
    total = rules.per_submission * (tally.submitted or 0)
    for level, _ in rules.points:
        if level != ADOPTED and not tally.levels and tally.adopted:
            raise fail(
                "scoring.needs_levels",
                ("levels",),
                unit=tally.unit.name,
                levels=", ".join(rules.levels),
            )
        total += level_points(tally, rules, level)
    if rules.per_instruction:
        if tally.instructions is None:
            raise fail("scoring.needs_instructions", ("instructions",), unit=tally.unit.name)
        total += rules.per_instruction * tally.instructions
    if rules.quota_points is not None:
        if quota is None:
            raise fail("scoring.needs_quota", ("quota",))
        counted = tally.submitted if quota.counts == "submitted" else tally.adopted
        if counted is None:
            raise fail("quota.needs_submitted", ("submitted",), unit=tally.unit.name)
        missing = max(0, quota_of(tally, quota) - counted)
        total += max(rules.floor, rules.quota_points - rules.per_missing * missing)
    if rules.cap is not None:
        total = min(total, rules.cap)
    return total


def scores(
    tallies: Sequence[Tally], rules: ScoringRules, quota: Quota | None = None
) -> list[Fraction]:
    """Every tally's score under ``rules``, on the rules' scale when they have one.

    With ``credit_parents`` a parent's score is its own plus its sub-units' (theirs stay
    as they are). On a scale of 100 the best unit then scores 100 and the others
    ``score × 100 / best``, exactly; when every unit scores 0, all stay 0.

    Raises:
        InputError: as :func:`score`.
    """
    raw = [score(t, rules, quota) for t in tallies]
    if rules.credit_parents:
        at = {t.unit.name: i for i, t in enumerate(tallies)}
        credited = list(raw)
        for tally, value in zip(tallies, raw, strict=True):
            if tally.parent is not None and tally.parent in at:
                credited[at[tally.parent]] += value
        raw = credited
    if rules.scale is None:
        return raw
    best = max(raw, default=Fraction(0))
    if best <= 0:
        return raw
    return [value * rules.scale / best for value in raw]


def level_points(tally: Tally, rules: ScoringRules, level: str) -> Fraction:
    """The points ``tally`` earns at ``level`` (after that level's cap)."""
    points = dict(rules.points).get(level, Fraction(0))
    count = tally.adopted if level == ADOPTED else tally.level(level)
    earned = points * count
    cap = dict(rules.caps).get(level)
    return earned if cap is None else min(earned, cap)


def apply_scoring(
    tallies: Sequence[Tally], rules: ScoringRules | None, quota: Quota | None = None
) -> list[tuple[int, Problem]]:
    """Check supplied scores against ``rules``: ``(index, problem)`` for each mismatch."""
    problems: list[tuple[int, Problem]] = []
    if rules is None:
        return problems
    computed: list[Fraction | None] = []
    for index, tally in enumerate(tallies):
        try:
            computed.append(score(tally, rules, quota))
        except InputError as exc:
            problems.extend((index, problem) for problem in exc.problems)
            computed.append(None)
    if problems:
        return problems
    final = scores(tallies, rules, quota)
    for index, tally in enumerate(tallies):
        if tally.score is None:
            continue
        expected = final[index]
        if rules.scale is not None:
            # A converted score is printed rounded: compare at the decimals the office wrote.
            places = _decimals(tally.score)
            expected = Fraction(round_half_up(expected, places))
        if tally.score != expected:
            problems.append(
                (
                    index,
                    Problem.of(
                        "scoring.score_mismatch",
                        Location(path=("score",)),
                        unit=tally.unit.name,
                        supplied=format_score(tally.score),
                        expected=format_score(final[index]),
                    ),
                )
            )
    return problems


def _decimals(value: Fraction) -> int:
    """How many decimals ``value`` (a decimal read from a file) is written with."""
    places = 0
    while (value * 10**places).denominator != 1 and places < 12:
        places += 1
    return places


def scored(
    tallies: Sequence[Tally], rules: ScoringRules | None, quota: Quota | None = None
) -> list[Tally]:
    """The tallies with their scores: supplied ones as given, the others computed."""
    if rules is None:
        return list(tallies)
    final = scores(tallies, rules, quota)
    return [
        t if t.score is not None else attrs.evolve(t, score=value)
        for t, value in zip(tallies, final, strict=True)
    ]


def format_score(value: Fraction | None, places: int = 2) -> str:
    """A score as offices print it: ``264``, ``12.5`` (at most ``places`` decimals, half up)."""
    if value is None:
        return "—"
    text = format(round_half_up(value, places), "f")  # never an exponent: 2E+30 stays digits
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


public(ScoringRules)
