"""The one rounding policy and the number and date text notices print.

Chinese offices round half up (四舍五入): 5/8 = 62.5% prints as 63%, never 62% as
Python's ``round()`` (half to even) or a float would give. Every figure goes through
:func:`round_half_up` on the exact ``Fraction``; nothing passes through ``float``.
"""

from __future__ import annotations

from decimal import Decimal, getcontext
from fractions import Fraction
from numbers import Rational
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime

__all__ = ["UNDEFINED_RATE", "format_date", "format_rate", "round_half_up"]

UNDEFINED_RATE = "—"
"""What an undefined rate (nothing submitted) prints as by default: an em dash."""


def round_half_up(value: Rational | int, places: int = 0) -> Decimal:
    """``value`` rounded to ``places`` decimals, halves away from zero (四舍五入).

    Exact for any rational: ``round_half_up(Fraction(5, 8) * 100) == Decimal("63")``,
    ``round_half_up(Fraction(-5, 2)) == Decimal("-3")``.

    Raises:
        TypeError: ``value`` is a float or another inexact number.
    """
    if isinstance(value, bool) or not isinstance(value, Rational | int):
        raise TypeError(
            f"round_half_up takes an exact number (int or Fraction), not "
            f"{type(value).__name__}; floats have already lost the exact value"
        )
    if places < 0:
        raise ValueError(f"places must be >= 0, not {places}")
    exact = Fraction(value) * 10**places
    magnitude = (2 * abs(exact.numerator) + exact.denominator) // (2 * exact.denominator)
    digits = -magnitude if exact < 0 and magnitude else magnitude
    return Decimal(digits).scaleb(-places)


def format_rate(
    rate: Rational | int | None, places: int = 0, undefined: str = UNDEFINED_RATE
) -> str:
    """A rate as a percentage, rounded half up: ``47%``, ``43.3%``.

    ``rate`` is a fraction of 1 (``Fraction(9, 19)`` → ``47%``). ``None`` — the rate of
    a unit that submitted nothing — prints as ``undefined`` (an em dash by default).
    The digits are those of :func:`round_half_up` on ``rate * 100``, worked out in
    integers (a table of 10,000 units formats 10,000 rates).

    Raises:
        TypeError: ``rate`` is a float (or another inexact number): its exact value is
            already lost, so it could print a rate one digit off.
    """
    if rate is None:
        return undefined
    kind = type(rate)
    if kind is not Fraction and kind is not int:
        if isinstance(rate, bool) or not isinstance(rate, Rational | int):
            raise TypeError(
                f"format_rate takes an exact rate (int or Fraction), not {type(rate).__name__}"
            )
        rate = Fraction(rate)
    if type(places) is int and 0 <= places <= _PLAIN_PLACES:
        text = _percent_digits(int(rate.numerator), int(rate.denominator), places)
        if text is not None:
            return f"{text}%"
    return f"{round_half_up(Fraction(rate) * 100, places)}%"


_PLAIN_PLACES = 6
"""Up to this many decimals a ``Decimal`` prints as plain digits (``0.000001``); more
give exponent notation (``1E-7``), left to ``Decimal`` itself."""


def _percent_digits(numerator: int, denominator: int, places: int) -> str | None:
    """``numerator / denominator * 100`` rounded half up to ``places`` decimals, as text.

    The text ``str(round_half_up(...))`` gives for ``0 <= places <= 6``: no negative
    zero, ``places`` decimals always shown (``100.0``, ``0.05``). ``None`` for more
    digits than the decimal context's precision (28), which ``Decimal`` rounds: no
    rate is that long, and ``round_half_up`` prints it as before.
    """
    magnitude = (2 * abs(numerator) * 10 ** (places + 2) + denominator) // (2 * denominator)
    text = str(magnitude)
    if len(text) > getcontext().prec:
        return None
    if places:
        text = text.rjust(places + 1, "0")
        text = f"{text[:-places]}.{text[-places:]}"
    return f"-{text}" if numerator < 0 and magnitude else text


def format_date(date: datetime.date) -> str:
    """A date as 公文 write it: Arabic numerals, no zero padding, ``2018年5月10日``."""
    return f"{date.year}年{date.month}月{date.day}日"
