"""The DOCX renderer, read back: geometry, styles, fonts, table flags, fields, text."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Length

import tongbao
from tongbao import AttachmentSpec, Notice, Period, Tally, Unit
from tongbao.document import Document
from tongbao.renderers._layout import column_widths, signature_indents, title_breaks

from . import pagegeom
from .conftest import EXAMPLE
from .factories import full_notice
from .tools import require_truetype

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
    ("style", "east_asian", "latin", "size", "alignment"),
    [
        ("公文标题", "方正小标宋简体", "Times New Roman", 22, "CENTER"),
        ("公文正文", "仿宋_GB2312", "Times New Roman", 16, "JUSTIFY"),
        ("公文主送机关", "仿宋_GB2312", "Times New Roman", 16, "LEFT"),
        ("公文附件标识", "黑体", "Times New Roman", 16, "LEFT"),
        ("公文附件标题", "方正小标宋简体", "Times New Roman", 22, "CENTER"),
        ("公文署名", "仿宋_GB2312", "Times New Roman", 16, "RIGHT"),
        ("公文表格", "仿宋_GB2312", "Times New Roman", 14, None),
        ("公文表头", "黑体", "Times New Roman", 14, "CENTER"),
        ("公文页码", "宋体", "宋体", 14, None),  # half-width 宋体 digits (§7.5)
    ],
)
def test_named_styles_carry_fonts_and_sizes(
    word: docx.document.Document,
    style: str,
    east_asian: str,
    latin: str,
    size: int,
    alignment: str | None,
) -> None:
    found = word.styles[style]
    fonts = found.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == east_asian
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == latin
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
    table = word.styles["公文表格"].paragraph_format
    assert table.line_spacing_rule.name == "EXACTLY"  # 1.3 × 14 pt, as the PDF's rows
    assert table.line_spacing.pt == pytest.approx(18.2)


def test_line_pitch_option(seed: Notice) -> None:
    word = docx.Document(io.BytesIO(tongbao.render(seed, "docx", line_pitch="28")))
    assert word.styles["公文正文"].paragraph_format.line_spacing.pt == 28


def test_paragraphs_in_page_order(word: docx.document.Document, seed: Notice) -> None:
    document = tongbao.compose(seed)
    texts = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    # the title's lines as every format breaks them, each break written out (§7.3.1)
    assert texts[0] == ("公文标题", "\n".join(title_breaks(document.title)))
    assert texts[0][1].split("\n") == ["关于2018年3-4月份政府门户网站", "信息报送情况的通报"]
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
    # 13 characters of 署名 right-indented 2 (of 28 a line); the date starts two
    # characters right of the 署名's first character: 28 - 2 - 13 + 2 = 15 characters
    # from the left, whatever the width of its digits.
    pitch = 156 / 28 * 72 / 25.4
    assert signature.paragraph_format.right_indent.pt == pytest.approx(2 * pitch, abs=0.05)
    assert date.paragraph_format.left_indent.pt == pytest.approx(15 * pitch, abs=0.05)
    assert date.paragraph_format.alignment.name == "LEFT"


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
    if indents.date_start is not None:  # the date's first character, from the left
        assert indents.date_start == 28 - indents.signature - len(signature) + 2


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
    shared = column_widths(expected, 14, 156 * 72 / 25.4)  # the PDF's widths (WPS reads these)
    assert widths == pytest.approx([w * 20 for w in shared], abs=2)
    cells = [int(w.get(qn("w:w"))) for w in rows[1].iter(qn("w:tcW"))]
    assert cells == widths
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
    notice = full_notice()
    data = tongbao.render(notice, "docx")
    word = docx.Document(io.BytesIO(data))
    styles = {p.style.name: p for p in word.paragraphs if p.text}
    assert styles["公文发文机关标志"].text == "西宁市城中区人民政府办公室文件"
    assert word.styles["公文发文机关标志"].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    number = styles["公文发文字号"]
    assert number.text == "城中政办〔2018〕12号"
    assert 'w:color="FF0000"' in number._p.xml  # the red rule
    assert styles["公文附注"].text == "（此件主动公开）"
    # sealed: the date right-indented four characters of the 28-a-line pitch
    pitch = 156 / 28 * 72 / 25.4
    assert styles["公文成文日期"].paragraph_format.right_indent.pt == pytest.approx(4 * pitch, 0.01)
    xml = part(data, "word/document.xml")
    # the 版记 is the footer of a last section of its own, which starts on an even page
    last = word.sections[-1]
    assert last.start_type.name == "EVEN_PAGE"
    assert mm(last.footer_distance) == pytest.approx(35, abs=0.1)  # the type area's foot
    for footer in (last.footer, last.even_page_footer):
        assert not footer.is_linked_to_previous
        imprint = footer.paragraphs
        assert [p.text for p in imprint] == [
            "\t抄送：区委办。",
            "\t区政府办公室\t2018年5月11日印发",
        ]
        assert all(p.style.name == "公文版记" for p in imprint)
        assert "PAGE" not in footer._element.xml  # no page number on the 版记's page
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


def test_a_notice_with_a_imprint_and_characters_beyond_the_cid_font() -> None:
    # the DOCX lays the notice out as the PDF does to place its 版记; a character the
    # built-in PDF font lacks must not stop the DOCX
    notice = Notice(
        title="关于信息报送情况的通报",
        issuer="办公室",
        date=datetime.date(2018, 5, 10),
        period=PERIOD,
        tallies=[Tally(Unit("𠮷野家"), PERIOD, 2, 1)],
        attachment=AttachmentSpec(title="统计表"),
        cc=["区委办"],
    )
    word = docx.Document(io.BytesIO(tongbao.render(notice, "docx")))
    assert word.tables[0].rows[1].cells[1].text == "𠮷野家"
    assert word.sections[-1].footer.paragraphs[0].text == "\t抄送：区委办。"


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


# --- the DOCX as LibreOffice prints it, measured over the same cases as the PDF -------


@pytest.fixture(scope="module")
def printed(seed: Notice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every measured case's DOCX as LibreOffice prints it (one conversion for all)."""
    folder = tmp_path_factory.mktemp("docx")
    return pagegeom.libreoffice_pdfs(pagegeom.render_all(seed, folder, "docx"), folder)


@pytest.fixture(scope="module")
def printed_pages(printed: dict[str, Path]) -> dict[str, list[pagegeom.Page]]:
    return {name: pagegeom.read_pages(path) for name, path in printed.items()}


def composed(seed: Notice, name: str) -> Document:
    return tongbao.compose(pagegeom.case(seed, name))


@pytest.mark.slow
def test_libreoffice_prints_every_number(
    printed: dict[str, Path], printed_pages: dict[str, list[pagegeom.Page]], seed: Notice
) -> None:
    info = subprocess.run(
        ["pdfinfo", str(printed["seed"])], check=True, capture_output=True, text=True
    ).stdout
    assert "A4" in info
    text = "".join(page.text for page in printed_pages["seed"])
    for row in composed(seed, "seed").attachments[0].table.rows:
        assert "".join(row.cells) in text, row.cells
    assert "578条" in text


@pytest.mark.slow
@pytest.mark.parametrize("name", pagegeom.CASES)
def test_body_lines_on_the_grid(
    name: str, seed: Notice, printed_pages: dict[str, list[pagegeom.Page]]
) -> None:
    pagegeom.assert_body_grid(printed_pages[name], composed(seed, name), 28.95)


@pytest.mark.slow
@pytest.mark.parametrize("name", pagegeom.CASES)
def test_title_lines_and_signature(
    name: str, seed: Notice, printed_pages: dict[str, list[pagegeom.Page]]
) -> None:
    document = composed(seed, name)
    pagegeom.assert_title(printed_pages[name], document)
    pagegeom.assert_signature(printed_pages[name], document)


@pytest.mark.slow
@pytest.mark.parametrize("name", pagegeom.CASES)
def test_page_number_positions(
    name: str, seed: Notice, printed_pages: dict[str, list[pagegeom.Page]]
) -> None:
    pages = printed_pages[name]
    pagegeom.assert_page_numbers(pages, pagegeom.imprint_pages(pages, composed(seed, name)))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["all", "units300"])
def test_imprint_and_red_rule(
    name: str,
    seed: Notice,
    printed: dict[str, Path],
    printed_pages: dict[str, list[pagegeom.Page]],
) -> None:
    document = composed(seed, name)
    pagegeom.assert_imprint(printed[name], printed_pages[name], document)
    pagegeom.assert_red_rule(printed[name], printed_pages[name], document)


@pytest.mark.slow
def test_no_blank_page_after_a_table_at_the_foot(
    seed: Notice, printed_pages: dict[str, list[pagegeom.Page]]
) -> None:
    pages = printed_pages["rows24"]
    assert len(pages) == 3
    rows = pagegeom.table_rows(pages)
    assert len(rows) == 24
    assert {number for number, _ in rows} == {3}


@pytest.mark.slow
@pytest.mark.parametrize("name", pagegeom.CASES)
def test_the_same_pages_as_the_pdf(
    name: str,
    seed: Notice,
    printed_pages: dict[str, list[pagegeom.Page]],
    tmp_path: Path,
) -> None:
    """Page by page, the same first line and the same last line (or table row)."""
    require_truetype()
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(tongbao.render(pagegeom.case(seed, name), "pdf"))
    assert pagegeom.outline(pagegeom.read_pages(path)) == pagegeom.outline(printed_pages[name])


# --- the parts of the file that no page shows --------------------------------------------


def test_font_table_names_the_styles_fonts_with_alternates(seed_docx: bytes) -> None:
    xml = part(seed_docx, "word/fontTable.xml")
    names = re.findall(r'<w:font w:name="([^"]+)">', xml)
    assert names == [
        "仿宋_GB2312",
        "方正小标宋简体",
        "黑体",
        "楷体_GB2312",
        "宋体",
        "Times New Roman",
    ]
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in xml
    assert '<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>' in xml
    assert "Calibri" not in xml
    assert "Cambria" not in xml


def test_chinese_language_and_grid(seed_docx: bytes) -> None:
    styles = part(seed_docx, "word/styles.xml")
    assert 'w:eastAsia="zh-CN"' in styles
    assert 'w:eastAsia="zh-CN"' in part(seed_docx, "word/settings.xml")
    document = part(seed_docx, "word/document.xml")
    # 22 lines of 28.95 pt; charSpace: the 16 pt default less 0.207 pt, in 1/4096 pt
    assert '<w:docGrid w:type="lines" w:linePitch="579" w:charSpace="-848"/>' in document
    assert '<w:spacing w:val="-6"/>' in styles  # body text 0.3 pt closer: 28 a line


def test_the_last_paragraph_keeps_with_the_signature(word: docx.document.Document) -> None:
    paragraphs = [p for p in word.paragraphs if p.style.name != "公文结束"]
    start = max(i for i, p in enumerate(paragraphs) if p.style.name == "公文正文")
    date = next(i for i, p in enumerate(paragraphs) if p.style.name == "公文成文日期")
    chain = paragraphs[start:date]
    assert [p.paragraph_format.keep_with_next for p in chain] == [True] * len(chain)
    assert word.styles["公文正文"].element.pPr.find(qn("w:widowControl")) is not None


def test_several_attachment_notes_align_under_the_first_name(seed: Notice) -> None:
    notice = tongbao.load(EXAMPLE.parent / "scoring-2023-03" / "notice.toml")
    word = docx.Document(io.BytesIO(tongbao.render(notice, "docx")))
    notes = [p for p in word.paragraphs if p.style.name == "公文附件说明" and p.text]
    assert [p.text.split("\t")[0] for p in notes] == ["附件：1.", "2."]
    pitch = 156 / 28 * 72 / 25.4
    for note in notes:
        # every name, and each line it wraps onto, starts 2 + 3 + 1.5 characters in
        assert note.paragraph_format.left_indent.pt == pytest.approx(6.5 * pitch, abs=0.05)
    first, second = (n.paragraph_format.first_line_indent.pt for n in notes)
    assert first == pytest.approx(-4.5 * pitch, abs=0.05)  # "附件：1." at two characters
    assert second == pytest.approx(-1.5 * pitch, abs=0.05)  # "2." under "1."


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


def test_attachment_notes_without_a_label_from_a_hand_built_document() -> None:
    import attrs

    from tongbao.renderers.docx import DocxRenderer
    from tongbao.testing import sample_document

    document = attrs.evolve(sample_document(), attachment_notes=("统计表见附件",))
    word = docx.Document(io.BytesIO(DocxRenderer().render(document, {})))
    assert "统计表见附件" in [p.text for p in word.paragraphs]


@pytest.mark.slow
def test_renders_in_threads_share_no_styles_or_template(seed: Notice) -> None:
    """The template and the styles part are made once per process and shared by every
    render: renders with different fonts and sizes, in threads, each get their own."""
    import hashlib
    from concurrent.futures import ThreadPoolExecutor

    from tongbao.renderers.docx import _styles

    notice = full_notice()
    choices: list[dict[str, Any]] = [
        {},
        {"body_font": "仿宋"},
        {"latin_font": "Arial", "line_pitch": 28},
        {"issuer_mark_size": 30, "title_font": "黑体"},
    ]
    alone = [tongbao.render(notice, "docx", **options) for options in choices]
    assert len({hashlib.sha256(data).digest() for data in alone}) == len(choices)
    assert 'w:eastAsia="仿宋"' in part(alone[1], "word/styles.xml")
    assert 'w:ascii="Arial"' in part(alone[2], "word/styles.xml")
    assert 'w:ascii="Arial"' not in part(alone[0], "word/styles.xml")
    _styles._styles_part.cache_clear()  # made afresh, by several threads at once
    jobs = [i % len(choices) for i in range(16)]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda i: tongbao.render(notice, "docx", **choices[i]), jobs))
    assert together == [alone[i] for i in jobs]


def _charted_document() -> Document:
    """The full sample (a chart in its first attachment) without its 版记: the 版记's page
    is placed by counting pages with the PDF's layout, which is reportlab's."""
    import attrs

    from tongbao.testing import sample_document

    document = attrs.evolve(sample_document(full=True), imprint=None)
    assert document.attachments[0].chart is not None
    return document


@pytest.mark.slow
def test_a_docx_chart_is_drawn_and_checked_without_reportlab() -> None:
    """The chart's font is its own choice, its characters read from the font's own map."""
    require_truetype()
    script = """
import io, sys, zipfile
import attrs
import tongbao
from tongbao.testing import sample_document

document = attrs.evolve(sample_document(full=True), imprint=None)
assert tongbao.check_renderable(document, "docx") == []
data = tongbao.render(document, "docx")
names = zipfile.ZipFile(io.BytesIO(data)).namelist()
print(sum(n.startswith("word/media/") and n.endswith(".png") for n in names))
print(sorted(m for m in sys.modules if m.split(".")[0] == "reportlab"))
"""
    import sys

    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    pictures, reportlab = result.stdout.splitlines()
    assert int(pictures) >= 1  # the chart was drawn
    assert reportlab == "[]"


def test_chart_characters_its_font_lacks_are_problems_with_their_place() -> None:
    import attrs

    from tongbao.errors import MissingGlyphError
    from tongbao.renderers._chartpng import FONT_FILES
    from tongbao.renderers._fonts import covered_characters, find_font

    require_truetype()
    font = find_font(FONT_FILES)
    assert font is not None
    covered = covered_characters(font)
    assert ord("中") in covered
    assert 0x10FFFD not in covered  # a private-use character no Chinese font maps
    document = _charted_document()
    attachment = document.attachments[0]
    assert attachment.chart is not None
    lacking = attrs.evolve(attachment.chart, title="采纳率\U0010fffd")
    document = attrs.evolve(document, attachments=(attrs.evolve(attachment, chart=lacking),))
    problems = tongbao.check_renderable(document, "docx", chart_font_file=str(font))
    assert [(p.location.place, p.message) for p in problems] == [
        (
            "attachment 1, chart title",
            f"the chart font, {font.name}, cannot print {chr(0x10FFFD)!r} (U+10FFFD)",
        )
    ]
    with pytest.raises(MissingGlyphError):
        tongbao.render(document, "docx", chart_font_file=str(font))
