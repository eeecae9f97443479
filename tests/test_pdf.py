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
from tongbao.renderers._layout import title_breaks

from . import pagegeom
from .conftest import EXAMPLE
from .factories import full_notice
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


@pytest.mark.slow
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


def test_the_cli_shows_each_place_and_the_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tongbao.cli import main

    shutil.copy(EXAMPLE / "counts.csv", tmp_path / "counts.csv")
    text = (EXAMPLE / "notice.toml").read_text(encoding="utf-8")
    title = re.search(r'^title = "(.*)"$', text, re.MULTILINE)
    assert title is not None
    text = text.replace(title.group(0), 'title = "关于𠮷的通报"', 1)
    (tmp_path / "notice.toml").write_text(text, encoding="utf-8")
    argv = ["render", str(tmp_path / "notice.toml"), "-o", str(tmp_path / "n.pdf")]
    assert main([*argv, "--option", "find_fonts=no"]) == 2
    err = capsys.readouterr().err
    assert (
        "error: title: the title font, STSong-Light (built in), cannot print '𠮷' (U+20BB7)" in err
    )
    assert "hint: name a TrueType font" in err
    assert "--option title_font_file=PATH" in err
    assert not (tmp_path / "n.pdf").exists()


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
    notice = full_notice()
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


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize("name", pagegeom.CASES)
def test_body_lines_on_the_grid(
    name: str, seed: Notice, measured_pages: dict[str, list[pagegeom.Page]]
) -> None:
    pagegeom.assert_body_grid(measured_pages[name], composed(seed, name), 28.95)


@pytest.mark.slow
@pytest.mark.parametrize("name", pagegeom.CASES)
def test_title_lines_and_signature(
    name: str, seed: Notice, measured_pages: dict[str, list[pagegeom.Page]]
) -> None:
    document = composed(seed, name)
    pagegeom.assert_title(measured_pages[name], document)
    pagegeom.assert_signature(measured_pages[name], document)


@pytest.mark.slow
@pytest.mark.parametrize("name", pagegeom.CASES)
def test_page_number_positions(
    name: str, seed: Notice, measured_pages: dict[str, list[pagegeom.Page]]
) -> None:
    pages = measured_pages[name]
    pagegeom.assert_page_numbers(pages, pagegeom.imprint_pages(pages, composed(seed, name)))


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- the layout's numbers, read from what the PDF draws ---------------------------------
# Each number below is the standard's (GB/T 9704-2012) or the stated practice, written
# out here rather than read from the renderer: changing any layout constant of the PDF
# renderer changes one of them (benchmarks/mutate_layout.py checks that it does).

H = 297 * pagegeom.MM  # A4's height
W = 156 * pagegeom.MM  # the type area's width
BODY = 16.0  # 三号
PITCH_LINE = 28.95  # the body's line pitch (22 lines in 225 mm, as practised)
RISE = 0.12  # the baseline sits 0.12 em above a line box's centred em square


def baseline(top: float, pitch: float, size: float) -> float:
    """The baseline of a line whose box of height ``pitch`` starts at ``top``: the em
    square centred in the box, the baseline 0.12 em above the square's foot."""
    return top + pitch - (pitch - size) / 2 - RISE * size


@pytest.fixture(scope="module")
def headed(seed: Notice) -> list[pagegeom.Drawn]:
    notice = attrs.evolve(
        seed,
        header="区政府文件",
        doc_number="城中政办〔2018〕12号",
        cc=["区委办"],
        printed_by="区政府办公室",
        printed_date=datetime.date(2018, 5, 11),
    )
    return pagegeom.drawn(tongbao.render(notice, "pdf", **CID))


def test_the_front_page_is_where_the_standard_puts_it(
    seed: Notice, headed: list[pagegeom.Drawn]
) -> None:
    page = headed[0]
    top, left = pagegeom.TOP, pagegeom.LEFT
    mark = page.text("区政府文件")
    # §7.2.2: the mark 35 mm under the type area's top; 36 pt, one line of 1.2 em
    assert mark.size == 36.0
    assert mark.y == pytest.approx(baseline(top + 35 * pagegeom.MM, 1.2 * 36, 36), abs=0.01)
    # the 发文字号 two blank lines under it, the red rule 4 mm under its descenders
    number = page.text("城中政办")
    box = top + 35 * pagegeom.MM + 1.2 * 36 + 2 * PITCH_LINE
    assert number.size == BODY
    assert number.y == pytest.approx(baseline(box, PITCH_LINE, BODY), abs=0.01)
    (rule,) = [s for s in page.segments if s.color == (1.0, 0.0, 0.0)]
    assert rule.y0 == rule.y1 == pytest.approx(number.y + 0.17 * BODY + 4 * pagegeom.MM, abs=0.01)
    assert (rule.x0, rule.x1) == (pytest.approx(left), pytest.approx(left + W))
    assert rule.width == 1.5
    # the title two blank lines under the rule, 二号 on a 35 pt pitch (§7.3.1)
    document = tongbao.compose(seed)
    lines = [page.text(line[:4]) for line in title_breaks(document.title)]
    first = baseline(rule.y0 + 2 * PITCH_LINE, 35.0, 22.0)
    for number_, line in enumerate(lines):
        assert line.size == 22.0
        assert line.y == pytest.approx(first + 35.0 * number_, abs=0.01)
    # the 主送机关 one blank line under the title, flush left
    addressees = page.text(document.addressees[:6])
    box = rule.y0 + 2 * PITCH_LINE + 35.0 * len(lines) + PITCH_LINE
    assert (addressees.x, addressees.size) == (pytest.approx(left), BODY)
    assert addressees.y == pytest.approx(baseline(box, PITCH_LINE, BODY), abs=0.01)
    # the body's first line indented two characters of the 28-character grid
    body = page.text(document.paragraphs[0].text[:6])
    assert body.x == pytest.approx(left + 2 * W / 28, abs=0.01)
    assert body.y == pytest.approx(addressees.y + PITCH_LINE, abs=0.01)


def test_page_numbers_and_the_imprint_to_the_point(headed: list[pagegeom.Drawn]) -> None:
    bottom, left = pagegeom.BOTTOM, pagegeom.LEFT
    for number, page in enumerate(headed[:-1], start=1):
        found = [t for t in page.texts if t.text.strip() == f"— {number} —"]
        if not found:
            continue  # the blank page before the 版记
        (text,) = found
        # §7.5: 四号, the digits' top 7 mm under the type area (an em's ascent: 0.88)
        assert text.size == 14.0
        assert text.y == pytest.approx(bottom + 7 * pagegeom.MM + 0.88 * 14, abs=0.01)
        if number % 2 == 0:
            assert text.x == pytest.approx(left + 14, abs=0.01)  # one character in
    imprint = headed[-1]
    assert not [t for t in imprint.texts if "—" in t.text]
    rules = sorted(imprint.segments, key=lambda s: s.y0)
    # §7.4: the last rule on the type area's foot, lines of 四号 between rules 2 em apart,
    # the outer rules 0.35 mm, the inner 0.25 mm
    assert [r.y0 for r in rules] == pytest.approx([bottom - 56, bottom - 28, bottom], abs=0.01)
    mm = pagegeom.MM
    assert [r.width for r in rules] == pytest.approx([0.35 * mm, 0.25 * mm, 0.35 * mm])
    cc = imprint.text("抄送")
    assert (cc.x, cc.size) == (pytest.approx(left + 14), 14.0)
    assert cc.y == pytest.approx(baseline(bottom - 56, 28, 14), abs=0.01)


@pytest.fixture(scope="module")
def charted() -> tuple[tongbao.document.Document, list[pagegeom.Drawn]]:
    notice = notice_with(
        [f"第{i}单位" for i in range(12)],
        attachment=AttachmentSpec(title="统计表", chart=True, order="rate"),
        excluded=[tongbao.Excluded("第十三单位", "不参加考核")],
    )
    notice = attrs.evolve(
        notice,
        tallies=[
            attrs.evolve(t, submitted=i % 5, adopted=i % 5 // 2)
            for i, t in enumerate(notice.tallies)
        ],
    )
    return tongbao.compose(notice), pagegeom.drawn(tongbao.render(notice, "pdf", **CID))


def test_the_attachment_table_to_the_point(
    charted: tuple[tongbao.document.Document, list[pagegeom.Drawn]],
) -> None:
    document, pages = charted
    attachment = document.attachments[0]
    page = next(p for p in pages if any(t.text.strip() == attachment.label for t in p.texts))
    top, left = pagegeom.TOP, pagegeom.LEFT
    # the label on line 1 (黑体), the title on line 3
    label = page.text(attachment.label)
    assert label.y == pytest.approx(baseline(top, PITCH_LINE, BODY), abs=0.01)
    title = page.text(attachment.title)
    assert title.y == pytest.approx(baseline(top + 2 * PITCH_LINE, 35, 22), abs=0.01)
    # the columns: 名次 9, 单位 46, 报送数, 采纳数, 采纳率 15 parts each of the width
    edges = [left + W * share for share in (0, 0.09, 0.55, 0.70, 0.85, 1.0)]
    table = top + 2 * PITCH_LINE + 35
    row = 14 * 1.3 + 2 * 1.5
    rows = len(attachment.table.rows)
    foot = table + row * (rows + 1)  # the header row and the rows
    grid = [s for s in page.segments if table - 0.01 <= min(s.y0, s.y1) <= foot + 0.01]
    grid = [s for s in grid if max(s.y0, s.y1) <= foot + 0.01]
    upright = sorted({round(s.x0, 3) for s in grid if s.x0 == s.x1})
    assert upright == pytest.approx(edges, abs=0.01)
    # rows of 四号 on a 1.3 em pitch with 1.5 pt above and below; rules 0.5 pt
    across = sorted({round(s.y0, 3) for s in grid if s.y0 == s.y1})
    assert across == pytest.approx([table + row * (n + 2) for n in range(rows)], abs=0.01)
    header = [b for b in page.boxes if not b.filled]
    assert {(round(b.y, 3), round(b.height, 3)) for b in header} == {
        (round(table, 3), round(row, 3))
    }
    assert {s.width for s in grid} == {0.5}
    # cell text: 4.25 pt (85 twips) from the rule, centred in its row
    name = page.text(attachment.table.rows[0].cells[1])
    assert name.size == 14.0
    assert name.x == pytest.approx(edges[1] + 85 / 20, abs=0.01)
    assert name.y == pytest.approx(baseline(table + row + 1.5, 14 * 1.3, 14), abs=0.01)
    # the note under the table, 四号 on a 1.6 em pitch
    note = page.text(attachment.notes[0][:4])
    assert note.y == pytest.approx(baseline(foot, 14 * 1.6, 14), abs=0.01)


def test_the_chart_to_the_point(
    charted: tuple[tongbao.document.Document, list[pagegeom.Drawn]],
) -> None:
    document, pages = charted
    chart = document.attachments[0].chart
    assert chart is not None
    page = next(p for p in pages if any(b.filled for b in p.boxes))
    bars = sorted((b for b in page.boxes if b.filled), key=lambda b: b.y)
    assert len(bars) == len(chart.bars)
    # bars 16 pt apart, 10 pt thick, grey, from 36% of the width, scaled to the width
    # less the labels' 36% and 40 pt for the value
    start = pagegeom.LEFT + 0.36 * W
    scale = W - 0.36 * W - 40
    for number, (box, bar) in enumerate(zip(bars, chart.bars, strict=True)):
        assert box.y == pytest.approx(bars[0].y + 16 * number, abs=0.01)
        assert box.height == pytest.approx(10.0)
        assert box.x == pytest.approx(start, abs=0.01)
        assert box.width == pytest.approx(bar.share * scale, abs=0.01)
        assert box.color == (0.55, 0.55, 0.55)
    # the title 四号 (14 pt), its baseline 10 pt above the first bar's row (30 pt of title
    # room, the baseline 20 pt into it); labels 五号 (10.5 pt), values 9 pt
    title = page.text(chart.title)
    assert title.size == 14.0
    assert title.y == pytest.approx(bars[0].y - 3 - 10, abs=0.01)
    # the value 3 pt after its bar, 9 pt; the label 五号 (10.5 pt) before it, both 4 to 5 pt
    # above the row's foot
    foot = bars[0].y + 10 + 3
    (value,) = [t for t in page.texts if t.x > start and abs(t.y - (foot - 5)) < 0.01]
    assert (value.text.strip(), value.size) == (chart.bars[0].text, 9.0)
    assert value.x == pytest.approx(start + chart.bars[0].share * scale + 3, abs=0.01)
    (label,) = [t for t in page.texts if t.x < start and abs(t.y - (foot - 4)) < 0.01]
    assert (label.text.strip(), label.size) == (chart.bars[0].label, 10.5)
    (line,) = [s for s in page.segments if s.dashed]
    assert chart.reference is not None
    assert line.x0 == pytest.approx(start + chart.reference.share * scale, abs=0.01)


def test_upper_case_suffix_writes_a_pdf(tmp_path: Path) -> None:
    from tongbao.cli import main

    shutil.copy(EXAMPLE / "counts.csv", tmp_path / "counts.csv")
    shutil.copy(EXAMPLE / "notice.toml", tmp_path / "notice.toml")
    out = tmp_path / "NOTICE.PDF"
    assert (
        main(["render", str(tmp_path / "notice.toml"), "-o", str(out), "--option", "find_fonts=no"])
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_chain_of_links_writes_the_final_file(tmp_path: Path) -> None:
    from tongbao.cli import main

    shutil.copy(EXAMPLE / "counts.csv", tmp_path / "counts.csv")
    shutil.copy(EXAMPLE / "notice.toml", tmp_path / "notice.toml")
    final = tmp_path / "out" / "notice.pdf"
    final.parent.mkdir()
    final.write_bytes(b"old")
    (tmp_path / "second.pdf").symlink_to(final)
    (tmp_path / "first.pdf").symlink_to(tmp_path / "second.pdf")
    argv = ["render", str(tmp_path / "notice.toml"), "-o", str(tmp_path / "first.pdf")]
    assert main([*argv, "--option", "find_fonts=no"]) == 0
    assert (tmp_path / "first.pdf").is_symlink()
    assert (tmp_path / "second.pdf").is_symlink()
    assert final.read_bytes().startswith(b"%PDF-")


def test_the_seed_table_columns_to_the_point(headed: list[pagegeom.Drawn]) -> None:
    # 序号 9, 单位 46, 报送数, 采纳数, 采纳率 15 parts each of the type area's width
    page = next(p for p in headed if any(t.text.strip() == "附件" for t in p.texts))
    edges = [pagegeom.LEFT + W * share for share in (0, 0.09, 0.55, 0.70, 0.85, 1.0)]
    upright = sorted({round(s.x0, 3) for s in page.segments if s.x0 == s.x1})
    assert upright == pytest.approx(edges, abs=0.01)


def test_a_group_column_takes_its_share() -> None:
    from tongbao._notice import ColumnSpec

    # 序号 9, 单位 46, 类别 14, 报送数 15 parts of the type area's width
    figures = ("no", "unit", "group", "submitted")
    spec = AttachmentSpec(title="统计表", columns=[ColumnSpec(f) for f in figures])
    notice = notice_with(["甲"], attachment=spec)
    notice = attrs.evolve(
        notice,
        tallies=[attrs.evolve(t, unit=Unit(t.unit.name, group="街道")) for t in notice.tallies],
    )
    page = pagegeom.drawn(tongbao.render(notice, "pdf", **CID))[-1]
    shares = [0, 9, 9 + 46, 9 + 46 + 14, 84]
    edges = [pagegeom.LEFT + W * share / 84 for share in shares]
    upright = sorted({round(s.x0, 3) for s in page.segments if s.x0 == s.x1})
    assert upright == pytest.approx(edges, abs=0.01)


def test_a_chart_splits_between_bars_keeping_its_foot_room(
    charted: tuple[tongbao.document.Document, list[pagegeom.Drawn]],
) -> None:
    """30 pt for the title, bars 16 pt apart, 12 pt under them for the reference label."""
    from tongbao.renderers.pdf._chart import BarChart
    from tongbao.renderers.pdf._font import PdfFont

    document, _ = charted
    chart = document.attachments[0].chart
    assert chart is not None
    font = PdfFont(choose_fonts({}, {})["body"])  # STSong-Light: no font file needed
    whole = BarChart(chart, font, font)
    assert whole.wrap(400, 0) == (400, 30 + 16 * len(chart.bars) + 12)
    for room, fit in ((30 + 16 * 5 + 12, 5), (30 + 16 * 5 + 11.9, 4), (30 + 16 + 11.9, 0)):
        parts = whole.split(400, room)
        if fit == 0:
            assert parts == []
            continue
        first, rest = parts
        assert isinstance(first, BarChart)
        assert isinstance(rest, BarChart)
        assert (first.start, first.end, rest.start, rest.end) == (0, fit, fit, len(chart.bars))
        assert first.wrap(400, 0)[1] <= room
