"""The PDF renderer, read back with pypdf: text, fonts, pages, metadata, failures."""

from __future__ import annotations

import datetime
import io
import itertools
import logging
import pickle
import re
import shutil
import subprocess
from pathlib import Path

import attrs
import pypdf
import pytest

import tongbao
from tongbao import AttachmentSpec, Notice, Period, Tally, Unit
from tongbao.errors import FontError, Location, MissingGlyphError
from tongbao.renderers._fonts import choose_fonts

from . import pagegeom
from .conftest import EXAMPLE
from .tools import require_tool, require_truetype

PERIOD = Period.parse("2018-03/2018-04")
CID = {"find_fonts": False}


@pytest.fixture(scope="module")
def seed() -> Notice:
    return tongbao.load(EXAMPLE / "notice.toml")


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def fonts_of(data: bytes) -> dict[str, bool]:
    """Base font names, and whether each is embedded."""
    found = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            descendant = font.get("/DescendantFonts")
            described = descendant[0].get_object() if descendant else font
            descriptor = described.get("/FontDescriptor")
            embedded = bool(
                descriptor
                and any(
                    k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
            )
            found[str(font["/BaseFont"])] = embedded
    return found


@pytest.fixture
def truetype() -> None:
    """A CJK TrueType font is found here (skipped, or failed under --require-tools)."""
    require_truetype()


needs_truetype = pytest.mark.usefixtures("truetype")


@pytest.mark.parametrize("options", [{}, CID], ids=["truetype", "cid"])
def test_every_name_and_number_is_in_the_text(seed: Notice, options: dict[str, object]) -> None:
    if not options:
        require_truetype()
    data = tongbao.render(seed, "pdf", **options)
    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            (595.28, 841.89), abs=0.1
        )
    # Page numbers come between the halves of a paragraph that continues on the next page.
    text = re.sub(r"—\d+—", "", "".join("".join(t.split()) for t in pages_text(data)))
    document = tongbao.compose(seed)
    for row in document.attachments[0].table.rows:
        assert "".join(row.cells) in text, row.cells
    for paragraph in document.paragraphs:
        assert "".join(paragraph.text.split()) in text
    assert "西宁市城中区人民政府办公室2018年5月10日" in text


def test_page_numbers(seed: Notice) -> None:
    texts = pages_text(tongbao.render(seed, "pdf", **CID))
    for number, text in enumerate(texts, start=1):
        assert f"—{number}—" in "".join(text.split())
    none = pages_text(tongbao.render(seed, "pdf", page_numbers="no", **CID))
    assert all("—1—" not in "".join(t.split()) for t in none)


def test_metadata_from_the_notice_and_deterministic_bytes(seed: Notice) -> None:
    data = tongbao.render(seed, "pdf", **CID)
    info = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert info is not None
    assert info.title == seed.title
    assert info.author == "西宁市城中区人民政府办公室"
    assert info["/CreationDate"].startswith("D:20180510000000")
    assert tongbao.render(seed, "pdf", **CID) == data


def test_source_date_epoch(seed: Notice, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    info = pypdf.PdfReader(io.BytesIO(tongbao.render(seed, "pdf", **CID))).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20200913122640")


@needs_truetype
def test_found_truetype_fonts_are_embedded_as_subsets(seed: Notice) -> None:
    fonts = fonts_of(tongbao.render(seed, "pdf"))
    cjk = {name: embedded for name, embedded in fonts.items() if name != "/Helvetica"}
    assert cjk
    assert all(cjk.values()), fonts
    assert all(name[7] == "+" for name in cjk)  # subset tag: ABCDEF+Name


def test_cid_fallback_is_not_embedded(seed: Notice) -> None:
    fonts = fonts_of(tongbao.render(seed, "pdf", **CID))
    assert fonts.get("/STSong-Light") is False


def notice_with(names: list[str], **fields: object) -> Notice:
    values: dict[str, object] = {
        "title": "关于信息报送情况的通报",
        "issuer": "区政府办公室",
        "date": datetime.date(2018, 5, 10),
        "period": PERIOD,
        "tallies": [Tally(Unit(name), PERIOD, 3, 1) for name in names],
        "attachment": AttachmentSpec(title="统计表"),
    }
    values.update(fields)
    return Notice(**values)  # type: ignore[arg-type]


def test_the_cid_font_refuses_characters_outside_the_bmp() -> None:
    with pytest.raises(MissingGlyphError) as info:
        tongbao.render(notice_with(["𠮷野家"]), "pdf", **CID)
    (problem,) = info.value.problems
    assert problem.location == Location(None, "attachment 1, row 1, column 单位")
    assert "'𠮷' (U+20BB7)" in problem.message
    assert "STSong-Light" in problem.message
    assert "body_font_file" in info.value.hint


def test_a_missing_glyph_is_a_located_public_input_error() -> None:
    notice = notice_with(
        ["𠮷野家", "乙"],
        title="关于𠮷的通报",
        body=["正文", "第二段有𠮷字"],
        issuer="𠮷办",
    )
    with pytest.raises(tongbao.InputError) as info:
        tongbao.render(notice, "pdf", **CID)
    error = info.value
    assert isinstance(error, MissingGlyphError)
    assert isinstance(error, FontError)  # what callers caught before
    assert "MissingGlyphError" in tongbao.errors.__all__
    places = [p.location.place for p in error.problems]
    assert places == ["title", "paragraph 2", "signature", "attachment 1, row 1, column 单位"]
    assert all("U+20BB7" in p.message and "/" not in p.message for p in error.problems)
    # the same problems before rendering, without raising
    assert tongbao.check_renderable(notice, "pdf", **CID) == list(error.problems)
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.problems, again.hint) == (
        MissingGlyphError,
        error.problems,
        error.hint,
    )


@needs_truetype
def test_the_hint_names_the_font_files_the_problems_do_not() -> None:
    with pytest.raises(MissingGlyphError) as info:
        tongbao.render(notice_with(["笑😀"]), "pdf")
    body = choose_fonts({})["body"].path
    assert body is not None
    assert str(body) in info.value.hint
    assert str(body.parent) not in str(info.value)


def test_check_renderable_passes_what_renders(seed: Notice) -> None:
    assert tongbao.check_renderable(seed, "pdf", **CID) == []
    assert tongbao.check_renderable(notice_with(["𠮷"]), "text") == []
    with pytest.raises(tongbao.OptionError, match="html"):
        tongbao.check_renderable(seed, "html")


@needs_truetype
def test_a_truetype_font_refuses_what_it_lacks() -> None:
    with pytest.raises(FontError, match=r"U\+1F600"):
        tongbao.render(notice_with(["笑😀"]), "pdf")


def test_opentype_cff_fonts_are_refused_clearly(tmp_path: Path) -> None:
    font = tmp_path / "NotoSansCJKsc-Regular.otf"
    font.write_bytes(b"OTTO" + b"\0" * 100)
    with pytest.raises(FontError, match=r"PostScript \(CFF\) outlines.*TrueType"):
        tongbao.render(notice_with(["甲"]), "pdf", body_font_file=str(font))
    with pytest.raises(FontError, match="does not exist"):
        tongbao.render(notice_with(["甲"]), "pdf", body_font_file=str(tmp_path / "none.ttf"))


def test_hostile_text_prints_literally() -> None:
    names = ["A&B", "<x>", "]]>", "<b>粗</b>", "{period}", '<para fontSize="40">', "\u200f区"]
    data = tongbao.render(notice_with(names, title="A&B <x>"), "pdf", **CID)
    text = "".join(pages_text(data))
    for name in ["A&B", "<x>", "]]>", "<b>粗</b>", "{period}", '<para fontSize="40">', "区"]:
        assert name in text


def test_long_tables_repeat_the_header_and_never_split_rows() -> None:
    names = [f"第{i}单位" for i in range(120)]
    data = tongbao.render(notice_with(names), "pdf", **CID)
    texts = pages_text(data)
    attachment_pages = [t for t in texts if "单位" in t and "报送数" in t]
    assert len(attachment_pages) >= 3
    for page in attachment_pages:
        assert "序号单位报送数采纳数采纳率" in "".join(page.split())
    joined = "".join("".join(t.split()) for t in attachment_pages)
    for number, name in enumerate(names, start=1):
        assert f"{number}{name}31" in joined  # each row whole, on one page


def test_optional_parts() -> None:
    notice = notice_with(
        ["甲"],
        header="西宁市城中区人民政府办公室文件",
        doc_number="城中政办〔2018〕12号",
        note="此件主动公开",
        cc=["区委办"],
        printed_by="区政府办公室",
        printed_date=datetime.date(2018, 5, 11),
        sealed=True,
    )
    pages = ["".join(t.split()) for t in pages_text(tongbao.render(notice, "pdf", **CID))]
    text = "".join(pages)
    for part in [
        "西宁市城中区人民政府办公室文件",
        "城中政办〔2018〕12号",
        "（此件主动公开）",
        "抄送：区委办。",
        "2018年5月11日印发",
    ]:
        assert part in text
    assert "印发" in pages[-1]
    assert len(pages) % 2 == 0  # the 版记's page is even (§7.4)
    assert not re.search(r"—\d+—", pages[-1])  # the 版记's page has no number (§7.5)
    content = [page for page in pages[:-1] if page]
    assert all(re.search(rf"—{n}—", page) for n, page in enumerate(content, start=1))


@pytest.mark.parametrize(
    ("mark", "size"),
    [("区政府文件", 36.0), ("西宁市城中区人民政府办公室文件", 28.9)],  # 442.2 pt / 15 × 0.98
)
def test_the_issuer_mark_fits_one_line(mark: str, size: float) -> None:
    from tongbao.renderers._layout import fitting_size

    assert fitting_size(mark, 36) == size


def test_options_from_the_notice_file(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "counts.csv", tmp_path / "counts.csv")
    text = (EXAMPLE / "notice.toml").read_text(encoding="utf-8")
    (tmp_path / "notice.toml").write_text(
        text + '\n[options.pdf]\nbody_font_file = "fonts/none.ttf"\n', encoding="utf-8"
    )
    notice = tongbao.load(tmp_path / "notice.toml")
    assert notice.options["pdf"]["body_font_file"] == str(tmp_path / "fonts" / "none.ttf")
    with pytest.raises(FontError, match=r"fonts/none\.ttf"):
        tongbao.render(notice, "pdf")


@pytest.mark.parametrize("options", [{}, CID], ids=["truetype", "cid"])
def test_qpdf_check_passes(seed: Notice, options: dict[str, object], tmp_path: Path) -> None:
    require_tool("qpdf", package="qpdf")
    if not options:
        require_truetype()
    path = tmp_path / "seed.pdf"
    path.write_bytes(tongbao.render(seed, "pdf", **options))
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_font_discovery_prefers_the_role_fonts(tmp_path: Path) -> None:
    files = {}
    for name in ("simfang.ttf", "simhei.ttf", "wqy-zenhei.ttc", "NotoSerifCJK.otf"):
        path = tmp_path / name
        path.write_bytes((b"OTTO" if name.endswith(".otf") else b"\x00\x01\x00\x00") + b"\0" * 8)
        files[name.lower()] = path
    chosen = choose_fonts({}, files)
    assert chosen["body"].path == files["simfang.ttf"]
    assert chosen["heading"].path == files["simhei.ttf"]
    assert chosen["title"].path == files["wqy-zenhei.ttc"]  # no 小标宋 or 宋体: any CJK font
    assert choose_fonts({}, {})["body"].path is None  # nothing: STSong-Light
    assert all(c.chosen_by == "found" for c in chosen.values())


def test_format_character_list_is_unicode_category_cf() -> None:
    import unicodedata

    from tongbao.renderers._fonts import FORMAT_CHARACTERS

    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        listed = bool(FORMAT_CHARACTERS.fullmatch(char))
        # Every format character is listed; the list may also hold characters that a
        # newer Unicode made format characters and this Python still sees unassigned.
        assert listed == (category == "Cf") or (listed and category == "Cn"), hex(code)


# --- pages measured (poppler), over several body lengths, all parts, 300 units ---------


@pytest.fixture(scope="module")
def measured(seed: Notice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each measured case as a PDF with the TrueType fonts found here."""
    require_truetype()
    return pagegeom.render_all(seed, tmp_path_factory.mktemp("pdf"), "pdf")


@pytest.fixture(scope="module")
def measured_pages(measured: dict[str, Path]) -> dict[str, list[pagegeom.Page]]:
    return {name: pagegeom.read_pages(path) for name, path in measured.items()}


def composed(seed: Notice, name: str) -> tongbao.document.Document:
    return tongbao.compose(pagegeom.case(seed, name))


@pytest.mark.parametrize("name", pagegeom.CASES)
def test_body_lines_on_the_grid(
    name: str, seed: Notice, measured_pages: dict[str, list[pagegeom.Page]]
) -> None:
    pagegeom.assert_body_grid(measured_pages[name], composed(seed, name), 28.95)


@pytest.mark.parametrize("name", pagegeom.CASES)
def test_title_lines_and_signature(
    name: str, seed: Notice, measured_pages: dict[str, list[pagegeom.Page]]
) -> None:
    document = composed(seed, name)
    pagegeom.assert_title(measured_pages[name], document)
    pagegeom.assert_signature(measured_pages[name], document)


@pytest.mark.parametrize("name", pagegeom.CASES)
def test_page_number_positions(
    name: str, seed: Notice, measured_pages: dict[str, list[pagegeom.Page]]
) -> None:
    pages = measured_pages[name]
    pagegeom.assert_page_numbers(pages, pagegeom.imprint_pages(pages, composed(seed, name)))


@pytest.mark.parametrize("name", ["all", "units300"])
def test_imprint_and_red_rule(
    name: str,
    seed: Notice,
    measured: dict[str, Path],
    measured_pages: dict[str, list[pagegeom.Page]],
) -> None:
    document = composed(seed, name)
    pagegeom.assert_imprint(measured[name], measured_pages[name], document)
    pagegeom.assert_red_rule(measured[name], measured_pages[name], document)


@pytest.mark.parametrize("name", ["seed", "units300"])
def test_table_rows_have_the_shared_height(
    name: str, measured_pages: dict[str, list[pagegeom.Page]]
) -> None:
    from tongbao.renderers._layout import row_height

    rows = pagegeom.table_rows(measured_pages[name])
    lines = 1 if name == "seed" else 2  # the made-up names wrap once
    steps = {round(b.y0 - a.y0, 2) for (pa, a), (pb, b) in itertools.pairwise(rows) if pa == pb}
    assert steps == {round(row_height(lines, 14), 2)}


def test_the_blank_page_before_an_even_imprint_page(seed: Notice, tmp_path: Path) -> None:
    require_truetype()
    # the seed with all parts ends its content on page 4: page 5 blank, 6 the 版记
    path = tmp_path / "all.pdf"
    path.write_bytes(tongbao.render(pagegeom.all_parts(seed), "pdf"))
    pages = pagegeom.read_pages(path)
    assert [bool(p.lines) for p in pages] == [True, True, True, True, False, True]
    assert [p.page_number is not None for p in pages] == [True] * 4 + [False] * 2


@pytest.mark.parametrize("extra", [0, 8, 10, 12, 14, 16, 18, 20, 22])
def test_the_signature_never_leaves_the_body(seed: Notice, extra: int) -> None:
    texts = pages_text(tongbao.render(pagegeom.longer(seed, extra), "pdf", **CID))
    document = tongbao.compose(pagegeom.longer(seed, extra))
    page = next(t for t in texts if document.signature in t)
    body = "".join("".join(p.text.split()) for p in document.paragraphs)
    lines = [line for line in page.splitlines() if "".join(line.split()) in body and line.strip()]
    assert len(lines) >= 2, page


def test_zero_setup_font_is_reported(seed: Notice, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="tongbao"):
        tongbao.render(seed, "pdf", **CID)
    (record,) = caplog.records
    assert "STSong-Light" in record.getMessage()
    assert "not embedded" in record.getMessage()
    assert "fonts-wqy-zenhei" in record.getMessage()
    assert "body_font_file" in record.getMessage()


@needs_truetype
def test_no_report_with_truetype_fonts(seed: Notice, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="tongbao"):
        tongbao.render(seed, "pdf")
    assert not caplog.records


def test_a_notice_gives_its_title_lines(seed: Notice) -> None:
    lines = ["关于2018年3-4月份政府", "门户网站信息报送情况的通报"]
    first = pages_text(tongbao.render(attrs.evolve(seed, title=lines), "pdf", **CID))[0]
    assert ["".join(line.split()) for line in first.splitlines()[:2]] == lines


def test_the_cli_says_which_font_it_fell_back_to(tmp_path: Path) -> None:
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tongbao",
            "render",
            str(EXAMPLE / "notice.toml"),
            "-o",
            str(tmp_path / "cid.pdf"),
            "--option",
            "find_fonts=no",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "STSong-Light" in result.stderr
    assert "not embedded" in result.stderr
    assert (tmp_path / "cid.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("option", "value"), [("line_pitch", "inf"), ("table_font_size", "0")])
def test_layout_sizes_a_page_cannot_hold_are_refused(seed: Notice, option: str, value: str) -> None:
    with pytest.raises(tongbao.OptionError, match=f"pdf option {option} is"):
        tongbao.render(seed, "pdf", **{option: value})
