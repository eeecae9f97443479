"""The resolved document: every figure and sentence, from the seed and built cases."""

from __future__ import annotations

import datetime
from fractions import Fraction
from pathlib import Path

import pytest

import tongbao
from tongbao import AttachmentSpec, Excluded, Notice, Period, Tally, Unit, compose
from tongbao.document import Document, Header, Imprint, Paragraph, Row, Value

from .conftest import EXAMPLE, ROOT, read_seed_table
from .factories import full_notice

PERIOD = Period.parse("2018-03/2018-04")


@pytest.fixture(scope="module")
def seed_document() -> Document:
    return compose(tongbao.load(EXAMPLE / "notice.toml"))


def test_seed_front_matter(seed_document: Document) -> None:
    doc = seed_document
    assert doc.title == "关于2018年3-4月份政府门户网站信息报送情况的通报"
    assert doc.addressees == "总寨镇政府、各街道办事处、政府各部门："
    assert doc.paragraphs[0] == Paragraph("现将3-4月份政府门户网站信息报送情况通报如下：")
    assert doc.paragraphs[1].text.startswith(
        "2018年3-4月各镇办各部门累计报送各类信息578条，采纳发布250条，信息采发率43.3%。"
    )
    assert doc.signature == "西宁市城中区人民政府办公室"
    assert doc.date == "2018年5月10日"
    assert doc.issued == datetime.date(2018, 5, 10)
    assert (doc.header, doc.imprint, doc.note, doc.sealed) == (None, None, None, False)


def test_attachment_note_and_title_come_from_one_field(seed_document: Document) -> None:
    (attachment,) = seed_document.attachments
    assert seed_document.attachment_notes == ("附件：3-4月网站信息报送情况统计表",)
    assert attachment.label == "附件"
    assert attachment.title == "3-4月网站信息报送情况统计表"


def test_seed_table_reproduces_the_printed_table(seed_document: Document) -> None:
    table = seed_document.attachments[0].table
    assert [c.heading for c in table.columns] == ["序号", "单位", "报送数", "采纳数", "采纳率"]
    printed = read_seed_table()
    assert len(table.rows) == len(printed) == 27
    for number, (row, (_, submitted, adopted, rate)) in enumerate(
        zip(table.rows, printed, strict=True), start=1
    ):
        assert row.cells[0] == str(number)
        assert row.cells[2:4] == (str(submitted), str(adopted))
        assert row.cells[4] == ("—" if rate == "?" else rate)


def seed_notice(**attachment: object) -> Notice:
    loaded = tongbao.load(EXAMPLE / "notice.toml")
    spec = AttachmentSpec(title="统计表", **attachment)  # type: ignore[arg-type]
    return Notice(
        title=loaded.title,
        issuer=loaded.issuer,
        date=loaded.date,
        period=loaded.period,
        tallies=loaded.tallies,
        attachment=spec,
    )


def test_ranked_table_has_a_rank_column_and_shared_places() -> None:
    table = compose(seed_notice(order="rate")).attachments[0].table
    assert table.columns[0].heading == "排名"
    assert [r.cells[0] for r in table.rows[:8]] == ["1", "1", "1", "4", "5", "5", "5", "8"]
    assert table.rows[-1].cells[:2] == ("—", "区建设局")


def test_rank_on_shown_rates_ties_equal_printed_rates() -> None:
    rows = compose(seed_notice(order="rate", rank_on="shown")).attachments[0].table.rows
    places = {r.cells[1]: r.cells[0] for r in rows}
    assert places["礼让街办事处"] == places["人民街办事处"] == "17"


def test_grouped_table_with_subtotals_and_total() -> None:
    table = (
        compose(seed_notice(grouped=True, total=True, groups=["部门", "镇街"])).attachments[0].table
    )
    kinds = [r.kind for r in table.rows]
    assert kinds[0] == "group"
    assert table.rows[0].cells == ("部门",)
    assert kinds.count("group") == 2
    assert kinds.count("subtotal") == 2
    subtotals = [r.cells for r in table.rows if r.kind == "subtotal"]
    assert subtotals == [("", "小计", "307", "141", "46%"), ("", "小计", "271", "109", "40%")]
    assert table.rows[-1] == Row(("", "合计", "578", "250", "43%"), "total")
    numbers = [r.cells[0] for r in table.rows if r.kind == "unit"]
    assert numbers == [str(n) for n in range(1, 28)]


def test_rate_places_and_undefined_mark() -> None:
    rows = compose(seed_notice(rate_places=1, undefined_rate="/")).attachments[0].table.rows
    assert rows[0].cells[4] == "47.4%"
    assert rows[16].cells[4] == "/"


def test_optional_parts() -> None:
    built = full_notice(
        addressees=[],
        tallies=[Tally(Unit("甲"), PERIOD, 2, 1), Tally(Unit("乙"), PERIOD, 0, 0)],
        body=[Paragraph("一、总体情况", 1), "未报送单位：{zero_units}（{zero_count}个）。"],
        cc=["区委办", "区人大办"],
        printed_by="西宁市城中区人民政府办公室",
        printed_date=datetime.date(2019, 1, 3),
        excluded=[Excluded("丙", "有独立网站"), Excluded("丁")],
    )
    doc = compose(built)
    assert doc.paragraphs == (
        Paragraph("一、总体情况", 1),
        Paragraph("未报送单位：乙（1个）。"),
    )
    assert doc.header == Header("西宁市城中区人民政府办公室文件", "城中政办〔2018〕12号")
    assert doc.note == "（此件主动公开）"
    assert doc.imprint == Imprint(
        "抄送：区委办，区人大办。", "西宁市城中区人民政府办公室", "2019年1月3日印发"
    )
    assert doc.attachments[0].notes == (
        "本期未报送信息的单位：乙。",
        "注：丙（有独立网站）、丁不参加本期统计。",
    )
    assert doc.sealed is True
    assert doc.addressees == ""


def test_no_zero_units_reads_none() -> None:
    built = seed_notice()
    values = tongbao._compose.placeholder_values(
        Notice(
            title="t",
            issuer="i",
            date=built.date,
            period=PERIOD,
            tallies=[Tally("甲", PERIOD, 1, 1)],
        )
    )
    assert (values["zero_units"], values["zero_count"]) == ("无", "0")


def test_both_example_variants_give_the_same_document(seed_document: Document) -> None:
    assert compose(tongbao.load(EXAMPLE / "notice-monthly.toml")) == seed_document


def test_document_is_deterministic(seed_document: Document) -> None:
    assert compose(tongbao.load(Path(EXAMPLE / "notice.toml"))) == seed_document


NOTICES = sorted((ROOT / "examples").glob("*/notice*.toml"))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTICES, ids=[f"{p.parent.name}/{p.name}" for p in NOTICES])
def test_every_cell_carries_the_value_its_text_prints(path: Path) -> None:
    from tongbao import load
    from tongbao._numfmt import format_rate
    from tongbao._scoring import format_score

    document = compose(load(path))
    checked = 0
    for attachment in document.attachments:
        for row in attachment.table.rows:
            assert len(row.values) == len(row.cells)
            for column, text, value in zip(
                [*attachment.table.columns], row.cells, row.values, strict=False
            ):
                if value.kind == "count":
                    assert text.lstrip("+") == str(value.exact)
                    assert column.numeric
                elif value.kind == "rate":
                    assert isinstance(value.exact, Fraction)
                    assert format_rate(value.exact, value.places or 0) == text
                    assert column.places == value.places or row.kind == "total"
                elif value.kind == "score":
                    assert format_score(Fraction(value.exact), value.places or 0) == text
                elif value.kind in ("text", "empty"):
                    assert value.exact is None
                    assert (value.kind == "empty") == (text == "")
                else:
                    assert text == "—" or value.kind == "undefined"
                checked += 1
    assert checked


def test_undefined_and_unranked_are_values_of_their_own() -> None:
    period = Period.parse("2018-03/2018-04")
    notice = Notice(
        title="通报",
        issuer="办公室",
        date=datetime.date(2018, 5, 10),
        period=period,
        tallies=[Tally("甲", period, 19, 9), Tally("乙", period, 1, 1), Tally("丙", period, 0, 0)],
        attachment=AttachmentSpec(title="表", order="rate", min_submitted=2, rate_places=1),
    )
    table = compose(notice).attachments[0].table
    assert [c.numeric for c in table.columns] == [True, False, True, True, True]
    assert table.columns[4].places == 1
    first, second, third = table.rows
    assert first.values[4] == Value("rate", Fraction(9, 19), 1)
    assert first.value(0) == Value("count", 1)
    assert second.value(0).kind == "unranked"
    assert third.value(4) == Value("undefined", None, 1)
    assert third.cells[4] == "—"
