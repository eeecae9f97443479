"""Import: a published notice back to a notice that renders the same document."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import attrs
import pytest

import tongbao
from tongbao.errors import InputError

from .conftest import DATA, EXAMPLE, ROOT
from .factories import full_notice
from .tools import require_truetype

# The project's shared folder sits beside the repository (here and in CI).
SHARED_SEED = ROOT.parent / "shared" / "seed" / "000_7487249992ff25df.txt"


def _example() -> tongbao.Notice:
    return tongbao.load(EXAMPLE / "notice.toml")


def _ranked() -> tongbao.Notice:
    """The example ranked by rate, rates to one decimal, a 合计 row and a 附注."""
    notice = _example()
    assert notice.attachment is not None
    spec = attrs.evolve(notice.attachment, order="rate", total=True, rate_places=1)
    return attrs.evolve(notice, attachment=spec, note="此件主动公开")


def _dense() -> tongbao.Notice:
    """Ranked by items adopted with dense ties, some units left out of the count."""
    notice = _example()
    assert notice.attachment is not None
    spec = attrs.evolve(notice.attachment, order="adopted", ties="dense", list_zero_units=True)
    return attrs.evolve(
        notice, attachment=spec, excluded=[tongbao.Excluded("区档案局", "有独立网站")]
    )


def _red_header() -> tongbao.Notice:
    """Every optional part: red header, document number, 附注, 版记 (抄送, 印发) …

    … but the seal: import does not read a signature's layout back (``sealed``).
    """
    return full_notice(sealed=False)


def _grouped() -> tongbao.Notice:
    """Ranked within groups (镇街, 部门), each with a 小计 row, and a 合计 row."""
    notice = _example()
    assert notice.attachment is not None
    spec = attrs.evolve(notice.attachment, grouped=True, total=True, order="rate")
    return attrs.evolve(notice, attachment=spec)


NOTICES = {
    "example": _example,
    "ranked": _ranked,
    "dense": _dense,
    "red-header": _red_header,
    "grouped": _grouped,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(NOTICES))
@pytest.mark.parametrize("fmt", ["text", "docx", "pdf", "html"])
def test_round_trip_from_every_output_format(fmt: str, name: str, tmp_path: Path) -> None:
    """Render, read back, import: the imported notice composes to the same document.

    The PDF is in a CJK TrueType font where the machine has one, else in the built-in
    STSong-Light (read through PDFium's own Adobe-GB1 maps): the test below has both.
    """
    notice = NOTICES[name]()
    published = tmp_path / f"notice.{fmt}"
    published.write_bytes(tongbao.render(notice, fmt))
    imported = tongbao.import_published(tongbao.read_published(published))
    expected = tongbao.compose(notice)
    assert tongbao.compose(imported.notice) == expected
    for file, data in imported.files.items():
        (tmp_path / file).write_bytes(data)
    assert tongbao.compose(tongbao.load(tmp_path / "notice.toml")) == expected
    assert [f for f in imported.findings if f.kind != "inferred"] == []


@pytest.mark.parametrize("find_fonts", [True, False], ids=["truetype", "built-in"])
def test_round_trip_from_a_pdf_in_either_font(find_fonts: bool, tmp_path: Path) -> None:
    """A PDF with an embedded TrueType font, or the built-in STSong-Light (not embedded)."""
    if find_fonts:
        require_truetype()
    notice = _ranked()
    published = tmp_path / "notice.pdf"
    published.write_bytes(tongbao.render(notice, "pdf", find_fonts=find_fonts))
    imported = tongbao.import_published(tongbao.read_published(published))
    assert tongbao.compose(imported.notice) == tongbao.compose(notice)


@pytest.mark.parametrize(
    "seed",
    [SHARED_SEED, DATA / "seed-scraped.txt", EXAMPLE / "published-scraped.txt"],
    ids=["shared", "tests", "example"],
)
def test_seed_gives_the_example_s_units_and_totals(seed: Path) -> None:
    if not seed.exists():
        pytest.skip(f"{seed} is not beside this repository")
    imported = tongbao.import_published(tongbao.read_published(seed))
    notice = imported.notice
    example = _example()
    assert [t.unit.name for t in notice.tallies] == [t.unit.name for t in example.tallies]
    assert [(t.submitted, t.adopted) for t in notice.tallies] == [
        (t.submitted, t.adopted) for t in example.tallies
    ]
    whole = tongbao.totals(notice.tallies)
    assert (whole.submitted, whole.adopted, tongbao.format_rate(whole.rate, 1)) == (
        578,
        250,
        "43.3%",
    )
    assert notice.period == example.period
    assert notice.date == example.date
    assert notice.issuer == example.issuer
    assert notice.title == example.title  # made from 现将…通报如下, and reported
    assert notice.addressees == example.addressees
    assert notice.body[0] == example.body[0]  # {period_short} found in the text
    assert (
        "{period}各镇办各部门累计报送各类信息{submitted}条，采纳发布{adopted}条，信息采发率{rate}。"
        in (notice.body[1].text)
    )
    kinds = sorted(f.kind for f in imported.findings)
    assert kinds == ["attachment_title", "inferred", "unreadable"]


def test_the_files_load_and_hold_the_counts(tmp_path: Path) -> None:
    imported = tongbao.import_published(tongbao.read_published(DATA / "seed-scraped.txt"))
    rows = list(csv.DictReader(io.StringIO(imported.files["counts.csv"].decode("utf-8"))))
    assert len(rows) == 27
    assert rows[16] == {"单位": "区建设局", "报送数": "0", "采纳数": "0"}
    for file, data in imported.files.items():
        (tmp_path / file).write_bytes(data)
    loaded = tongbao.load(tmp_path / "notice.toml")
    assert tongbao.compose(loaded) == tongbao.compose(imported.notice)


def _text_notice(
    body: str, rows: list[str], *, title: str = "关于2018年3月信息报送情况的通报"
) -> str:
    table = "\n".join(f"{cell} |" for row in rows for cell in row.split())
    return (
        f"{title}\n各单位：\n{body}\n附件：统计表\n某区政府办公室\n2018年4月2日\n附件\n统计表\n"
        f"序号 |\n单位 |\n报送数 |\n采纳数 |\n采纳率 |\n{table}\n"
    )


def test_a_figure_that_does_not_match_stays_literal_and_is_reported(tmp_path: Path) -> None:
    text = _text_notice(
        "本月共报送信息956条，采纳发布20条，采纳率51.0%。",
        ["1 甲 16 8 50%", "2 乙 24 12 50%"],
    )
    path = tmp_path / "n.txt"
    path.write_text(text, encoding="utf-8")
    imported = tongbao.import_published(tongbao.read_published(path))
    body = imported.notice.body[0].text
    assert body == "本月共报送信息956条，采纳发布{adopted}条，采纳率51.0%。"
    literal = [f for f in imported.findings if f.place == "正文第1段"]
    assert sorted(f.printed for f in literal) == ["51.0%", "956"]  # once each
    assert all("保留原文" in f.message for f in literal)
    assert tongbao.compose(imported.notice).paragraphs[0].text == (
        "本月共报送信息956条，采纳发布20条，采纳率51.0%。"
    )


def test_literal_braces_survive(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(
        _text_notice("共报送{重要}信息40条。", ["1 甲 16 8 50%", "2 乙 24 12 50%"]),
        encoding="utf-8",
    )
    imported = tongbao.import_published(tongbao.read_published(path))
    assert imported.notice.body[0].text == "共报送{{重要}}信息{submitted}条。"
    assert tongbao.compose(imported.notice).paragraphs[0].text == "共报送{重要}信息40条。"


def test_an_unreadable_rate_with_counts_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(_text_notice("本月。", ["1 甲 16 8 ?", "2 乙 0 0 ?"]), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        tongbao.import_published(tongbao.read_published(path))
    (problem,) = caught.value.problems
    assert problem.location.place == "附件第1行 甲 采纳率"
    assert "8/16" in problem.message


def test_an_unreadable_count_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(_text_notice("本月。", ["1 甲 1? 8 50%", "2 乙 4 2 50%"]), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        tongbao.import_published(tongbao.read_published(path))
    assert caught.value.problems[0].location.place == "附件第1行 甲 报送数"


def test_a_notice_without_a_period_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(
        _text_notice("本期。", ["1 甲 16 8 50%"], title="关于信息报送情况的通报").replace(
            "2018年4月2日", "某日"
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="no period found"):
        tongbao.import_published(tongbao.read_published(path))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "html"])
def test_a_notice_in_traditional_characters_imports_as_the_simplified_one(
    fmt: str, tmp_path: Path
) -> None:
    import opencc

    notice = _example()
    traditional = opencc.OpenCC("s2t").convert(tongbao.render(notice, fmt).decode("utf-8"))
    assert "報送" in traditional
    path = tmp_path / f"n.{fmt}"
    path.write_text(traditional, encoding="utf-8")
    published = tongbao.read_published(path)
    assert published.converted
    imported = tongbao.import_published(published)
    assert tongbao.compose(imported.notice) == tongbao.compose(notice)


def test_columns_not_imported_are_reported(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "关于2018年3月信息报送情况的通报",
            "各单位：",
            "本月。",
            "某区政府办公室",
            "2018年4月2日",
            "附件",
            "统计表",
            "| 单位 | 报送数 | 采纳数 | 备注 |",
            "| 甲 | 16 | 8 | 好 |",
            "| 乙 | 24 | 12 | 中 |",
        ]
    )
    path = tmp_path / "n.txt"
    path.write_text(text, encoding="utf-8")
    imported = tongbao.import_published(tongbao.read_published(path))
    (note,) = [f for f in imported.findings if f.kind == "inferred" and "备注" in f.message]
    assert note.place == "附件表头"
    assert [t.submitted for t in imported.notice.tallies] == [16, 24]


@pytest.mark.parametrize("remark", ["", "已整改"])
def test_the_seed_with_a_column_tongbao_does_not_read(remark: str, tmp_path: Path) -> None:
    """The seed as scraped, one cell per line, with a 备注 column: rows stay in step."""
    lines = (DATA / "seed-scraped.txt").read_text(encoding="utf-8").split("\n")
    header = lines.index("采納率 |")
    out = [*lines[: header + 1], "備註 |"]
    for k, line in enumerate(lines[header + 1 : header + 1 + 27 * 5], start=1):
        out.append(line)
        if k % 5 == 0:
            out.append(f"{remark} |")
    out += lines[header + 1 + 27 * 5 :]
    path = tmp_path / "seed.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    published = tongbao.read_published(path)
    table = published.attachments[0].table
    assert table is not None
    assert table.headings[-1] == "备注"
    assert table.fields[-1] is None
    imported = tongbao.import_published(published)
    example = _example()
    assert [(t.unit.name, t.submitted, t.adopted) for t in imported.notice.tallies] == [
        (t.unit.name, t.submitted, t.adopted) for t in example.tallies
    ]
    (note,) = [f for f in imported.findings if f.kind == "inferred" and "备注" in f.message]
    assert note.place == "附件表头"
    assert sorted(f.kind for f in tongbao.audit(published)) == ["attachment_title", "unreadable"]
