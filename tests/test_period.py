"""Periods: parsing and labels, previous and year-ago periods, ordering, bounds."""

from __future__ import annotations

import pytest
from hypothesis import given

from tongbao import Period
from tongbao.errors import InputError

from .strategies import periods

P = Period.parse


@pytest.mark.parametrize(
    ("text", "iso", "label", "short", "months"),
    [
        ("2018-03", "2018-03", "2018年3月", "3月", 1),
        ("2018-03/2018-04", "2018-03/2018-04", "2018年3-4月", "3-4月", 2),
        ("2018-Q1", "2018-Q1", "2018年第一季度", "第一季度", 3),
        ("2018-Q4", "2018-Q4", "2018年第四季度", "第四季度", 3),
        ("2018-H1", "2018-H1", "2018年上半年", "上半年", 6),
        ("2018-H2", "2018-H2", "2018年下半年", "下半年", 6),
        ("2018", "2018", "2018年", "全年", 12),
        ("2018-12/2019-01", "2018-12/2019-01", "2018年12月至2019年1月", "2018年12月至2019年1月", 2),
        ("2018-01/2018-12", "2018-01/2018-12", "2018年1-12月", "1-12月", 12),
        # Chinese labels read back too
        ("2018年3-4月", "2018-03/2018-04", "2018年3-4月", "3-4月", 2),
        ("2018年3月份", "2018-03", "2018年3月", "3月", 1),
        ("2018年第一季度", "2018-Q1", "2018年第一季度", "第一季度", 3),
        ("2018年上半年", "2018-H1", "2018年上半年", "上半年", 6),
        ("2018年", "2018", "2018年", "全年", 12),
        (
            "2018年12月至2019年1月",
            "2018-12/2019-01",
            "2018年12月至2019年1月",
            "2018年12月至2019年1月",
            2,
        ),
        (" 2018-03 ", "2018-03", "2018年3月", "3月", 1),
    ],
)
def test_parse_and_write(text: str, iso: str, label: str, short: str, months: int) -> None:
    period = P(text)
    assert str(period) == iso
    assert period.label() == label
    assert period.short_label() == short
    assert len(period) == months == len(period.months())


@pytest.mark.parametrize(
    ("text", "previous", "year_ago"),
    [
        ("2018-03/2018-04", "2018-01/2018-02", "2017-03/2017-04"),
        ("2018-01/2018-02", "2017-11/2017-12", "2017-01/2017-02"),
        ("2018-Q1", "2017-Q4", "2017-Q1"),
        ("2018-Q3", "2018-Q2", "2017-Q3"),
        ("2018-H1", "2017-H2", "2017-H1"),
        ("2018", "2017", "2017"),
        ("2018-01", "2017-12", "2017-01"),
        ("2018-12/2019-01", "2018-10/2018-11", "2017-12/2018-01"),
    ],
)
def test_previous_and_year_ago(text: str, previous: str, year_ago: str) -> None:
    assert str(P(text).previous()) == previous
    assert str(P(text).year_ago()) == year_ago


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("2018-13", "month 13"),
        ("2018-00", "month 0"),
        ("2018-04/2018-03", "ends before it starts"),
        ("2018-Q5", "not a period"),
        ("2018-H3", "not a period"),
        ("18-03", "not a period"),
        ("", "not a period"),
        ("2018年13月", "month 13"),
        ("2018-03/", "not a period"),
        ("March 2018", "not a period"),
    ],
)
def test_malformed_text_is_a_value_error_quoting_it(text: str, quoted: str) -> None:
    with pytest.raises(ValueError, match=quoted) as info:
        P(text)
    assert repr(text) in str(info.value)


def test_style_is_not_identity() -> None:
    assert P("2018-Q1") == P("2018-01/2018-03")
    assert hash(P("2018-Q1")) == hash(P("2018-01/2018-03"))
    assert P("2018-Q1").label() != P("2018-01/2018-03").label()


def test_contains_and_months() -> None:
    period = P("2018-03/2018-04")
    assert period.contains(P("2018-03"))
    assert period.contains(period)
    assert not period.contains(P("2018-02/2018-03"))
    assert [str(m) for m in period.months()] == ["2018-03", "2018-04"]
    assert [str(m) for m in period] == ["2018-03", "2018-04"]


def test_ordering() -> None:
    texts = ["2018-04", "2018-03/2018-04", "2017", "2018-03", "2018-Q1"]
    assert [str(p) for p in sorted(map(P, texts))] == [
        "2017",
        "2018-Q1",
        "2018-03",
        "2018-03/2018-04",
        "2018-04",
    ]


@pytest.mark.parametrize("style", ["quarter", "half", "year"])
def test_style_must_fit_the_months(style: str) -> None:
    with pytest.raises(ValueError, match=f"not a {style}"):
        Period(P("2018-02").start, P("2018-03").end, style)  # type: ignore[arg-type]


def test_bool_is_not_a_month_ordinal() -> None:
    with pytest.raises(InputError):
        Period(True, 3)  # type: ignore[arg-type]


@pytest.mark.slow
@given(periods())
def test_text_round_trips(period: Period) -> None:
    again = P(str(period))
    assert again == period
    assert again.style == period.style
    assert str(again) == str(period)
    assert P(period.label()) == period


@pytest.mark.slow
@given(periods())
def test_previous_is_adjacent_and_same_length(period: Period) -> None:
    before = period.previous()
    assert len(before) == len(period)
    assert before.end + 1 == period.start
    assert before.style == period.style
    assert len(period.year_ago()) == len(period)
    assert period.year_ago().start == period.start - 12


@pytest.mark.parametrize(("text", "method"), [("0001-01", "previous"), ("0001-Q1", "year_ago")])
def test_no_period_before_year_1(text: str, method: str) -> None:
    with pytest.raises(ValueError, match=r"has no period .* months earlier"):
        getattr(Period.parse(text), method)()


def test_a_period_of_millennia_has_no_previous() -> None:
    period = Period.parse("1900-01/9999-12")
    assert period.year_ago() == Period.parse("1899-01/9998-12")
    with pytest.raises(ValueError, match=r"years 1\.\.9999"):
        period.previous()
