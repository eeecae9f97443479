"""The domain values: reporting units and their tallies for a period.

Frozen, validated at construction, no I/O and no formatting. "Changing" a value is
``attrs.evolve``, which validates again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import attrs

from ._period import Period
from ._problems import fail

__all__ = [
    "MAX_COUNT",
    "MAX_NAME_LENGTH",
    "MAX_SCORE",
    "MAX_SCORE_PLACES",
    "Tally",
    "Unit",
    "normalize_name",
    "quick_group",
    "quick_tally",
    "quick_unit",
    "refused_character",
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

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane | 0xFFFE)}{chr(plane | 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
_REFUSED = (
    "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ue000-\uf8ff"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd" + _NONCHARACTERS
)
# One compiled search per text, not a Python loop per character (100,000 unit names);
# only a text that holds a refused character is looked at again, to say why. Compiled
# on first use: the class spans 17 planes and takes milliseconds, half of what
# ``import tongbao`` adds to attrs.
_SEARCHES: dict[bool, Callable[[str], re.Match[str] | None]] = {}


def _search(*, multiline: bool) -> Callable[[str], re.Match[str] | None]:
    search = _SEARCHES.get(multiline)
    if search is None:
        controls = "\x00-\x09\x0b-\x1f" if multiline else "\x00-\x1f"
        search = _SEARCHES[multiline] = re.compile(f"[{controls}{_REFUSED}]").search
    return search


def refused_character(text: str, *, multiline: bool = False) -> tuple[str, str] | None:
    """The first character ``text`` may not hold, as ``(code, "U+XXXX")``, or ``None``.

    The one rule for every text. Refused: control characters (a line break only where
    ``multiline``), line and paragraph separators (U+2028, U+2029), bidi embeddings,
    overrides and isolates, surrogates, private-use characters and non-characters.
    Format characters such as the zero-width joiner and the right-to-left mark are
    allowed. The code is one of ``text.control``, ``text.separator``, ``text.bidi``
    and ``text.unprintable``.
    """
    found = _search(multiline=multiline)(text)
    if found is None:
        return None
    char = found.group()
    code = ord(char)
    shown = f"U+{code:04X}"
    if unicodedata.category(char) == "Cc":
        return "text.control", shown
    if code in (0x2028, 0x2029):
        return "text.separator", shown
    if code in _BIDI_CONTROLS:
        return "text.bidi", shown
    return "text.unprintable", shown


def normalize_name(text: str, what: str = "name") -> str:
    """Normalise a unit or group name: NFKC (full-width forms to ASCII), outer white space off.

    Runs of inner white space become one space, so names typed in different sheets
    compare equal.

    Raises:
        InputError: ``text`` is not a string, is empty, is too long, or holds a control
            or other unprintable character (the message gives its code point); the
            problem's path is ``(what,)``.
    """
    if not isinstance(text, str):
        raise fail("value.not_text", (what,), what=what, kind=type(text).__name__, value=repr(text))
    bad = refused_character(text)
    if bad is not None:
        raise fail(bad[0], (what,), what=f"{what} {text!r}", char=bad[1])
    if not unicodedata.is_normalized("NFKC", text):  # a quick check first, in C
        text = unicodedata.normalize("NFKC", text)
    normal = " ".join(text.split())
    if not normal:
        raise fail("value.empty", (what,), what=what)
    if len(normal) > MAX_NAME_LENGTH:
        raise fail(
            "name.too_long",
            (what,),
            what=what,
            start=repr(normal[:20]),
            length=len(normal),
            limit=MAX_NAME_LENGTH,
        )
    return normal


def _normal_group(text: str | None) -> str | None:
    if text is None:
        return None
    # A few groups (镇街, 部门) repeat over thousands of units: normalise each once.
    normal = _GROUPS.get(text) if isinstance(text, str) else None
    if normal is None:
        normal = normalize_name(text, "group")
        if len(_GROUPS) < 1024:
            _GROUPS[text] = normal
    return normal


_GROUPS: dict[str, str] = {}


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


def _check_count(instance: Tally, name: str, value: object) -> None:
    unit = instance.unit.name
    if isinstance(value, bool) or not isinstance(value, int):
        shown = (
            f"the decimal number {value}"
            if isinstance(value, float | Decimal)
            else f"{type(value).__name__} {value!r}"
        )
        raise fail("count.not_whole", (name,), unit=unit, field=name, value=shown)
    if value < 0:
        raise fail("count.negative", (name,), unit=unit, field=name, value=value)
    if value > MAX_COUNT:
        raise fail("count.too_large", (name,), unit=unit, field=name, limit=f"{MAX_COUNT:,}")


def _normal_parent(value: str | None) -> str | None:
    return None if value is None else normalize_name(value, "parent")


def _to_unit(value: Unit | str) -> Unit:
    return value if isinstance(value, Unit) else Unit(value)


def _to_levels(value: Mapping[str, int] | Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    if not value:
        return ()
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((normalize_name(name, "level"), count) for name, count in items)


def _bounded_decimal(value: Decimal, shown: object) -> Fraction:
    """``value`` as a Fraction, refused before any big integer is built when out of bounds."""
    if not value.is_finite():
        raise fail("score.not_finite", ("score",), value=repr(shown))
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if any(digits) and value.adjusted() >= len(str(MAX_SCORE)) - 1:
        raise fail("score.too_large", ("score",), value=repr(shown), limit=f"{MAX_SCORE:,}")
    if any(digits) and exponent + trailing < -MAX_SCORE_PLACES:
        raise fail("score.too_many_places", ("score",), value=repr(shown), places=MAX_SCORE_PLACES)
    return Fraction(value) if any(digits) else Fraction(0)


def _to_score(value: object) -> Fraction | None:
    """An exact score: int, Fraction, Decimal or decimal text (``"12.5"``); never a float.

    Raises:
        InputError: a float, a bool or another type; not a number, not finite,
            :data:`MAX_SCORE` or more in magnitude, or more than
            :data:`MAX_SCORE_PLACES` decimals.
    """
    if value is None:
        return None
    if isinstance(value, bool | float):
        raise fail("score.inexact", ("score",), value=repr(value))
    if isinstance(value, int | Fraction):
        if abs(value) >= MAX_SCORE:  # type: ignore[operator]  # an int or a Fraction
            raise fail("score.too_large", ("score",), value=str(value), limit=f"{MAX_SCORE:,}")
        return Fraction(value)
    if isinstance(value, Decimal):
        return _bounded_decimal(value, value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except (InvalidOperation, ValueError):
            raise fail("score.not_number", ("score",), value=repr(value)) from None
        return _bounded_decimal(number, value)
    raise fail("score.wrong_type", ("score",), kind=type(value).__name__)


def _check_levels(instance: Tally, _attribute: object, levels: tuple[tuple[str, int], ...]) -> None:
    if not levels:
        return
    name = instance.unit.name
    seen = set()
    for i, (level, count) in enumerate(levels):
        if isinstance(count, bool) or not isinstance(count, int):
            raise fail("level.not_whole", ("levels", i), unit=name, level=level, value=repr(count))
        if count < 0:
            raise fail("level.negative", ("levels", i), unit=name, level=level, value=count)
        if level in seen:
            raise fail("level.twice", ("levels", i), unit=name, level=level)
        seen.add(level)
    if levels and sum(count for _, count in levels) != instance.adopted:
        shown = " + ".join(f"{count} ({level})" for level, count in levels)
        raise fail(
            "level.sum_mismatch",
            ("levels",),
            unit=name,
            total=sum(c for _, c in levels),
            terms=shown,
            adopted=instance.adopted,
        )


def _check_period(_instance: Tally, _attribute: object, value: Period) -> None:
    if not isinstance(value, Period):
        raise fail("value.not_period", ("period",), value=repr(value))


@attrs.frozen
class Tally:
    """What one unit submitted (报送数) and had adopted (采纳数) in a period.

    Counts are ``int`` (a ``bool`` is not a count), never negative, and ``adopted`` is
    at most ``submitted``; a violation raises an error naming the unit and the numbers.
    ``submitted`` is ``None`` when the data does not hold it (scoring notices that
    publish only adoptions by level): nothing that needs it (a rate, a 报送数 column)
    can then be printed, and :class:`~tongbao.Notice` says so.
    A plain string for ``unit`` is taken as the unit's name. ``levels`` and ``score``
    are for scoring notices (得分): adoptions by level and a supplied score.
    """

    unit: Unit = attrs.field(converter=_to_unit)
    period: Period = attrs.field(validator=_check_period)
    submitted: int | None
    adopted: int
    levels: tuple[tuple[str, int], ...] = attrs.field(
        default=(), converter=_to_levels, kw_only=True
    )
    """Adoptions by where the item was used (区, 市, 省 …), in the notice's order; they
    add up to ``adopted``. Empty when the notice does not count by level."""
    score: Fraction | None = attrs.field(default=None, converter=_to_score, kw_only=True)
    """A score the office supplied (得分), exact; None when scores are computed or unused."""
    quota: int | None = attrs.field(default=None, kw_only=True)
    """The unit's quota of items for the period (任务数), when the data gives one."""
    instructions: int | None = attrs.field(default=None, kw_only=True)
    """Items that drew a leader's instruction (批示), when the data counts them."""
    parent: str | None = attrs.field(default=None, converter=_normal_parent, kw_only=True)
    """The unit this one belongs to (上级单位), whose score its points count towards when
    the scoring rules credit parents."""

    def __attrs_post_init__(self) -> None:
        # One check of the counts, not a validator call per field: files hold 100,000 units.
        submitted, adopted = self.submitted, self.adopted
        if type(adopted) is not int or not 0 <= adopted <= MAX_COUNT:
            _check_count(self, "adopted", adopted)
        if submitted is not None:
            if type(submitted) is not int or not 0 <= submitted <= MAX_COUNT:
                _check_count(self, "submitted", submitted)
            if adopted > submitted:
                raise fail(
                    "count.adopted_over_submitted",
                    ("adopted",),
                    unit=self.unit.name,
                    adopted=adopted,
                    submitted=submitted,
                )
        if self.quota is not None:
            _check_count(self, "quota", self.quota)
        if self.instructions is not None:
            _check_count(self, "instructions", self.instructions)
        if self.levels:
            _check_levels(self, None, self.levels)

    def level(self, name: str) -> int:
        """Adoptions at level ``name`` (0 when the tally has none there)."""
        return dict(self.levels).get(name, 0)


_set = object.__setattr__


def quick_unit(name: str, group: str | None, *, normal: bool = False) -> Unit:
    """``Unit(name, group=group)``, made without attrs' per-field machinery.

    For loops over 100,000 rows: the same normalising and checks, about three times
    faster; ``normal=True`` says the caller has checked that ``name`` is already a
    normal name and ``group`` a normal group (``quick_group``). ``tests/test_model.py``
    checks it equals the ordinary construction.
    """
    unit = object.__new__(Unit)
    _set(unit, "name", name if normal else normalize_name(name))
    _set(unit, "group", group if normal else _normal_group(group))
    return unit


def quick_group(group: str) -> str:
    """A group's normal name, each distinct group normalised once."""
    normal = _normal_group(group)
    assert normal is not None
    return normal


def quick_tally(unit: Unit, period: Period, submitted: int | None, adopted: int) -> Tally:
    """``Tally(unit, period, submitted, adopted)`` for counts already read as ints.

    The caller has checked that the counts are ``int`` s of 0 or more; ``adopted`` at
    most ``submitted`` and both at most :data:`MAX_COUNT` are checked here.
    ``tests/test_model.py`` checks it equals the ordinary construction.
    """
    if submitted is not None and adopted > submitted:
        raise fail(
            "count.adopted_over_submitted",
            ("adopted",),
            unit=unit.name,
            adopted=adopted,
            submitted=submitted,
        )
    if adopted > MAX_COUNT or (submitted is not None and submitted > MAX_COUNT):
        name = "adopted" if adopted > MAX_COUNT else "submitted"
        raise fail("count.too_large", (name,), unit=unit.name, field=name, limit=f"{MAX_COUNT:,}")
    tally = object.__new__(Tally)
    _set(tally, "unit", unit)
    _set(tally, "period", period)
    _set(tally, "submitted", submitted)
    _set(tally, "adopted", adopted)
    _set(tally, "levels", ())
    _set(tally, "score", None)
    _set(tally, "quota", None)
    _set(tally, "instructions", None)
    _set(tally, "parent", None)
    return tally
