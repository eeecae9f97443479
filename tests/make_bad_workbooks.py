"""Write the workbook cases of tests/bad/ (run again to recreate them).

Each is an office-style sheet with one thing wrong; test_bad_inputs.py lists what the
error must say and where.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

BAD = Path(__file__).parent / "bad"
DATA = Path(__file__).parent / "data"
MONTHLY = Path(__file__).parent.parent / "examples" / "chengzhong-2018-03-04" / "monthly.xlsx"
SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["序号", "单位", "报送数", "采纳数"]
FIXED = datetime.datetime(2018, 5, 10)


def book(name: str, rows: list[list[object]], percent_column: int | None = None) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "统计"
    for row in rows:
        sheet.append(row)
    if percent_column is not None:
        for cells in sheet.iter_rows(min_row=2, min_col=percent_column, max_col=percent_column):
            for cell in cells:
                cell.number_format = "0%"
    workbook.properties.created = workbook.properties.modified = FIXED
    workbook.save(BAD / name)


def main() -> None:
    book("xlsx-text-count.xlsx", [HEADER, [1, "南川东路办事处", "十九", 9]])
    book("xlsx-bool-count.xlsx", [HEADER, [1, "南川东路办事处", True, 9]])
    book("xlsx-fraction-count.xlsx", [HEADER, [1, "南川东路办事处", 19.5, 9]])
    book("xlsx-adopted-over-submitted.xlsx", [HEADER, [1, "南川东路办事处", 9, 19]])
    book(
        "xlsx-total-wrong.xlsx",
        [HEADER, [1, "南川东路办事处", 19, 9], [2, "仓门街办事处", 14, 7], [None, "合计", 33, 17]],
    )
    book(
        "xlsx-rate-wrong.xlsx",
        [[*HEADER, "采纳率"], [1, "南川东路办事处", 19, 9, 0.6]],
        percent_column=5,
    )
    book("xlsx-no-header.xlsx", [["名称", "数量"], ["南川东路办事处", 19]])
    book("xlsx-formula-without-value.xlsx", [HEADER, [1, "南川东路办事处", "=10+9", 9]])
    book("xlsx-empty-sheet.xlsx", [])
    book(
        "xlsx-month-outside.xlsx",
        [
            ["单位", "月份", "报送数", "采纳数"],
            ["南川东路办事处", datetime.datetime(2018, 6, 1), 1, 1],
        ],
    )
    book(
        "xlsx-duplicate.xlsx",
        [HEADER, [1, "南川东路办事处", 19, 9], [2, "南川东路办事处", 19, 9]],
    )
    (BAD / "xlsx-old-xls.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    source = BAD / "xlsx-text-count.xlsx"
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(BAD / "xlsx-billion-laughs.xlsx", "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = laughs.encode()
            bomb.writestr(zipfile.ZipInfo(info.filename, date_time=(2018, 5, 10, 0, 0, 0)), data)
    hostile()


def patched(target: Path, source: Path, edits: dict[str, Callable[[bytes], bytes | None]]) -> None:
    """Copy the workbook ``source`` to ``target`` with parts edited (None: left out)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as out:
        for info in original.infolist():
            data: bytes | None = original.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data or b"")
            if data is not None:
                zipped = zipfile.ZipInfo(info.filename, date_time=(2018, 5, 10, 0, 0, 0))
                out.writestr(zipped, data, zipfile.ZIP_DEFLATED)


def sub(old: str, new: str) -> Callable[[bytes], bytes]:
    """An edit replacing the first match of the regular expression ``old`` in a part."""

    def edit(data: bytes) -> bytes:
        changed, count = re.subn(old.encode(), new.encode(), data, count=1)
        assert count == 1, old
        return changed

    return edit


def hostile() -> None:
    """Workbooks that lie about themselves or are damaged (issue 14)."""
    base = BAD / "xlsx-total-wrong.xlsx"  # 序号 单位 报送数 采纳数, two units and 合计
    DATA.mkdir(exist_ok=True)
    # Read anyway, every row: a wrong or minimal <dimension>, selections openpyxl lacks.
    patched(DATA / "monthly-dimension-short.xlsx", MONTHLY, {SHEET: sub("A1:F57", "A1:F30")})
    patched(DATA / "monthly-dimension-a1.xlsx", MONTHLY, {SHEET: sub("A1:F57", "A1")})
    patched(
        DATA / "monthly-odd-selection.xlsx",
        MONTHLY,
        {SHEET: sub(r'<selection activeCell="A1"', '<selection pane="sideways" activeCell="A1"')},
    )
    # Refused, each with the file and the place.
    c4 = r'<c r="C4" t="n"><v>33</v></c>'
    patched(BAD / "xlsx-value-in-xfd.xlsx", base, {SHEET: sub(c4, c4 + '<c r="XFD4"><v>1</v></c>')})
    patched(
        BAD / "xlsx-no-sheets.xlsx",
        base,
        {"xl/workbook.xml": sub(r"<sheets>.*</sheets>", "<sheets/>")},
    )
    patched(BAD / "xlsx-missing-sheet-part.xlsx", base, {SHEET: lambda _: None})
    c2 = r'<c r="C2" t="n"><v>19</v></c>'
    patched(
        BAD / "xlsx-bad-shared-string.xlsx", base, {SHEET: sub(c2, '<c r="C2" t="s"><v>99</v></c>')}
    )
    patched(
        BAD / "xlsx-bad-date.xlsx", base, {SHEET: sub(c2, '<c r="C2" t="d"><v>2018-13-45</v></c>')}
    )
    patched(BAD / "xlsx-bad-character-reference.xlsx", base, {SHEET: sub("&#21335;", "&#0;")})
    patched(BAD / "xlsx-bad-style.xlsx", base, {SHEET: sub(c2, '<c r="C2" s="999"><v>19</v></c>')})
    patched(
        BAD / "xlsx-huge-exponent.xlsx", base, {SHEET: sub(c2, '<c r="C2"><v>1e999999999</v></c>')}
    )
    patched(BAD / "xlsx-rows-out-of-order.xlsx", base, {SHEET: sub('<row r="3">', '<row r="2">')})
    xf = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    patched(  # 40 KB zipped, 3 MB of styles: 100 MB and seconds in openpyxl, so refused
        BAD / "xlsx-styles-bomb.xlsx",
        base,
        {"xl/styles.xml": sub(r'<cellXfs count="\d+">', '<cellXfs count="50000">' + xf * 50_000)},
    )
    texts()


NOTICE = """title = "关于2018年3-4月份政府门户网站信息报送情况的通报"
issuer = "西宁市城中区人民政府办公室"
date = 2018-05-10
period = "2018-03/2018-04"
"""
UNIT = """
[[units]]
name = "南川东路办事处"
submitted = 19
adopted = 9
"""


def texts() -> None:
    """Notices and CSVs that are hostile in size or shape (issue 14), written as text."""
    cases = {
        "toml-deep-nesting.toml": NOTICE + "note = " + "[" * 5000 + "]" * 5000 + "\n" + UNIT,
        "toml-long-integer.toml": NOTICE + UNIT.replace("19", "9" * 5000),
        "toml-count-too-large.toml": NOTICE + UNIT.replace("19", "9" * 16).replace("= 9", "= 1"),
        "toml-points-exponent.toml": NOTICE
        + UNIT
        + '\n[scoring]\npoints = { "adopted" = 1e999999999 }\n',
        "toml-score-tiny.toml": NOTICE + UNIT + 'score = "1e-999999999"\n',
        "toml-points-infinity.toml": NOTICE + UNIT + '\n[scoring]\npoints = { "adopted" = inf }\n',
        "toml-data-path-nul.toml": NOTICE.replace("2018-03/2018-04", "2018-03")
        + 'data = "counts\\u0000.csv"\n[attachment]\ntitle = "表"\nyear_to_date = true\n',
        "toml-data-path-too-long.toml": NOTICE + f'data = "{"9" * 5000}.csv"\n',
        "toml-unit-named-total.toml": NOTICE + UNIT.replace("南川东路办事处", "合计"),
        "toml-bidi-override.toml": NOTICE.replace("西宁市", "西宁市\\u202e") + UNIT,
        "toml-line-separator.toml": NOTICE + 'note = "此件\\u2028公开"\n' + UNIT,
        "toml-private-use.toml": NOTICE + UNIT.replace("南川东路办事处", "南川\\ue000办事处"),
        "csv-score-exponent.csv": "单位,报送数,采纳数,得分\n南川东路办事处,19,9,1e999999999\n",
        "csv-score-tiny.csv": "单位,报送数,采纳数,得分\n南川东路办事处,19,9,1e-999999999\n",
        "csv-score-infinity.csv": "单位,报送数,采纳数,得分\n南川东路办事处,19,9,Infinity\n",
        "csv-rate-exponent.csv": "单位,报送数,采纳数,采纳率\n南川东路办事处,19,9,1e-999999999\n",
        "csv-count-long.csv": "单位,报送数,采纳数\n南川东路办事处," + "9" * 5000 + ",9\n",
        "csv-too-many-columns.csv": "单位,报送数,采纳数\n南川东路办事处,19,9" + ",1" * 300 + "\n",
        "scoring-missing-level.toml": NOTICE
        + 'data = "scoring-missing-level.csv"\n\n[scoring]\nlevels = ["区", "市"]\n'
        + 'points = { "区" = 1, "市" = 2 }\n',
        "scoring-missing-level.csv": (
            "单位,报送数,区,市\n南川东路办事处,19,5,4\n仓门街办事处,14,3\n"
        ),
    }
    for name, text in cases.items():
        (BAD / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
