"""A fuzz harness for every loader: mutated example files and structured notices.

Each input is made from ``(seed, index)`` alone, so a failure is reproduced by its
number. An input is loaded as the library's users load it (``load`` and ``compose`` for
a notice, every fifth also rendered as text; ``read_counts`` for a data file); the
only outcomes allowed are success or an :class:`~tongbao.InputError` whose problems
name a file. Anything else is a failure, an input running longer than ``--timeout`` is
a hang, and the process's address space is capped (``--memory``) so runaway memory is
a failure too, not a dead machine.

``tests/test_fuzz.py`` runs a CI-sized campaign; the long run is::

    python -m tests.fuzzing --inputs 1000000 --report fuzz-report.json

(from the repository's root; ``--help`` lists the options).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import io
import json
import random
import re
import resource
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

import tongbao
from tongbao import InputError, Period, cli, read_counts

__all__ = ["check_input", "make_input", "run"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PERIOD = Period.parse("2018-03/2018-04")

# Tokens a hostile input splices in: huge and tiny numbers, bidi and separators,
# nesting, total rows, workbook coordinates far out, special floats.
TOKENS = [
    "1e999999999",
    "1e-999999999",
    "9" * 5000,
    "-1",
    "inf",
    "nan",
    "Infinity",
    "0x10",
    "1_000",
    "\u202e",
    "\u2028",
    "\u2029",
    "\ue000",
    "\ufffe",
    "\x00",
    "\x07",
    "合计",
    "小计",
    "[" * 64,
    "{" * 32,
    "0001-01",
    "9999-12",
    "0001-Q1",
    "1900-01/9999-12",
    '"',
    "'''",
    '"""',
    "\\u0000",
    "\\uD800",
    ",,,,,,,,,,,,,,,,,,,,",
    "\n\n\n",
    "=1+1",
    "XFD1048576",
    "A1",
    "%",
    "47%",
    "１９",
    "1,234",
    "—",
]
XML_TOKENS = [
    '<c r="XFD2"><v>1</v></c>',
    '<c r="A2" t="s"><v>999999</v></c>',
    '<c r="B2" t="d"><v>2018-13-45</v></c>',
    '<c r="C2" s="99999"><v>1</v></c>',
    '<c r="C2"><v>1e999999999</v></c>',
    '<c r="C2"><v>1e-999999999</v></c>',
    '<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
    '<row r="2"></row>',
    '<row r="0">',
    '<dimension ref="A1"/>',
    '<dimension ref="A1:XFD1048576"/>',
    "&#0;",
    "&#xD800;",
    "<sheets/>",
    '<selection pane="sideways"/>',
    '<c r="A2" t="b"><v>7</v></c>',
    '<c r="A2" t="e"><v>#DIV/0!</v></c>',
    '<c r="A2" t="inlineStr"><is><t>合计</t></is></c>',
]


def _seeds() -> dict[str, dict[str, bytes]]:
    """Each seed: a main file and the files beside it, by name."""
    seeds: dict[str, dict[str, bytes]] = {}
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        files = {
            p.name: p.read_bytes()
            for p in sorted(folder.iterdir())
            if p.suffix in (".toml", ".csv", ".xlsx") and p.name != "pyproject.toml"
        }
        for name in files:
            seeds[f"{folder.name}/{name}"] = {"main": name.encode(), **files}
    return seeds


SEEDS = _seeds()
SLOW_SEEDS = frozenset(
    name
    for name, files in SEEDS.items()
    if name.endswith(".xlsx") or b".xlsx" in files[name.split("/")[1]]
)
"""Seeds that open a workbook (a notice beside one may read it)."""


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 8))):
        kind = rng.randrange(6)
        position = rng.randrange(len(out) + 1)
        if kind == 0 and out:  # flip a byte
            out[min(position, len(out) - 1)] = rng.randrange(256)
        elif kind == 1:  # a hostile token
            out[position:position] = rng.choice(TOKENS).encode("utf-8", "surrogatepass")
        elif kind == 2:  # delete a run
            del out[position : position + rng.randrange(1, 64)]
        elif kind == 3 and out:  # duplicate a run (rows, keys, tables)
            end = min(len(out), position + rng.randrange(1, 200))
            out[position:position] = out[position:end] * rng.randrange(1, 50)
        elif kind == 4:  # replace a digit run with a hostile number
            runs = [m.span() for m in re.finditer(rb"\d+", out)]
            if runs:
                start, end = rng.choice(runs)
                out[start:end] = rng.choice(TOKENS[:9]).encode()
        else:  # truncate
            del out[position:]
    return bytes(out)


def _mutate_workbook(rng: random.Random, data: bytes) -> bytes:
    """Mutate the XML inside a workbook and zip it again (a byte flip only breaks the CRC)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    parts = [i.filename for i in source.infolist()]
    target = rng.choice([p for p in parts if p.endswith(".xml")] or parts)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in parts:
            content = source.read(name)
            if name == target:
                if rng.random() < 0.5:
                    text = bytearray(content)
                    for _ in range(rng.randrange(1, 4)):
                        at = rng.randrange(len(text) + 1)
                        text[at:at] = rng.choice(XML_TOKENS).encode()
                    content = bytes(text)
                else:
                    content = _mutate_bytes(rng, content)
            if rng.random() < 0.02:
                continue  # a part missing
            archive.writestr(zipfile.ZipInfo(name, (2018, 5, 10, 0, 0, 0)), content)
    return out.getvalue()


PERIODS = ["2018-03/2018-04", "0001-01", "0001-Q1", "1900-01/9999-12", "9999-12", "2018"]
NAMES = ["甲", "乙", "合计", "甲", "a" * 201]
_TOML_KEYS = [
    "title",
    "issuer",
    "date",
    "period",
    "addressees",
    "body",
    "doc_number",
    "note",
    "excluded",
    "cc",
    "sealed",
    "printed_by",
    "printed_date",
]


def _toml_value(rng: random.Random, depth: int = 0) -> str:
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return str(rng.choice([0, 1, -1, 19, 10**15, 10**15 + 1, 2**63 - 1]))
    if kind == 1:
        return rng.choice(["1e999999999", "1e-999999999", "inf", "nan", "-inf", "0.5", "1e15"])
    if kind == 2:
        return rng.choice(["true", "false", "2018-05-10", "0001-01-01", "2018-05-10T00:00:00"])
    if kind in (3, 4, 5):
        text = "".join(rng.choice([*TOKENS[9:], "甲", "办公室", "{rate}", "{x"]) for _ in range(3))
        return json.dumps(text, ensure_ascii=True)
    if kind in (6, 7):
        return "[" + ", ".join(_toml_value(rng, depth + 1) for _ in range(rng.randrange(4))) + "]"
    return (
        "{"
        + ", ".join(
            f"{rng.choice(['name', 'submitted', 'adopted', 'score', 'levels', 'x'])} = "
            f"{_toml_value(rng, depth + 1)}"
            for _ in range(rng.randrange(4))
        )
        + "}"
    )


def _structured_notice(rng: random.Random) -> dict[str, bytes]:
    lines = [
        'title = "通报"',
        'issuer = "办公室"',
        "date = 2018-05-10",
        f"period = {json.dumps(rng.choice(PERIODS))}",
    ]
    for key in rng.sample(_TOML_KEYS, rng.randrange(4)):
        lines = [line for line in lines if not line.startswith(f"{key} =")]
        lines.append(f"{key} = {_toml_value(rng)}")
    for i in range(rng.randrange(1, 5)):
        counts = rng.choice(
            [
                (19, 9),
                (0, 0),
                (10**15, 1),
                ("1e999999999", 1),
                (3, "true"),
                (2, 5),
            ]
        )
        lines.append(
            f"[[units]]\nname = {json.dumps(rng.choice(NAMES) + str(i))}"
            f"\nsubmitted = {counts[0]}\nadopted = {counts[1]}"
        )
        if rng.random() < 0.3:
            lines.append(f"score = {_toml_value(rng)}")
    if rng.random() < 0.4:
        lines.append(
            "[scoring]\npoints = { adopted = "
            + rng.choice(["1", "0.5", "1e999999999", "inf", "-1", "1e-999999999"])
            + " }"
        )
    if rng.random() < 0.5:
        lines.append(
            '[attachment]\ntitle = "表"\norder = '
            + json.dumps(rng.choice(["given", "rate", "score", "best"]))
            + f"\ntotal = {rng.choice(['true', 'false'])}"
        )
    if rng.random() < 0.3:
        lines.append(
            "[comparison]\nprevious = "
            + rng.choice(['"prev.csv"', "true", "1"])
            + "\nyear_ago = "
            + rng.choice(['"prev.csv"', "false"])
        )
    if rng.random() < 0.2:
        lines.append("[options.text]\ntable_format = " + rng.choice(['"simple"', '"html"', '"x"']))
    text = "\n".join(lines) + "\n"
    files = {"main": b"notice.toml", "notice.toml": text.encode()}
    files["prev.csv"] = "单位,报送数,采纳数\n甲0,1,1\n".encode()
    return files


# --- item logs (issue 17): a submission system's records, as exports make them -----

ITEM_HEADINGS: dict[str, list[str]] = {
    "unit": [
        "单位",
        "报送单位",
        "上报单位",
        "来稿单位",
        "单位名称",
        "unit",
        "Department",
        " 单 位 ",
    ],
    "title": ["标题", "信息标题", "题目", "稿件标题", "title", "Title", "信息标题*", "标 题"],
    "submitted_on": ["报送日期", "报送时间", "上报时间", "提交时间", "报送日期时间", "date"],
    "adopted": ["是否采用", "是否采纳", "采用情况", "adopted", "采用状态"],
    "level": ["采用级别", "采用栏目", "采用层级", "level"],
    "instructions": ["批示", "领导批示", "批示情况"],
    "group": ["类别", "单位类别", "group"],
    "other": ["序号", "备注", "报送人", "联系电话", "", "合计", "单位", "标题", "报送数", "采纳数"],
}
ITEM_DATES: list[Any] = [
    "2018-03-05",
    "2018/3/5 14:22:10",
    "2018年3月5日",
    "2018.03.05",
    "2018-03-05T14:22:10+08:00",
    "2018-03-31T16:30:00Z",
    "2018-04-30T23:59:59-05:00",
    "2018-03-05 14:22",
    "20180305",
    "43164",
    "43164.5",
    "3/5/2018",
    "05/03/2018",
    "2018-02-30",
    "2018-13-01",
    "0000-00-00",
    "99999-01-01",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "2018-03-05T25:61:00",
    "2018-03-05+08:00",
    "",
    " ",
    "—",
    "未知",
    "1e999999999",
    "-1",
]
ITEM_ADOPTIONS = ["是", "否", "Y", "N", "1", "0", "√", "×", "已采用", "未采用", "采用", "true",
                  "FALSE", " 是 ", "", "待审", "是否", "2", "-", "yes", "已采纳"]  # fmt: skip
ITEM_LEVELS = ["市级", "省级", "国家级", "市级 ", "", "—", "区级", "x" * 300, "0"]
ITEM_TITLES = [
    "城东镇召开安全生产工作会议",
    "城东镇召开安全生产工作会议（更正）",
    "城东镇于3月5日召开脱贫攻坚推进会",
    "城东镇于3月6日召开脱贫攻坚推进会",
    "关于城东镇开展“两学一做”学习教育的情况报告",
    '=HYPERLINK("http://x","点击")',
    "=1+1",
    "@SUM(A1:A2)",
    "+86-971",
    "\u202e反向\u202c标题",
    "标题\x00带空字符",
    "标题\r\n换行",
    "。。。",
    "",
    "合计",
    "甲" * 40_000,
]
ITEM_PERIODS = ["2018-03/2018-04", "2018-03/2018-04", "2018-Q1", "0001-01"]
ITEM_UNITS = ["城东镇", "城西镇", "区教育局", "合计", "小计", "", " 城东镇", "城東鎮", "a" * 201]


ITEM_GOOD = {
    "unit": ["城东镇", "城西镇", "区教育局"],
    "title": ITEM_TITLES[:5],
    "submitted_on": ITEM_DATES[:8],
    "adopted": ["是", "否", "Y", "N", "1", "0", "已采用", "未采用", "true", "FALSE", ""],
    "level": ["市级", "省级", ""],
    "instructions": ["是", "否", "", "市长批示：好"],
    "group": ["镇街", "部门"],
    "other": ["1", "备注", ""],
}


def _item_table(rng: random.Random) -> list[list[Any]]:
    """A header and rows of an item log: half of them as a system exports them, half
    with hostile headings and cells."""
    clean = rng.random() < 0.5
    figures = ["title", "submitted_on", rng.choice(["adopted", "level", "adopted"])]
    for figure, chance in (
        ("unit", 0.95 if clean else 0.8),
        ("adopted", 0.3),
        ("level", 0.3),
        ("instructions", 0.2),
        ("group", 0.3),
        ("other", 0.3),
    ):
        if figure not in figures and rng.random() < chance:
            figures.append(figure)
    if not clean and rng.random() < 0.1:
        figures.remove(rng.choice(figures))
    if not clean and rng.random() < 0.1:
        figures.append(rng.choice(figures))  # a column twice
    rng.shuffle(figures)
    headings = ITEM_HEADINGS if not clean else {f: h[:4] for f, h in ITEM_HEADINGS.items()}
    header: list[Any] = [rng.choice(headings[f]) for f in figures]
    if not clean and rng.random() < 0.2:
        at = rng.randrange(len(header))
        odd = rng.choice([None, 7, *TOKENS[9:]])
        header[at] = odd if rng.random() < 0.5 else f"{header[at]}\u3000"
    rows: list[list[Any]] = [header]
    for _ in range(rng.choice((0, 1, 1, 3, 3, 10, 10, 40, 40, 200))):
        row: list[Any] = []
        for figure in figures:
            if clean or rng.random() < 0.7:
                value: Any = rng.choice(ITEM_GOOD[figure])
            elif figure == "title":
                value = rng.choice(ITEM_TITLES)
            elif figure == "submitted_on":
                value = rng.choice(ITEM_DATES)
            elif figure == "unit":
                value = rng.choice(ITEM_UNITS)
            elif figure == "adopted":
                value = rng.choice(ITEM_ADOPTIONS)
            elif figure == "level":
                value = rng.choice(ITEM_LEVELS)
            elif figure == "instructions":
                value = rng.choice(["是", "否", "", "市长批示：好", "0", "√"])
            elif figure == "group":
                value = rng.choice(["镇街", "部门", "", "其他"])
            else:
                value = rng.choice(["1", "备注", "", "138", "合计"])
            if not clean and rng.random() < 0.02:
                value = rng.choice(TOKENS)
            row.append(value)
        if not clean and rng.random() < 0.05:
            row = row[: rng.randrange(len(row) + 1)]  # a short row
        if not clean and rng.random() < 0.03:
            row = [*row, "多出", "的", "格"]
        rows.append(row)
    return rows


def _item_csv(rng: random.Random, rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    delimiter = rng.choice([",", ",", ",", "\t", ";", "|"])
    writer = csv.writer(out, delimiter=delimiter, lineterminator=rng.choice(["\n", "\r\n", "\r"]))
    if rng.random() < 0.3:
        writer.writerow(["城中区信息报送记录（导出）"])
    if rng.random() < 0.1:
        writer.writerow([])
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    text = out.getvalue()
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "big5"])
    if rng.random() < 0.5:
        encoding = rng.choice(["utf-8", "utf-8-sig", "gbk"])
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.15:
        data = _mutate_bytes(rng, data)
    return data


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML cannot hold: an Excel cell never has it (openpyxl refuses it)."""


def _item_xlsx(rng: random.Random, rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    top = 1
    width = max((len(r) for r in rows), default=1)
    if rng.random() < 0.4:  # a title row merged across, as 政务信息报送系统 exports have
        sheet.cell(1, 1, "政务信息报送系统 信息报送明细")
        if width > 1:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        top = 2
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell_value = value
            if r and isinstance(value, str) and rng.random() < 0.3:
                try:  # a real date or number cell, as Excel stores them
                    cell_value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
                    if cell_value.tzinfo is not None and rng.random() < 0.5:
                        cell_value = cell_value.replace(tzinfo=None)
                except ValueError:
                    if value.strip().lstrip("-").replace(".", "", 1).isdigit():
                        cell_value = float(value)
            if isinstance(cell_value, datetime.datetime) and cell_value.tzinfo is not None:
                cell_value = value  # openpyxl refuses aware date-times: the text then
            if isinstance(cell_value, str):
                cell_value = _XML_UNSAFE.sub("", cell_value)[:32_767]
            sheet.cell(top + r, c + 1, cell_value)
    if rows and width > 1 and rng.random() < 0.2:  # a merged heading over two columns
        sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=2)
    if len(rows) > 2 and rng.random() < 0.2:  # a unit's name merged down its rows
        sheet.merge_cells(start_row=top + 1, start_column=1, end_row=top + 2, end_column=1)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if rng.random() < 0.2:
        data = _mutate_workbook(rng, data)
    return data


def _item_notice(rng: random.Random, data: str) -> dict[str, bytes]:
    lines = [
        'title = "关于2018年3-4月份信息报送情况的通报"',
        'issuer = "办公室"',
        "date = 2018-05-10",
        f"period = {json.dumps(rng.choice(ITEM_PERIODS))}",
        'body = ["{period}报送{submitted}条，采纳{adopted}条。"]',
        f'data = "{data}"',
    ]
    files: dict[str, bytes] = {}
    if rng.random() < 0.3:
        lines.append("[scoring]\nlevels = " + rng.choice(['["市级", "省级"]', '["市级"]', "[]"]))
    if rng.random() < 0.3:
        lines.append("[comparison]\nprevious = true")
    if rng.random() < 0.8:
        lines.append("[items]")
        options = {
            "duplicates": ['"list"', '"count_once"', '"error"', '"x"', "1"],
            "window_days": ["7", "0", "-1", "366", "100000000000", "1.5", '"7"'],
            "similarity": ["0.85", "1", "0.5", "0", "1.5", "1e-9", '"0.85"', "nan"],
            "time_zone": ['"Asia/Shanghai"', '"UTC"', '"Mars/Base"', '"../../etc"', '""'],
            "new_units": ['"add"', '"error"', '"x"'],
            "duplicates_title": ['"重复报送信息清单"', '""', '"' + "长" * 300 + '"'],
            "units": ['"units.csv"', '["城东镇", "城西镇", "区教育局"]', '"missing.csv"', "[]"],
        }
        for key in rng.sample(sorted(options), rng.randrange(len(options) + 1)):
            lines.append(f"{key} = {rng.choice(options[key])}")
        units = "单位,类别\n城东镇,镇街\n城西镇,镇街\n区教育局,部门\n区空白局,部门\n"
        files["units.csv"] = units.encode()
    files["notice.toml"] = ("\n".join(lines) + "\n").encode()
    return files


def _item_input(rng: random.Random) -> dict[str, bytes]:
    rows = _item_table(rng)
    xlsx = rng.random() < 0.25
    name = "items.xlsx" if xlsx else "items.csv"
    files = _item_notice(rng, name)
    files[name] = _item_xlsx(rng, rows) if xlsx else _item_csv(rng, rows)
    return {"main": b"notice.toml", "items": name.encode(), **files}


def make_input(seed: int, index: int) -> tuple[str, dict[str, bytes]]:
    """Input ``index`` of campaign ``seed``: its kind and its files (``main`` names the one)."""
    rng = random.Random(seed * 1_000_003 + index)
    roll = rng.random()
    if roll < 0.2:
        return "structured", _structured_notice(rng)
    if roll < 0.45:
        return "item log", _item_input(rng)
    # Workbooks are slow to open: they get an eighth of the mutations, text the rest.
    workbook = rng.random() < 0.125
    name = rng.choice([n for n in sorted(SEEDS) if (n in SLOW_SEEDS) == workbook])
    files = dict(SEEDS[name])
    main = files["main"].decode()
    # Mutate the main file, or (for a notice) one of the files it reads.
    target = main
    if main.endswith(".toml") and rng.random() < 0.4:
        target = rng.choice([n for n in files if n not in ("main", main)] or [main])
    if target.endswith(".xlsx"):
        files[target] = _mutate_workbook(rng, files[target])
    else:
        files[target] = _mutate_bytes(rng, files[target])
    return f"mutated {name} ({target})", files


class HangError(Exception):
    """An input ran longer than the timeout."""


def _alarm(_signum: int, _frame: object) -> None:
    raise HangError


_WRITTEN: dict[Path, bytes] = {}


def check_input(folder: Path, files: dict[str, bytes], *, render: bool = True) -> str | None:
    """Load one input in ``folder``; None when it behaved, else what went wrong."""
    for path in list(folder.iterdir()):
        if path.name not in files:
            path.unlink()
            _WRITTEN.pop(path, None)
    for name, data in files.items():
        target = folder / name
        if name not in _NAMING and _WRITTEN.get(target) is not data:
            target.write_bytes(data)
            _WRITTEN[target] = data
    main = folder / files["main"].decode()
    try:
        if "items" in files:  # an item log: read alone, then `tongbao check` a notice on it
            problem = _check_items(folder / files["items"].decode())
            if problem is None:
                problem = _check_command(main)
            if problem is not None or not render:
                return problem
        if main.suffix == ".toml":
            notice = tongbao.load(main, root=folder)
            if render:
                tongbao.render(notice, "text", renderers=_renderers())
            else:
                tongbao.compose(notice)
        else:
            read_counts(main, PERIOD if "monthly" not in main.name else None)
    except InputError as exc:
        if not all(p.location.file for p in exc.problems):
            return f"InputError without a file: {exc}"
    except tongbao.OptionError:
        pass  # an option a notice file set: a located message on the command line
    except HangError:
        raise
    except Exception:
        return traceback.format_exc(limit=-8)
    return None


_NAMING = frozenset({"main", "items"})
"""Keys of an input's files that name a file rather than hold one."""


def _check_items(path: Path) -> str | None:
    """Read an item log as ``read_items`` users do: its counts, its items, their duplicates."""
    try:
        log = tongbao.read_items(path, levels=("市级", "省级") if "级" in path.name else ())
        log.counts().tallies(PERIOD)
        records = log.items(datetime.date.min, datetime.date.max)
        tongbao.find_duplicates(records)
    except InputError as exc:
        if not all(p.location.file for p in exc.problems):
            return f"InputError without a file: {exc}"
    return None


def _check_command(notice: Path) -> str | None:
    """``tongbao check notice.toml``: a report (0) or located problems (2), nothing else."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["check", str(notice), "--root", str(notice.parent)])
    if status not in (0, 2) or "Traceback" in err.getvalue():
        return f"tongbao check exited {status}: {err.getvalue()[-2000:]}"
    if status == 2 and not err.getvalue().strip():
        return "tongbao check exited 2 saying nothing"
    return None


_RENDERERS: list[Any] = []


def _renderers() -> Any:
    if not _RENDERERS:
        _RENDERERS.append(tongbao.Renderers(autoload=False))
    return _RENDERERS[0]


def run(
    inputs: int,
    *,
    seed: int = 14,
    timeout: float = 10.0,
    save: Path | None = None,
    progress: Callable[[int, Counter[str]], None] | None = None,
) -> dict[str, Any]:
    """Run ``inputs`` inputs; return the figures (tracebacks, hangs, peak memory, rate)."""
    outcomes: Counter[str] = Counter()
    failures: list[dict[str, Any]] = []
    slowest = (0.0, -1)
    previous = signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    try:
        shm = Path("/dev/shm")  # memory-backed, when the system has it
        where = str(shm) if shm.is_dir() else None
        with tempfile.TemporaryDirectory(prefix="tongbao-fuzz-", dir=where) as tmp:
            folder = Path(tmp)
            for index in range(inputs):
                kind, files = make_input(seed, index)
                begin = time.perf_counter()
                signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    problem = check_input(folder, files, render=index % 5 == 0)
                except HangError:
                    problem = f"hang: over {timeout} s"
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                took = time.perf_counter() - begin
                slowest = max(slowest, (took, index))
                if problem is None:
                    outcomes["ok"] += 1
                else:
                    outcomes["hang" if problem.startswith("hang") else "traceback"] += 1
                    failures.append({"index": index, "kind": kind, "problem": problem})
                    if save is not None:
                        where = save / f"{seed}-{index}"
                        where.mkdir(parents=True, exist_ok=True)
                        for name, data in files.items():
                            (where / name).write_bytes(data)
                        (where / "problem.txt").write_text(problem)
                if progress and ((index + 1) % 10_000 == 0 or index + 1 == inputs):
                    progress(index + 1, outcomes)
    finally:
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - started
    return {
        "inputs": inputs,
        "seed": seed,
        "tracebacks": outcomes["traceback"],
        "hangs": outcomes["hang"],
        "seconds": round(elapsed, 1),
        "inputs_per_second": round(inputs / elapsed, 1) if elapsed else None,
        "slowest_seconds": round(slowest[0], 3),
        "slowest_index": slowest[1],
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "failures": failures[:50],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzzing", description=__doc__)
    parser.add_argument("--inputs", type=int, default=10_000, help="how many inputs")
    parser.add_argument("--seed", type=int, default=14, help="the campaign's seed")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a hang")
    parser.add_argument(
        "--memory", type=int, default=2048, help="address-space cap in MiB (0: none)"
    )
    parser.add_argument("--save", type=Path, help="write each failing input to this folder")
    parser.add_argument("--report", type=Path, help="write the figures as JSON here")
    parser.add_argument("--one", type=int, help="run only this input, printing what happens")
    args = parser.parse_args(argv)
    if args.memory:
        limit = args.memory * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if args.one is not None:
        kind, files = make_input(args.seed, args.one)
        with tempfile.TemporaryDirectory() as tmp:
            print(kind, check_input(Path(tmp), files) or "ok")
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                for name, data in files.items():
                    (args.save / name).write_bytes(data)
        return 0

    def progress(done: int, outcomes: Counter[str]) -> None:
        print(f"{done:>9,} inputs  {dict(outcomes)}", file=sys.stderr, flush=True)

    report = run(
        args.inputs, seed=args.seed, timeout=args.timeout, save=args.save, progress=progress
    )
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    return 1 if report["tracebacks"] or report["hangs"] else 0


if __name__ == "__main__":
    sys.exit(main())
