"""Write the workbook cases of tests/bad/ (run again to recreate them).

Each is an office-style sheet with one thing wrong; test_bad_inputs.py lists what the
error must say and where.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl

BAD = Path(__file__).parent / "bad"
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


if __name__ == "__main__":
    main()
