"""The domain values: reporting units and their tallies for a period.

Frozen, validated at construction, no I/O and no formatting. "Changing" a value is
``attrs.evolve``, which validates again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import attrs

from ._period import Period

__all__ = [
    "MAX_COUNT",
    "MAX_NAME_LENGTH",
    "MAX_SCORE",
    "MAX_SCORE_PLACES",
    "Tally",
    "Unit",
    "bad_character",
    "normalize_name",
]

MAX_NAME_LENGTH = 200
"""The longest unit or group name, in characters after normalising (real ones: ~30)."""
MAX_COUNT = 10**15
"""The largest count (报送数, 采纳数, adoptions at a level): sums of 100,000 units stay exact
and small."""
MAX_SCORE = 10**15
"""Scores, points and caps are below this in magnitude."""
MAX_SCORE_PLACES = 10
"""Scores, points and caps have at most this many decimals (``1e-999999999`` is refused)."""


_BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
"""Embeddings, overrides and isolates: they reorder how text displays (U+202E shows
"abc" as "cba"), so a printed name could read as another. Marks (U+200E/U+200F) are
allowed: real names carry them and they reorder nothing."""


def bad_character(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` cannot be printed as written, or ``None``: the one rule for every text.

    Refused: control characters (a line break only where ``multiline``), line and
    paragraph separators (U+2028, U+2029), bidi embeddings, overrides and isolates,
    surrogates, private-use characters and non-characters. Format characters such as
    the zero-width joiner and the right-to-left mark are allowed.
    """
    for char in text:
        code = ord(char)
        category = unicodedata.category(char)
        if category == "Cc":
            if multiline and char == "\n":
                continue
            return f"holds the control character U+{code:04X}; remove it"
        if code in (0x2028, 0x2029):
            return f"holds the line or paragraph separator U+{code:04X}; remove it"
        if code in _BIDI_CONTROLS:
            return f"holds the bidi control U+{code:04X}, which reorders text; remove it"
        if category in ("Cs", "Co") or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
            return f"holds the unprintable character U+{code:04X}; remove it"
    return None


def normalize_name(text: str, what: str = "name") -> str:
    """Normalise a unit or group name: NFKC (full-width forms to ASCII), outer white space off.

    Runs of inner white space become one space, so names typed in different sheets
    compare equal.

    Raises:
        TypeError: ``text`` is not a string.
        ValueError: the name is empty, or holds a control or other unprintable
            character (the message gives its code point).
    """
    if not isinstance(text, str):
        raise TypeError(f"{what} must be text, not {type(text).__name__} ({text!r})")
    bad = bad_character(text)
    if bad is not None:
        raise ValueError(f"{what} {text!r} {bad}")
    normal = " ".join(unicodedata.normalize("NFKC", text).split())
    if not normal:
        raise ValueError(f"{what} is empty")
    if len(normal) > MAX_NAME_LENGTH:
        raise ValueError(
            f"{what} {normal[:20]!r}… is {len(normal)} characters long; "
            f"at most {MAX_NAME_LENGTH} are allowed"
        )
    return normal


def _normal_group(text: str | None) -> str | None:
    return None if text is None else normalize_name(text, "group")


@attrs.frozen
class Unit:
    """A reporting unit (报送单位): a town, street office or department.

    ``name`` is normalised by :func:`normalize_name`, so ``" 区统计局"`` and
    ``"区统计局"`` are the same unit. ``group`` (类别, e.g. 镇街 or 部门) is optional and
    normalised the same way.
    """

    name: str = attrs.field(converter=normalize_name)
    group: str | None = attrs.field(default=None, converter=_normal_group, kw_only=True)

    def __str__(self) -> str:
        return self.name


def _check_count(instance: Tally, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        shown = (
            f"the decimal number {value}"
            if isinstance(value, float | Decimal)
            else f"{type(value).__name__} {value!r}"
        )
        raise TypeError(
            f"{instance.unit.name}: {attribute.name} must be a whole number (int), not {shown}"
        )
    if value < 0:
        raise ValueError(f"{instance.unit.name}: {attribute.name} is negative ({value})")
    if value > MAX_COUNT:
        raise ValueError(
            f"{instance.unit.name}: {attribute.name} is more than {MAX_COUNT:,}, the largest count"
        )


def _check_adopted(instance: Tally, attribute: attrs.Attribute[int], value: int) -> None:
    _check_count(instance, attribute, value)
    if value > instance.submitted:
        raise ValueError(
            f"{instance.unit.name}: adopted ({value}) is more than submitted ({instance.submitted})"
        )


def _to_unit(value: Unit | str) -> Unit:
    return value if isinstance(value, Unit) else Unit(value)


def _to_levels(value: Mapping[str, int] | Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((normalize_name(name, "level"), count) for name, count in items)


def _bounded_decimal(value: Decimal, shown: object) -> Fraction:
    """``value`` as a Fraction, refused before any big integer is built when out of bounds."""
    if not value.is_finite():
        raise ValueError(f"score {shown!r} is not a finite number")
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if any(digits) and value.adjusted() >= len(str(MAX_SCORE)) - 1:
        raise ValueError(f"score {shown!r} is too large: at most {MAX_SCORE:,} in magnitude")
    if any(digits) and exponent + trailing < -MAX_SCORE_PLACES:
        raise ValueError(f"score {shown!r} has more than {MAX_SCORE_PLACES} decimals")
    return Fraction(value) if any(digits) else Fraction(0)


def _to_score(value: object) -> Fraction | None:
    """An exact score: int, Fraction, Decimal or decimal text (``"12.5"``); never a float.

    Raises:
        TypeError: a float, a bool or another type.
        ValueError: not a number, not finite, :data:`MAX_SCORE` or more in magnitude, or
            more than :data:`MAX_SCORE_PLACES` decimals.
    """
    if value is None:
        return None
    if isinstance(value, bool | float):
        raise TypeError(
            f"a score must be exact (int, Fraction, Decimal or text like '12.5'), not {value!r}"
        )
    if isinstance(value, int):
        if abs(value) >= MAX_SCORE:
            raise ValueError(f"score {value} is too large: at most {MAX_SCORE:,} in magnitude")
        return Fraction(value)
    if isinstance(value, Fraction):
        if abs(value) >= MAX_SCORE:
            raise ValueError(f"score {value} is too large: at most {MAX_SCORE:,} in magnitude")
        return value
    if isinstance(value, Decimal):
        return _bounded_decimal(value, value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except (InvalidOperation, ValueError):
            raise ValueError(f"score {value!r} is not a number") from None
        return _bounded_decimal(number, value)
    raise TypeError(f"a score must be a number, not {type(value).__name__}")


def _check_levels(instance: Tally, _attribute: object, levels: tuple[tuple[str, int], ...]) -> None:
    name = instance.unit.name
    seen = set()
    for level, count in levels:
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError(
                f"{name}: adoptions at level {level} must be a whole number, not {count!r}"
            )
        if count < 0:
            raise ValueError(f"{name}: adoptions at level {level} are negative ({count})")
        if level in seen:
            raise ValueError(f"{name}: level {level} is given twice")
        seen.add(level)
    if levels and sum(count for _, count in levels) != instance.adopted:
        shown = " + ".join(f"{count} ({level})" for level, count in levels)
        raise ValueError(
            f"{name}: adoptions by level add up to {sum(c for _, c in levels)} ({shown}), "
            f"not the {instance.adopted} adopted"
        )


@attrs.frozen
class Tally:
    """What one unit submitted (报送数) and had adopted (采纳数) in a period.

    Counts are ``int`` (a ``bool`` is not a count), never negative, and ``adopted`` is
    at most ``submitted``; a violation raises an error naming the unit and the numbers.
    A plain string for ``unit`` is taken as the unit's name. ``levels`` and ``score``
    are for scoring notices (得分): adoptions by level and a supplied score.
    """

    unit: Unit = attrs.field(converter=_to_unit)
    period: Period = attrs.field(validator=attrs.validators.instance_of(Period))
    submitted: int = attrs.field(validator=_check_count)
    adopted: int = attrs.field(validator=_check_adopted)
    levels: tuple[tuple[str, int], ...] = attrs.field(
        default=(), converter=_to_levels, validator=_check_levels, kw_only=True
    )
    """Adoptions by where the item was used (区, 市, 省 …), in the notice's order; they
    add up to ``adopted``. Empty when the notice does not count by level."""
    score: Fraction | None = attrs.field(default=None, converter=_to_score, kw_only=True)
    """A score the office supplied (得分), exact; None when scores are computed or unused."""

    def level(self, name: str) -> int:
        """Adoptions at level ``name`` (0 when the tally has none there)."""
        return dict(self.levels).get(name, 0)
