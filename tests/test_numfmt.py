"""The one rounding policy (half up, exact) and rates and dates as Chinese text."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongbao import format_date, format_rate, round_half_up

from .strategies import fractions


@pytest.mark.parametrize(
    ("rate", "places", "text"),
    [
        (Fraction(1, 8), 0, "13%"),  # 12.5 rounds up, not to even
        (Fraction(5, 8), 0, "63%"),  # 62.5 -> 63
        (Fraction(173, 400), 1, "43.3%"),  # 43.25 -> 43.3
        (Fraction(2, 3), 0, "67%"),
        (Fraction(250, 578), 1, "43.3%"),  # the seed's overall rate
        (Fraction(9, 19), 0, "47%"),
        (Fraction(1, 200), 0, "1%"),  # 0.5% -> 1%
        (Fraction(1, 201), 0, "0%"),
        (Fraction(0), 0, "0%"),
        (Fraction(1), 0, "100%"),
        (Fraction(1), 1, "100.0%"),
        (Fraction(1, 3), 2, "33.33%"),
        (Fraction(1, 40), 1, "2.5%"),
        (1, 0, "100%"),
    ],
)
def test_format_rate_half_up(rate: Fraction, places: int, text: str) -> None:
    assert format_rate(rate, places) == text


def test_undefined_rate_has_a_mark() -> None:
    assert format_rate(None) == "—"
    assert format_rate(None, undefined="/") == "/"


@pytest.mark.parametrize("value", [0.5, 1e-3, Decimal("0.5"), True])
def test_inexact_numbers_are_refused(value: object) -> None:
    with pytest.raises(TypeError, match="exact number"):
        round_half_up(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "places", "result"),
    [
        (Fraction(5, 2), 0, "3"),
        (Fraction(-5, 2), 0, "-3"),  # away from zero, as 四舍五入
        (Fraction(-1, 4), 0, "0"),  # no negative zero
        (Fraction(-1, 40), 1, "0.0"),
        (Fraction(-3, 40), 1, "-0.1"),
        (Fraction(1, 20), 1, "0.1"),
    ],
)
def test_round_half_up_is_symmetric(value: Fraction, places: int, result: str) -> None:
    assert str(round_half_up(value, places)) == result


@pytest.mark.slow
@given(fractions, st.integers(0, 4))
def test_agrees_with_decimal_round_half_up(value: Fraction, places: int) -> None:
    # 60 digits decide every case: a non-terminating quotient with a denominator
    # below 10**9 stays more than 10**-10 away from any half.
    with localcontext(prec=60):
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        expected = quotient.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert round_half_up(value, places) == expected


@pytest.mark.slow
@given(st.integers(0, 10**6), st.integers(1, 10**6), st.integers(0, 3))
def test_format_rate_agrees_with_decimal_quantize(adopted: int, extra: int, places: int) -> None:
    submitted = adopted + extra
    # With 28 digits of context, n/d for these sizes has no tie ambiguity before quantize.
    exact = (Decimal(adopted) * 100 / Decimal(submitted)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    assert format_rate(Fraction(adopted, submitted), places) == f"{exact}%"


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (datetime.date(2018, 5, 10), "2018年5月10日"),
        (datetime.date(2019, 1, 1), "2019年1月1日"),
        (datetime.date(2020, 12, 31), "2020年12月31日"),
    ],
)
def test_format_date_without_zero_padding(date: datetime.date, text: str) -> None:
    assert format_date(date) == text


@pytest.mark.parametrize("value", [0.125, float("nan"), True])
def test_format_rate_refuses_inexact_rates(value: object) -> None:
    with pytest.raises(TypeError, match="exact rate"):
        format_rate(value)  # type: ignore[arg-type]


def _format_rate_by_fraction(rate: Fraction, places: int) -> str:
    """format_rate as it was: through Fraction arithmetic and Decimal's own text."""
    return f"{round_half_up(Fraction(rate) * 100, places)}%"


@given(
    st.one_of(
        fractions,
        st.fractions(),
        st.integers(-(10**30), 10**30),
        st.builds(Fraction, st.integers(-(10**6), 10**6), st.integers(1, 400)),
    ),
    st.integers(0, 9),
)
def test_format_rate_in_integers_agrees_with_the_fraction_version(
    rate: Fraction | int, places: int
) -> None:
    # Integer arithmetic gives the same half-up digits, sign and decimals as the exact
    # Fraction rounded by round_half_up and printed by Decimal, for every rate.
    assert format_rate(rate, places) == _format_rate_by_fraction(Fraction(rate), places)


@pytest.mark.parametrize(
    ("rate", "places", "text"),
    [
        (Fraction(-1, 400), 0, "0%"),  # -0.25%: no negative zero
        (Fraction(-1, 2000), 1, "-0.1%"),  # -0.05%: half away from zero
        (Fraction(-1, 4000), 1, "0.0%"),
        (Fraction(1, 10**8), 6, "0.000001%"),
        (Fraction(1, 10**9), 7, "1E-7%"),  # past six decimals, Decimal's own notation
        (Fraction(0), 7, "0E-7%"),
        (Fraction(1, 16), 4, "6.2500%"),
    ],
)
def test_format_rate_edges(rate: Fraction, places: int, text: str) -> None:
    assert format_rate(rate, places) == text == _format_rate_by_fraction(rate, places)


def test_format_rate_of_more_digits_than_decimal_holds() -> None:
    # Decimal's 28 digits round what is longer; no rate is that long, but the text
    # stays the one round_half_up prints.
    rate = Fraction(100000000000000016777212)
    assert (
        format_rate(rate, 3)
        == _format_rate_by_fraction(rate, 3)
        == ("10000000000000001677721200.00%")
    )
