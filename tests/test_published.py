"""Reading a published notice: each form, its parts, and the normalisation."""

from __future__ import annotations

import contextlib
import datetime
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tongbao
from tongbao._published import clean_text
from tongbao.errors import InputError

from .conftest import DATA, EXAMPLE
from .tools import require_tool, require_truetype

ROWS = [("1", "甲镇", "16", "8", "50%"), ("2", "乙街道", "24", "12", "50%")]


def _example() -> tongbao.Notice:
    return tongbao.load(EXAMPLE / "notice.toml")


def _check_parts(published: tongbao.Published) -> None:
    """The parts of the small notice the tests below write in each form."""
    assert published.title == "关于2018年3月信息报送情况的通报"
    assert published.addressee_names == ("各镇", "各街道")
    assert published.paragraphs == ("本月共报送信息40条，采纳20条，采纳率50.0%。",)
    assert published.attachment_notes == ("3月信息报送统计表",)
    assert published.signature == "某区政府办公室"
    assert published.date == datetime.date(2018, 4, 2)
    (attachment,) = published.attachments
    assert attachment.title == "3月信息报送统计表"
    assert attachment.table is not None
    assert [r.cells for r in attachment.table.rows] == [tuple(r) for r in ROWS]


HTML_TABLE = """<!DOCTYPE html><html><head><title>门户网站</title>
<script>var x = "<p>not text</p>";</script></head><body>
<table class="layout"><tr><td>
<h1>关于2018年3月信息报送<br>情况的通报</h1>
<p>各镇、各街道：</p>
<p>&nbsp;&nbsp;本月共报送信息40条，采纳20条，采纳率50.0%。</p>
<p>附件：3月信息报送统计表</p>
<p style="text-align:right">某区政府办公室</p><p>2018年4月2日</p>
<p>附件</p><p>3月信息报送统计表</p>
<table border="1"><tr><th>序号</th><th>单位</th><th>报送数</th><th>采纳数</th><th>采纳率</th></tr>
<tr><td>1</td><td>甲镇</td><td>16</td><td>8</td><td>50%</td></tr>
<tr><td>2</td><td>乙街道</td><td>24</td><td>12</td><td>50%</td></tr></table>
</td></tr></table></body></html>"""


def test_html_with_a_table(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_TABLE, encoding="utf-8")
    published = tongbao.read_published(path)
    assert published.form == "html"
    _check_parts(published)


def test_html_one_cell_per_line(tmp_path: Path) -> None:
    cells = "".join(f"<p>{c}</p>" for c in ("序号", "单位", "报送数", "采纳数", "采纳率"))
    cells += "".join(f"<p>{c}</p>" for row in ROWS for c in row)
    page = (
        "<html><body><div>关于2018年3月信息报送情况的通报</div><div>各镇、各街道：</div>"
        "<div>本月共报送信息40条，采纳20条，采纳率50.0%。</div><div>附件：3月信息报送统计表</div>"
        "<div>某区政府办公室</div><div>2018年4月2日</div><div>附件</div>"
        f"<div>3月信息报送统计表</div>{cells}<p>（此表由系统生成）</p></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    published = tongbao.read_published(path)
    _check_parts(attrs_without_notes(published))


def attrs_without_notes(published: tongbao.Published) -> tongbao.Published:
    import attrs

    (attachment,) = published.attachments
    assert attachment.notes == ("（此表由系统生成）",)
    return attrs.evolve(published, attachments=(attrs.evolve(attachment, notes=()),))


def _office_word(path: Path) -> None:
    """An office's own Word file: no tongbao styles, the title over two lines, columns in
    another order and words."""
    import docx

    word = docx.Document()
    title = word.add_paragraph("关于2018年3月信息报送")
    title.add_run().add_break()
    title.add_run("情况的通报")
    for text in (
        "各镇、各街道：",
        "　　本月共报送信息40条，采纳20条，采纳率50.0%。",
        "附件：3月信息报送统计表",
        "",
        "某区政府办公室",
        "2018年4月2日",
        "附件",
        "3月信息报送统计表",
    ):
        word.add_paragraph(text)
    table = word.add_table(rows=1, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ("单位", "序号", "采用数", "报送条数", "采用率"), strict=True
    ):
        cell.text = text
    for no, name, submitted, adopted, rate in ROWS:
        for cell, text in zip(
            table.add_row().cells, (name, no, adopted, submitted, rate), strict=True
        ):
            cell.text = text
    word.save(str(path))


@pytest.mark.slow
def test_an_office_s_own_word_file(tmp_path: Path) -> None:
    path = tmp_path / "office.docx"
    _office_word(path)
    published = tongbao.read_published(path)
    assert published.form == "docx"
    table_read = published.attachments[0].table
    assert table_read is not None
    assert table_read.fields == ("unit", "no", "adopted", "submitted", "rate")
    imported = tongbao.import_published(published)
    assert [(t.unit.name, t.submitted, t.adopted) for t in imported.notice.tallies] == [
        ("甲镇", 16, 8),
        ("乙街道", 24, 12),
    ]
    assert imported.notice.title == "关于2018年3月信息报送情况的通报"


def test_text_as_tabulate_draws_it(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_bytes(tongbao.render(_example(), "text", table_format="simple"))
    table = tongbao.read_published(path).attachments[0].table
    assert table is not None
    assert len(table.rows) == 27
    assert table.rows[16].cells == ("17", "区建设局", "0", "0", "—")


@pytest.mark.parametrize(
    "lines",
    [
        ["| 序号 | 单位 | 报送数 | 采纳数 | 采纳率 |", "|---|---|---|---|---|"]
        + [f"| {' | '.join(r)} |" for r in ROWS],
        ["序号\t单位\t报送数\t采纳数\t采纳率"] + ["\t".join(r) for r in ROWS],
        ["序号  单位      报送数  采纳数  采纳率"] + ["  ".join(r) for r in ROWS],
    ],
    ids=["pipes", "tabs", "spaces"],
)
def test_text_tables(lines: list[str], tmp_path: Path) -> None:
    text = "\n".join(
        [
            "关于2018年3月信息报送情况的通报",
            "各镇、各街道：",
            "　　本月共报送信息40条，采纳20条，采纳率50.0%。",
            "　　附件：3月信息报送统计表",
            "某区政府办公室",
            "2018年4月2日",
            "附件",
            "3月信息报送统计表",
            *lines,
        ]
    )
    path = tmp_path / "n.txt"
    path.write_text(text, encoding="utf-8")
    _check_parts(tongbao.read_published(path))


def test_the_seed_in_traditional_characters_with_pinyin() -> None:
    published = tongbao.read_published(DATA / "seed-scraped.txt")
    assert published.converted
    assert published.title is None  # the scrape starts at the addressees
    assert published.addressee_names == ("总寨镇政府", "各街道办事处", "政府各部门")
    assert published.paragraphs[0] == "现将3-4月份政府门户网站信息报送情况通报如下："
    assert "(" not in "".join(published.paragraphs)
    assert "主题鲜明。" in published.paragraphs[1]  # the stray space before 。 is gone
    assert published.paragraphs[2].endswith("稳步提升。")  # the final . is 。
    assert published.signature == "西宁市城中区人民政府办公室"
    table = published.attachments[0].table
    assert table is not None
    assert len(table.rows) == 27
    assert table.rows[5].cells == ("6", "南滩办事处", "37", "16", "43%")


def test_simplified_text_is_not_converted(tmp_path: Path) -> None:
    """乾 is simplified too (乾县): a simplified notice keeps it."""
    path = tmp_path / "n.txt"
    text = (DATA / "seed-scraped.txt").read_text(encoding="utf-8")
    path.write_bytes(tongbao.render(_example(), "text").replace("南滩".encode(), "乾县".encode()))
    published = tongbao.read_published(path)
    assert not published.converted
    table = published.attachments[0].table
    assert table is not None
    assert table.rows[5].cells[1] == "乾县办事处"
    assert text  # the seed is there to compare with


def test_full_width_digits_and_chinese_dates(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "关于２０１８年３月信息报送情况的通报",
            "各单位：",
            "本月共报送信息４０条。",
            "某区政府办公室",
            "二〇一八年四月十二日",
            "附件",
            "统计表",
            "单位  报送数  采纳数  采纳率",
            "甲镇  １６  ８  ５０％",
            "乙街道  ２４  １２  ５０％",
        ]
    )
    path = tmp_path / "n.txt"
    path.write_text(text, encoding="utf-8")
    published = tongbao.read_published(path)
    assert published.title == "关于2018年3月信息报送情况的通报"
    assert published.paragraphs == ("本月共报送信息40条。",)
    assert published.date == datetime.date(2018, 4, 12)
    table = published.attachments[0].table
    assert table is not None
    assert table.rows[0].cells == ("甲镇", "16", "8", "50%")


@pytest.mark.slow
def test_a_pdf_made_by_libreoffice_from_word(tmp_path: Path) -> None:
    """Another program's PDF: the figures read back; text order is the PDF's own."""
    source = tmp_path / "n.docx"
    source.write_bytes(tongbao.render(_example(), "docx"))
    published = tongbao.read_published(_libreoffice_pdf(source, tmp_path))
    assert published.form == "pdf"
    assert tongbao.audit(published) == []
    imported = tongbao.import_published(published)
    expected = _example()
    assert [(t.unit.name, t.submitted, t.adopted) for t in imported.notice.tallies] == [
        (t.unit.name, t.submitted, t.adopted) for t in expected.tallies
    ]
    assert imported.notice.title == expected.title
    assert imported.notice.body[1] == expected.body[1]


def _libreoffice_pdf(source: Path, tmp_path: Path) -> Path:
    """``source`` saved as PDF by LibreOffice (another program's PDF than tongbao's)."""
    soffice = require_tool("soffice", "libreoffice", package="libreoffice-writer-nogui")
    require_truetype()
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
    return source.with_suffix(".pdf")


@pytest.mark.slow
def test_an_office_s_own_word_file_as_pdf(tmp_path: Path) -> None:
    """The office's Word file printed to PDF by LibreOffice: its parts and table read back."""
    source = tmp_path / "office.docx"
    _office_word(source)
    published = tongbao.read_published(_libreoffice_pdf(source, tmp_path))
    assert published.form == "pdf"
    assert published.title == "关于2018年3月信息报送情况的通报"
    assert published.addressee_names == ("各镇", "各街道")
    assert published.paragraphs == ("本月共报送信息40条，采纳20条，采纳率50.0%。",)
    assert published.attachment_notes == ("3月信息报送统计表",)
    assert (published.signature, published.date) == ("某区政府办公室", datetime.date(2018, 4, 2))
    table = published.attachments[0].table
    assert table is not None
    assert table.fields == ("unit", "no", "adopted", "submitted", "rate")
    assert [r.cells for r in table.rows] == [(n, no, a, s, r) for no, n, s, a, r in ROWS]
    assert tongbao.audit(published) == []


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("主题鲜明 。", "主题鲜明。"),
        ("办事处,政府各部门:", "办事处，政府各部门："),
        ("稳步提升.", "稳步提升。"),
        ("1,234条", "1,234条"),
        ("Windows 10 系统", "Windows 10系统"),
        ("\u3000\u3000现将  情况", "现将情况"),
    ],
)
def test_clean_text(text: str, cleaned: str) -> None:
    assert clean_text(text) == cleaned


CELLS = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"\A\d{1,4}(\.\d{1,2})?%?\Z"),
    st.sampled_from(["?", "—", "合计", "小计", "甲镇", "乙局", "0", "0%", "100%", "附件", "镇街"]),
)


@pytest.mark.slow
@given(st.lists(CELLS, max_size=40), st.sampled_from(["txt", "html"]))
def test_any_text_reads_or_is_refused_with_an_input_error(lines: list[str], suffix: str) -> None:
    """Whatever the text, reading and auditing give parts or an InputError, never a crash."""
    header = [
        "关于通报",
        "各单位：",
        "附件",
        "表",
        "序号 |",
        "单位 |",
        "报送数 |",
        "采纳数 |",
        "采纳率 |",
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"n.{suffix}"
        text = "\n".join(header + [f"{line} |" for line in lines])
        path.write_text(text if suffix == "txt" else f"<p>{text}</p>", encoding="utf-8")
        try:
            published = tongbao.read_published(path)
        except InputError:
            return
        tongbao.audit(published)
        with contextlib.suppress(InputError):
            tongbao.import_published(published)
