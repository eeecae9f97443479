"""Write monthly.xlsx: counts.csv split into March and April, as an office's sheet.

The workbook has a title row, a 月份 column written both as text and as an Excel date,
and a 合计 row, like the sheets offices keep. Run it again to recreate the file.
"""

import csv
import datetime
from pathlib import Path

import openpyxl

here = Path(__file__).parent
with (here / "counts.csv").open(encoding="utf-8") as f:
    rows = list(csv.DictReader(f))

book = openpyxl.Workbook()
sheet = book.active
sheet.title = "3-4月"
sheet.append(["城中区2018年3-4月各单位网站信息报送情况（分月）"])
sheet.append(["序号", "单位名称", "类别", "月份", "报送条数", "采用条数"])
submitted = adopted = 0
for number, row in enumerate(rows, start=1):
    s, a = int(row["报送数"]), int(row["采纳数"])
    march = (s // 2, min(a // 2, s // 2))
    april = (s - march[0], a - march[1])
    sheet.append([number, row["单位"], row["类别"], "2018年3月", *march])
    sheet.append([number, row["单位"], row["类别"], datetime.date(2018, 4, 1), *april])
    submitted += s
    adopted += a
sheet.append([None, "合计", None, None, submitted, adopted])
book.properties.creator = "tongbao example"
fixed = datetime.datetime(2018, 5, 10, 9, 0, 0)  # noqa: DTZ001 - openpyxl stores naive times
book.properties.created = book.properties.modified = fixed
book.save(here / "monthly.xlsx")
