"""The DOCX renderer, read back: geometry, styles, fonts, table flags, fields, text."""

from __future__ import annotations

import datetime
import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Length

import tongbao
from tongbao import AttachmentSpec, Notice, Period, Tally, Unit
from tongbao.document import Document
from tongbao.renderers._layout import signature_indents

from .conftest import EXAMPLE
from .tools import require_tool

PERIOD = Period.parse("2018-03/2018-04")
MM = 36000  # EMU per millimetre


@pytest.fixture(scope="module")
def seed() -> Notice:
    return tongbao.load(EXAMPLE / "notice.toml")


@pytest.fixture(scope="module")
def seed_docx(seed: Notice) -> bytes:
    return tongbao.render(seed, "docx")


@pytest.fixture(scope="module")
def word(seed_docx: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(seed_docx))


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def mm(length: Length | None) -> float:
    assert length is not None
    return length / MM


def test_page_is_a4_with_the_standard_margins(word: docx.document.Document) -> None:
    section = word.sections[0]
    for measured, expected in [
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ]:
        assert mm(measured) == pytest.approx(expected, abs=0.5)


@pytest.mark.parametrize(
    ("style", "east_asian", "size", "alignment"),
    [
        ("公文标题", "方正小标宋简体", 22, "CENTER"),
        ("公文正文", "仿宋_GB2312", 16, "JUSTIFY"),
        ("公文主送机关", "仿宋_GB2312", 16, "LEFT"),
        ("公文附件标识", "黑体", 16, "LEFT"),
        ("公文附件标题", "方正小标宋简体", 22, "CENTER"),
        ("公文署名", "仿宋_GB2312", 16, "RIGHT"),
        ("公文表格", "仿宋_GB2312", 14, None),
        ("公文表头", "黑体", 14, "CENTER"),
        ("公文页码", "宋体", 14, None),
    ],
)
def test_named_styles_carry_fonts_and_sizes(
    word: docx.document.Document, style: str, east_asian: str, size: int, alignment: str | None
) -> None:
    found = word.styles[style]
    fonts = found.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == east_asian
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert found.font.size.pt == size
    if alignment:
        assert found.paragraph_format.alignment.name == alignment


def test_no_theme_font_can_override(seed_docx: bytes) -> None:
    for name in ("word/styles.xml", "word/document.xml"):
        xml = part(seed_docx, name)
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme"):
            assert f"w:{attribute}=" not in xml, (name, attribute)


def test_body_pitch_and_indent(word: docx.document.Document) -> None:
    body = word.styles["公文正文"]
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.01)
    assert body.paragraph_format.line_spacing_rule.name == "EXACTLY"
    ind = body.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert word.styles["公文表格"].paragraph_format.line_spacing_rule.name == "SINGLE"


def test_line_pitch_option(seed: Notice) -> None:
    word = docx.Document(io.BytesIO(tongbao.render(seed, "docx", line_pitch="28")))
    assert word.styles["公文正文"].paragraph_format.line_spacing.pt == 28


def test_paragraphs_in_page_order(word: docx.document.Document, seed: Notice) -> None:
    document = tongbao.compose(seed)
    texts = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    assert texts[0] == ("公文标题", document.title)
    assert texts[1] == ("公文主送机关", document.addressees)
    assert [t for s, t in texts if s == "公文正文"] == [p.text for p in document.paragraphs]
    assert ("公文附件说明", "附件：3-4月网站信息报送情况统计表") in texts
    assert ("公文署名", "西宁市城中区人民政府办公室") in texts
    assert ("公文成文日期", "2018年5月10日") in texts
    label = next(p for p in word.paragraphs if p.style.name == "公文附件标识")
    assert label.text == "附件"
    assert label.paragraph_format.page_break_before


def test_signature_geometry(word: docx.document.Document) -> None:
    signature = next(p for p in word.paragraphs if p.style.name == "公文署名")
    date = next(p for p in word.paragraphs if p.style.name == "公文成文日期")
    # 13 characters of 署名 right-indented 2; the date (6.5 characters wide) starts
    # two characters right of the 署名's first character: right indent 6.5 characters.
    assert signature.paragraph_format.right_indent.pt == 2 * 16
    assert date.paragraph_format.right_indent.pt == 6.5 * 16


@pytest.mark.parametrize(
    ("signature", "date", "sealed", "expected"),
    [
        ("西宁市城中区人民政府办公室", "2018年5月10日", False, (2, 6.5)),
        ("区政府办", "2018年12月31日", False, (7, 2)),  # the longer date moves the 署名 left
        ("区政府办", "2018年5月10日", True, (5.25, 4)),
    ],
)
def test_signature_indents(
    signature: str, date: str, sealed: bool, expected: tuple[float, float]
) -> None:
    indents = signature_indents(signature, date, sealed=sealed)
    assert (indents.signature, indents.date) == expected


def test_table_flags_and_cells(word: docx.document.Document, seed: Notice) -> None:
    (table,) = word.tables
    document = tongbao.compose(seed)
    expected = document.attachments[0].table
    rows = table._tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in rows[1:])
    assert [c.text for c in table.rows[0].cells] == [c.heading for c in expected.columns]
    for row, want in zip(table.rows[1:], expected.rows, strict=True):
        assert tuple(c.text for c in row.cells) == want.cells
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(widths) / 56.693 == pytest.approx(156, abs=0.5)
    assert table.rows[1].cells[4].paragraphs[0].alignment.name == "RIGHT"


def test_grouped_table_merges_group_rows(seed: Notice) -> None:
    notice = Notice(
        title=seed.title,
        issuer=seed.issuer,
        date=seed.date,
        period=seed.period,
        tallies=seed.tallies,
        attachment=AttachmentSpec(title="表", grouped=True, total=True, order="rate"),
    )
    word = docx.Document(io.BytesIO(tongbao.render(notice, "docx")))
    (table,) = word.tables
    first = table._tbl.findall(qn("w:tr"))[1]
    assert first.find(f".//{qn('w:gridSpan')}").get(qn("w:val")) == "5"
    assert table.rows[1].cells[0].text == "镇街"
    assert [c.text for c in table.rows[-1].cells] == ["", "合计", "578", "250", "43%"]


def test_page_numbers_are_fields_odd_right_even_left(seed_docx: bytes) -> None:
    assert "<w:evenAndOddHeaders/>" in part(seed_docx, "word/settings.xml")
    word = docx.Document(io.BytesIO(seed_docx))
    section = word.sections[0]
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        xml = paragraph._p.xml
        assert 'w:instr=" PAGE "' in xml
        assert paragraph.text.startswith("— ")
        assert paragraph.text.endswith(" —")
    assert odd.paragraph_format.alignment.name == "RIGHT"
    assert odd.paragraph_format.right_indent.pt == 14
    assert even.paragraph_format.alignment.name == "LEFT"
    assert even.paragraph_format.left_indent.pt == 14


def test_optional_parts() -> None:
    notice = Notice(
        title="关于信息报送情况的通报",
        issuer="区政府办公室",
        date=datetime.date(2018, 5, 10),
        period=PERIOD,
        tallies=[Tally(Unit("甲"), PERIOD, 2, 1)],
        header="西宁市城中区人民政府办公室文件",
        doc_number="城中政办〔2018〕12号",
        note="此件主动公开",
        cc=["区委办"],
        printed_by="区政府办公室",
        printed_date=datetime.date(2018, 5, 11),
        sealed=True,
    )
    data = tongbao.render(notice, "docx")
    word = docx.Document(io.BytesIO(data))
    styles = {p.style.name: p for p in word.paragraphs if p.text}
    assert styles["公文发文机关标志"].text == "西宁市城中区人民政府办公室文件"
    assert word.styles["公文发文机关标志"].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    number = styles["公文发文字号"]
    assert number.text == "城中政办〔2018〕12号"
    assert 'w:color="FF0000"' in number._p.xml  # the red rule
    assert styles["公文附注"].text == "（此件主动公开）"
    assert styles["公文成文日期"].paragraph_format.right_indent.pt == 4 * 16  # sealed
    xml = part(data, "word/document.xml")
    imprint = [p for p in word.paragraphs if p.style.name == "公文版记"]
    assert [p.text for p in imprint] == ["抄送：区委办。", "区政府办公室\t2018年5月11日印发"]
    for paragraph in imprint:  # a frame on the type area's foot
        assert 'w:yAlign="bottom"' in paragraph._p.xml
        assert 'w:vAnchor="margin"' in paragraph._p.xml
    assert 'w:top w:val="single" w:sz="8"' in imprint[0]._p.xml  # 0.35 mm rule above
    assert 'w:bottom w:val="single" w:sz="6"' in imprint[0]._p.xml  # 0.25 mm between
    assert 'w:bottom w:val="single" w:sz="8"' in imprint[1]._p.xml  # 0.35 mm below
    assert xml.rstrip().endswith("</w:body></w:document>")


def test_deterministic_bytes(seed: Notice, seed_docx: bytes) -> None:
    assert tongbao.render(seed, "docx") == seed_docx
    names = zipfile.ZipFile(io.BytesIO(seed_docx)).infolist()
    assert {info.date_time for info in names} == {(2018, 5, 10, 0, 0, 0)}
    core = part(seed_docx, "docProps/core.xml")
    assert "2018-05-10T00:00:00Z" in core
    assert "西宁市城中区人民政府办公室" in core


def test_source_date_epoch(seed: Notice, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    data = tongbao.render(seed, "docx")
    assert "2020-09-13T12:26:40Z" in part(data, "docProps/core.xml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(tongbao.OptionError, match="SOURCE_DATE_EPOCH"):
        tongbao.render(seed, "docx")


HOSTILE = ["<b>粗</b>", "&amp;", "]]>", "{period}", "𠮷野家", "“引号”", "\u200f区", "长" * 120]


def test_hostile_text_comes_out_literally() -> None:
    notice = Notice(
        title="A&B <x> ]]>",
        issuer="办公室",
        date=datetime.date(2018, 5, 10),
        period=PERIOD,
        tallies=[Tally(Unit(name), PERIOD, 2, 1) for name in HOSTILE],
        body=["“谁发布、谁负责”"],
        attachment=AttachmentSpec(title="表<1>"),
    )
    data = tongbao.render(notice, "docx")
    word = docx.Document(io.BytesIO(data))
    cells = [row.cells[1].text for row in word.tables[0].rows[1:]]
    assert cells == HOSTILE
    assert word.paragraphs[0].text == "A&B <x> ]]>"
    quoted = next(p for p in word.paragraphs if p.text == "“谁发布、谁负责”")
    assert quoted.runs[0]._r.rPr.rFonts.get(qn("w:hint")) == "eastAsia"


def test_libreoffice_opens_it_and_prints_every_number(
    seed_docx: bytes, seed: Notice, tmp_path: Path
) -> None:
    soffice = require_tool("soffice", "libreoffice", package="libreoffice-writer-nogui")
    require_tool("pdftotext", package="poppler-utils")
    source = tmp_path / "seed.docx"
    source.write_bytes(seed_docx)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "seed.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "A4" in info
    pages = int(info.split("Pages:")[1].split()[0])
    assert pages >= 3  # body, signature page, attachment (fonts decide any more)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for number, page in enumerate(text.split("\f")[:pages], start=1):
        assert f"—{number}—" in "".join(page.split())  # the page number, spaces aside
    document: Document = tongbao.compose(seed)
    compact = "".join(text.split())
    for row in document.attachments[0].table.rows:
        assert "".join(row.cells) in compact, row.cells
    assert "578条" in compact


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("line_pitch", "nan"),
        ("line_pitch", "inf"),
        ("line_pitch", "0"),
        ("title_line_pitch", "-1"),
        ("table_font_size", "1e9"),
        ("issuer_mark_size", "nan"),
    ],
)
def test_layout_sizes_a_page_cannot_hold_are_refused(seed: Notice, option: str, value: str) -> None:
    with pytest.raises(tongbao.OptionError, match=f"docx option {option} is"):
        tongbao.render(seed, "docx", **{option: value})
