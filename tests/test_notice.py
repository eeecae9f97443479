"""Notices built in code: validation reports every problem, placed by field."""

from __future__ import annotations

import datetime

import pytest

from tongbao import AttachmentSpec, Excluded, InputError, Notice, Period, Tally, Unit
from tongbao.document import Paragraph

PERIOD = Period.parse("2018-03/2018-04")


def notice(**changes: object) -> Notice:
    fields: dict[str, object] = {
        "title": "关于信息报送情况的通报",
        "issuer": "西宁市城中区人民政府办公室",
        "date": datetime.date(2018, 5, 10),
        "period": PERIOD,
        "tallies": [Tally("甲", PERIOD, 2, 1), Tally("乙", PERIOD, 0, 0)],
    }
    fields.update(changes)
    return Notice(**fields)  # type: ignore[arg-type]


def test_a_minimal_notice() -> None:
    built = notice(body=["共{submitted}条"], addressees="各单位")
    assert built.body == (Paragraph("共{submitted}条"),)
    assert built.addressees == ("各单位",)
    assert built.units == (Unit("甲"), Unit("乙"))


def test_a_title_given_as_lines() -> None:
    import tongbao

    built = notice(title=["关于2018年3-4月份政府门户网站", "信息报送情况的通报 "])
    document = tongbao.compose(built)
    assert document.title == "关于2018年3-4月份政府门户网站信息报送情况的通报"
    assert document.title_lines == ("关于2018年3-4月份政府门户网站", "信息报送情况的通报")
    assert tongbao.compose(notice()).title_lines == ()


def places(error: InputError) -> list[str | None]:
    return [p.location.place for p in error.problems]


@pytest.mark.parametrize(
    ("changes", "place", "message"),
    [
        ({"title": " "}, "title", "title is empty"),
        ({"title": ["关于信息报送", " "]}, "title", "a line of the title is empty"),
        ({"issuer": "办公室\x00"}, "issuer", "U\\+0000"),
        ({"date": "2018-05-10"}, "date", "must be a date"),
        ({"date": datetime.datetime(2018, 5, 10, tzinfo=datetime.UTC)}, "date", "must be a date"),
        ({"period": "2018-03"}, "period", "must be a Period"),
        ({"tallies": []}, "tallies", "no units"),
        (
            {"tallies": [Tally("甲", Period.parse("2018-03"), 1, 1)]},
            "tallies[0]",
            "counts are for 2018-03, the notice for 2018-03/2018-04",
        ),
        (
            {"tallies": [Tally("甲", PERIOD, 1, 1), Tally(" 甲", PERIOD, 1, 1)]},
            "tallies[1]",
            "twice",
        ),
        ({"body": ["{rat}"]}, "body[0]", "did you mean {rate}"),
        ({"body": ["a\nb"]}, "body[0]", "line break"),
        ({"addressees": ["各单位", ""]}, "addressees[1]", "empty"),
        ({"printed_by": "区政府办公室"}, "printed_by", "give both"),
        ({"sealed": "yes"}, "sealed", "true or false"),
        ({"excluded": [Excluded("甲", "有独立网站")]}, "tallies[0]", "also listed as excluded"),
        # An AttachmentSpec is checked when built: the notice never sees a bad one.
        (
            {"attachment": lambda: AttachmentSpec(title="表", order="best")},
            "attachment.order",
            "expected",
        ),  # type: ignore[arg-type]
        (
            {"attachment": lambda: AttachmentSpec(title="表", rate_places=9)},
            "attachment.rate_places",
            "0 to 4",
        ),
        ({"attachment": lambda: AttachmentSpec(title="")}, "attachment.title", "empty"),
        ({"attachment": AttachmentSpec(title="表", grouped=True)}, "tallies[0]", "has no group"),
    ],
)
def test_problems_are_placed(changes: dict[str, object], place: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        notice(**{key: value() if callable(value) else value for key, value in changes.items()})
    assert place in places(info.value)


def test_all_problems_at_once() -> None:
    with pytest.raises(InputError) as info:
        notice(title="", issuer="", body=["{x}"])
    assert places(info.value) == ["title", "issuer", "body[0]"]


def test_groups_must_be_listed_when_given() -> None:
    tallies = [
        Tally(Unit("甲", group="镇街"), PERIOD, 1, 1),
        Tally(Unit("乙", group="部门"), PERIOD, 1, 1),
    ]
    spec = AttachmentSpec(title="表", grouped=True, groups=["镇街"])
    with pytest.raises(InputError, match=r"'部门', which attachment\.groups does not list"):
        notice(tallies=tallies, attachment=spec)
