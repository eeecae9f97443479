"""The second third-party example plugin, installed from examples/tongbao-xlsx by .ci/run."""

from __future__ import annotations

import datetime
import io
import zipfile
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

import tongbao
from tongbao import AttachmentSpec, Notice, Period, Renderers, Tally
from tongbao.cli import main
from tongbao.testing import check_renderer, sample_document

from .conftest import EXAMPLE

pytestmark = pytest.mark.slow

PERIOD = Period.parse("2018-03/2018-04")


def workbook_text(data: bytes) -> str:
    """Every cell as a reader sees it: a percentage format shows its value times 100."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    shown = []
    for sheet in book.worksheets:
        shown.append(sheet.title)  # the attachment's label
        for row in sheet.iter_rows():
            for cell in row:
                value, fmt = cell.value, str(cell.number_format)
                if isinstance(value, int | float) and fmt.endswith("%"):
                    places = len(fmt[:-1].partition(".")[2])
                    shown.append(f"{tongbao.format_rate(Fraction(value), places)}")
                elif value is not None:
                    shown.append(str(value))
    return "\n".join(shown)


def render(notice: Notice | tongbao.document.Document, **options: object) -> bytes:
    return tongbao.render(notice, "xlsx", renderers=Renderers(plugins=["xlsx"]), **options)


def test_check_renderer_passes() -> None:
    from tongbao_xlsx import XlsxRenderer

    check_renderer(XlsxRenderer(), text_of=workbook_text)


def test_values_are_numbers_with_the_notices_decimals() -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(sample_document(full=True))))
    assert book.sheetnames == ["正文", "附件1", "附件2"]
    sheet = book["附件1"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=5)]
    first = rows[1]  # after the group row 镇街: 仓门街办事处 14 7 50.0%
    assert first[1:4] == ["仓门街办事处", 14, 7]
    rate = sheet.cell(row=6, column=5)
    assert rate.value == pytest.approx(0.5)
    assert rate.number_format == "0.0%"  # the notice's rate_places = 1
    south = sheet.cell(row=7, column=5)
    assert Fraction(south.value).limit_denominator(100) == Fraction(9, 19)


def test_grouped_headers_are_merged() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(render(sample_document(full=True))))["附件1"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "C3:D3" in merged  # 信息数量 over 报送数 and 采纳数
    assert {"A3:A4", "B3:B4", "E3:E4"} <= merged  # the others span both header rows
    assert sheet["C3"].value == "信息数量"
    assert (sheet["C4"].value, sheet["D4"].value) == ("报送数", "采纳数")
    assert "A5:E5" in merged  # the group row 镇街


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(A1)", "+1", "-1"])
def test_names_that_look_like_formulas_are_text(name: str) -> None:
    notice = Notice(
        title="通报",
        issuer="办公室",
        date=datetime.date(2018, 5, 10),
        period=PERIOD,
        tallies=[Tally(name, PERIOD, 2, 1), Tally("区建设局", PERIOD, 0, 0)],
        attachment=AttachmentSpec(title="统计表"),
    )
    sheet = openpyxl.load_workbook(io.BytesIO(render(notice)))["附件"]
    cell = sheet.cell(row=4, column=2)
    assert (cell.value, cell.data_type) == (name, "s")
    undefined = sheet.cell(row=5, column=5)
    assert undefined.value == "—"  # a rate of nothing, as the notice prints it


def test_same_bytes_whatever_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    first = render(sample_document(full=True))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1525910400")  # 2018-05-10 00:00 UTC
    assert render(sample_document(full=True)) == first
    stamps = {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(2018, 5, 10, 0, 0, 0)}


def test_options_declared_and_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats", "--json"]) == 0
    assert '"name": "column_width"' in capsys.readouterr().out
    bare = openpyxl.load_workbook(io.BytesIO(render(sample_document(), body="no")))
    assert bare.sheetnames == ["附件"]
    with pytest.raises(tongbao.OptionError, match=r"xlsx option column_width=100\.0"):
        render(sample_document(), column_width="100")


def test_rendered_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "notice.xlsx"
    assert main(["render", str(EXAMPLE / "notice.toml"), "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out)["附件"]
    assert sheet["A1"].value == "3-4月网站信息报送情况统计表"
    assert sheet["E4"].number_format == "0%"
