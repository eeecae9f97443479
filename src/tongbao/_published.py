"""A published notice, read back: its parts and its table, as printed.

:func:`read_published` reads a notice in any form :mod:`tongbao._sources` knows (DOCX,
HTML, PDF, text), normalises its characters as the loaders do and more (traditional to
simplified characters, pinyin annotations off, full-width digits, stray spaces) and
finds its parts: title, addressees, body, 附件说明, signature, date, attachments with
their tables. Figures stay as printed (``"63.1%"``, ``"?"``): checking them is
:mod:`tongbao._audit`'s job, turning them into a notice :mod:`tongbao._import`'s.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import attrs

from ._sources import Block, Form, Grid, Line, read_source
from .errors import InputError

__all__ = [
    "FIELDS",
    "Published",
    "PublishedAttachment",
    "PublishedRow",
    "PublishedTable",
    "parse_count",
    "parse_rate",
    "read_published",
]

FIELDS: dict[str, tuple[str, ...]] = {
    "no": ("序号", "编号", "no", "no."),
    "rank": ("排名", "名次", "排序", "rank"),
    "unit": ("单位", "单位名称", "报送单位", "单位(部门)", "部门", "unit", "name"),
    "group": ("类别", "分类", "类型", "分组", "单位类别", "group"),
    "submitted": (
        "报送数",
        "报送条数",
        "报送数量",
        "报送信息数",
        "报送信息条数",
        "报送",
        "上报数",
        "上报条数",
        "submitted",
    ),
    "adopted": (
        "采纳数",
        "采纳条数",
        "采纳数量",
        "采用数",
        "采用条数",
        "采用数量",
        "采纳",
        "采用",
        "采纳发布数",
        "采用发布数",
        "adopted",
    ),
    "rate": ("采纳率", "采用率", "采发率", "信息采发率", "采纳比例", "rate"),
    "score": ("得分", "分数", "考核得分", "总得分", "合计得分", "score"),
}
"""The table headings read, by the figure each column holds (in any order)."""

_FIELD_OF = {alias: field for field, names in FIELDS.items() for alias in names}
_LEVEL_HEADING = re.compile(r"(.{1,6}?)(?:级)?(?:采用|采纳)(?:数|条数)?")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(
    rf"(?<=[{_CJK}])\s?[(（]\s*([a-z{_TONED}ü]*[{_TONED}][a-z{_TONED}ü]*|[a-zü]+[1-5])\s*[)）]"
)
_FULL_WIDTH = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)} | {"％": "%"})
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DIGITS = {c: str(n) for n, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_LABEL = re.compile(r"附\s*件\s*(\d*)\s*[:：]?")
_NOTE_LINE = re.compile(r"附件\s*[:：]\s*(.+)")
_NUMBERED = re.compile(r"(\d+)\s*[.．、]\s*(.+)")
_DOC_NUMBER = re.compile(r".{1,20}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
_TOTAL_LABELS = {"合计": "total", "总计": "total", "全区合计": "total", "小计": "subtotal"}
_UNDEFINED = frozenset({"", "—", "——", "-", "--", "/", "／", "无", "#div/0!", "n/a"})
_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_COUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_MAX_TABLE_ROWS = 200_000


@attrs.frozen
class PublishedRow:
    """A row of a published table: its cells as printed and what it is.

    ``number`` counts the rows under the header from 1 (``附件第17行``).
    """

    number: int
    cells: tuple[str, ...]
    kind: Literal["unit", "group", "subtotal", "total"] = "unit"


@attrs.frozen
class PublishedTable:
    """A published table: its headings, the figure each column holds, its rows."""

    headings: tuple[str, ...]
    fields: tuple[str | None, ...]
    """Per column: ``no``, ``rank``, ``unit``, ``group``, ``submitted``, ``adopted``,
    ``rate``, ``score``, ``level:NAME``, or ``None`` for a column tongbao does not read."""
    rows: tuple[PublishedRow, ...]

    def column(self, field: str) -> int | None:
        """The index of the column holding ``field``, or ``None``."""
        try:
            return self.fields.index(field)
        except ValueError:
            return None

    def cell(self, row: PublishedRow, field: str) -> str | None:
        """``row``'s cell for ``field`` (``None`` when there is no such column or cell)."""
        index = self.column(field)
        if index is None or index >= len(row.cells):
            return None
        return row.cells[index]

    def heading(self, field: str) -> str:
        """The printed heading of ``field``'s column (the usual one if there is none)."""
        index = self.column(field)
        if index is None:
            return FIELDS.get(field, (field,))[0]
        return self.headings[index]


@attrs.frozen
class PublishedAttachment:
    """An attachment: its label (``附件``, ``附件2``), title, table and the notes under it."""

    label: str
    title: str
    table: PublishedTable | None
    notes: tuple[str, ...] = ()


@attrs.frozen
class Published:
    """A published notice read back: every part as printed, characters normalised.

    Parts the notice lacks are ``None`` or empty. ``converted`` tells whether the text
    was in traditional characters and converted to simplified.
    """

    source: str
    form: Form
    title: str | None
    addressees: str | None
    """The 主送机关 line as printed, ending with ：."""
    paragraphs: tuple[str, ...]
    attachment_notes: tuple[str, ...]
    """The titles the 附件说明 names, in order, without ``附件：`` or numbering."""
    signature: str | None
    date: datetime.date | None
    attachments: tuple[PublishedAttachment, ...]
    header: str | None = None
    doc_number: str | None = None
    note: str | None = None
    cc: tuple[str, ...] = ()
    printed_by: str | None = None
    printed_date: datetime.date | None = None
    converted: bool = False

    @property
    def addressee_names(self) -> tuple[str, ...]:
        """The addressees one by one (the line split at 、 and ，)."""
        if not self.addressees:
            return ()
        line = self.addressees.rstrip("：:").strip()
        return tuple(p.strip() for p in re.split(r"[、，,；;]", line) if p.strip())


# --- numbers as printed -------------------------------------------------------------


def parse_count(text: str) -> int | None:
    """A printed count (``19``, ``1,234``, ``19条``), or ``None`` if it is not one."""
    if text.isascii() and text.isdigit():
        return int(text)
    cleaned = unicodedata.normalize("NFKC", text).strip().removesuffix("条").strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", cleaned):
        return int(cleaned.replace(",", ""))
    return None


def parse_rate(text: str) -> str | tuple[str, int] | None:
    """A printed rate: ``(digits, decimals)`` such as ``("43.3", 1)``, ``"undefined"``
    for a dash or an empty cell, or ``None`` when it cannot be read (``"?"``)."""
    cleaned = unicodedata.normalize("NFKC", text).strip().lower()
    if cleaned in _UNDEFINED:
        return "undefined"
    match = re.fullmatch(r"(\d+(?:\.(\d+))?)\s*%", cleaned)
    if match is None:
        return None
    return match[1], len(match[2] or "")


# --- characters -----------------------------------------------------------------------


def _clean_chars(text: str) -> str:
    """Pinyin annotations off, full-width digits and percent signs to ASCII."""
    text = _PINYIN.sub("", text)
    return text.translate(_FULL_WIDTH)


_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


def clean_text(text: str) -> str:
    """A paragraph's text with stray spaces off and ASCII punctuation in Chinese made full width.

    ``主题鲜明 。`` becomes ``主题鲜明。``; ``办事处,政府`` becomes ``办事处，政府``; a
    sentence ending ``提升.`` ends ``提升。``. Spaces between Latin words stay.
    """
    text = " ".join(text.replace("\u3000", " ").split())
    cjk_or_punct = rf"[{_CJK}\u3000-\u303f\uff00-\uffef“”‘’]"
    text = re.sub(rf"(?<={cjk_or_punct}) +| +(?={cjk_or_punct})", "", text)

    def full(match: re.Match[str]) -> str:
        return _HALF_TO_FULL[match[0]]

    text = re.sub(rf"(?<=[{_CJK}])[,:;!?()]|[,:;!?()](?=[{_CJK}])", full, text)
    return re.sub(rf"(?<=[{_CJK}”’）])\.$|(?<=[{_CJK}])\.(?=[{_CJK}“])", "。", text)


def _convert_traditional(texts: list[str]) -> tuple[list[str], bool]:
    """Traditional characters to simplified, when the document is written in them.

    A simplified document can hold a character the converter would change (乾 in a
    place name): the converter runs only when it changes at least 2% of the Chinese
    characters, or 10 of them.
    """
    joined = "\n".join(texts)
    chinese = len(re.findall(rf"[{_CJK}]", joined))
    if not chinese:
        return texts, False
    import opencc  # noqa: PLC0415 - only for traditional text

    converted = opencc.OpenCC("t2s").convert(joined)
    if len(converted) == len(joined):
        changed = sum(1 for a, b in zip(joined, converted, strict=True) if a != b)
        if changed < min(10, max(1, chinese // 50)):
            return texts, False
    lines = converted.split("\n")
    if len(lines) != len(texts):  # cannot happen: the converter keeps line breaks
        raise AssertionError("the traditional-to-simplified converter changed the lines")
    return lines, True


def _heading_field(text: str) -> str | None:
    key = "".join(unicodedata.normalize("NFKC", text).lower().split())
    key = re.sub(r"\((条|个|%|件|篇)\)$", "", key)
    field = _FIELD_OF.get(key)
    if field is not None:
        return field
    match = _LEVEL_HEADING.fullmatch(key)
    if match and match[1] not in ("", "信息"):
        return f"level:{match[1]}"
    return None


def _is_header(cells: Sequence[str]) -> bool:
    fields = {_heading_field(c) for c in cells}
    return "unit" in fields and bool({"submitted", "adopted", "rate"} & fields) and len(cells) >= 3


# --- tables in lines ----------------------------------------------------------------


@attrs.frozen
class _Text:
    text: str
    place: str


@attrs.frozen
class _Table:
    rows: tuple[tuple[str, ...], ...]
    place: str


def _row_ok(cells: Sequence[str], fields: Sequence[str | None]) -> bool:
    """Whether ``cells`` read as a row of the table with ``fields``."""
    values = dict(zip(fields, cells, strict=False))
    unit = values.get("unit", "").strip()
    if not unit or parse_count(unit) is not None:
        return False
    for field in ("submitted", "adopted"):
        text = values.get(field)
        if text is None:
            continue
        if parse_count(text) is None and len(text.strip()) > 3:
            return False
    return True


def _cells_per_line(lines: list[_Text], start: int) -> tuple[_Table, int] | None:
    """A table written one cell per line (scraped pages), from ``start``; and where it ends."""
    piped = lines[start].text.rstrip().endswith("|")

    def cell(i: int) -> str | None:
        if i >= len(lines):
            return None
        text = lines[i].text.strip()
        if piped:
            return text[:-1].strip() if text.endswith("|") else None
        return text

    headings: list[str] = []
    i = start
    while (text := cell(i)) is not None and _heading_field(text) is not None:
        headings.append(text)
        i += 1
    if not _is_header(headings):
        return None
    fields = [_heading_field(h) for h in headings]
    rows = [tuple(headings)]
    while len(rows) < _MAX_TABLE_ROWS:
        chunk = [cell(i + k) for k in range(len(headings))]
        if any(c is None for c in chunk):
            # The last row may be cut short by the page: keep it when its unit reads.
            present = [c for c in chunk if c is not None]
            if piped and len(present) >= 2 and _row_ok(present, fields):
                rows.append(tuple(present))
                i += len(present)
            break
        cells = [c for c in chunk if c is not None]
        if cells[0] in _TOTAL_LABELS or (len(cells) > 1 and cells[1] in _TOTAL_LABELS):
            rows.append(tuple(cells))
            i += len(headings)
            continue
        if not _row_ok(cells, fields):
            break
        rows.append(tuple(cells))
        i += len(headings)
    return _Table(tuple(rows), lines[start].place), i


@functools.lru_cache(maxsize=4096)
def _width(char: str) -> int:
    import wcwidth  # noqa: PLC0415

    return max(wcwidth.wcwidth(char), 1)


def _display_spans(line: str) -> list[tuple[int, int]]:
    """The columns of a ``----  ------`` rule line, in display cells."""
    return [(m.start(), m.end()) for m in re.finditer(r"-+", line)]


def _slice_display(line: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """``line`` cut into the columns ``spans`` gives, by each character's display middle."""
    cells: list[list[str]] = [[] for _ in spans]
    cuts = [left - 0.5 for left, _ in spans[1:]]
    column = 0
    for char in line:
        width = _width(char)
        cells[bisect.bisect_right(cuts, column + width / 2)].append(char)
        column += width
    return tuple("".join(c).strip() for c in cells)


_SPLIT = re.compile(r"\t+|\s{2,}|\u3000+")


def _columns_in_line(line: str) -> list[tuple[int, str]]:
    """Cells of an aligned line with their starting character positions."""
    cells = []
    for match in re.finditer(r"\S+(?: \S+)*", line.replace("\t", "  ").replace("\u3000", "  ")):
        cells.append((match.start(), match[0]))
    return cells


def _aligned(lines: list[_Text], start: int) -> tuple[_Table, int] | None:
    """A table in aligned columns (text output, a PDF's layout, a pipe table)."""
    head = lines[start].text
    headings = [c for _, c in _columns_in_line(head)]
    if not _is_header(headings):
        return None
    fields = [_heading_field(h) for h in headings]
    i = start + 1
    spans = None
    if i < len(lines) and re.fullmatch(r"[\s-]+", lines[i].text) and "-" in lines[i].text:
        spans = _display_spans(lines[i].text)
        i += 1
        if len(spans) != len(headings):
            spans = None
    positions = [p for p, _ in _columns_in_line(head)]
    rows: list[tuple[str, ...]] = [tuple(headings)]
    while i < len(lines) and len(rows) < _MAX_TABLE_ROWS:
        text = lines[i].text
        if spans is not None:
            cells = _slice_display(text, spans)
        else:
            found = _columns_in_line(text)
            if [c for _, c in found] == headings:  # the header again, on a new page
                i += 1
                continue
            if len(found) < len(headings):
                # A narrow column (序号) can sit one space from the next: split words.
                words = [
                    (start + match.start(), match[0])
                    for start, cell in found
                    for match in re.finditer(r"\S+", cell)
                ]
                if len(words) == len(headings):
                    found = words
            if len(found) == len(headings):
                cells = tuple(c for _, c in found)
            elif 2 <= len(found) < len(headings):
                cells = _by_position(found, positions)
            else:
                break
        label = next((c for c in cells[:2] if c), "")
        if label in _TOTAL_LABELS:
            rows.append(cells)
            i += 1
            continue
        if not _row_ok(cells, fields):
            break
        rows.append(cells)
        i += 1
    return _Table(tuple(rows), lines[start].place), i


def _by_position(found: list[tuple[int, str]], positions: list[int]) -> tuple[str, ...]:
    """Cells placed under the heading nearest to where each starts."""
    cells = [""] * len(positions)
    for start, text in found:
        nearest = min(range(len(positions)), key=lambda k: abs(positions[k] - start))
        while nearest < len(cells) - 1 and cells[nearest]:
            nearest += 1
        cells[nearest] = text
    return tuple(cells)


def _piped(lines: list[_Text], start: int) -> tuple[_Table, int] | None:
    def split(text: str) -> list[str]:
        return [c.strip() for c in text.strip().strip("|").split("|")]

    headings = split(lines[start].text)
    if not _is_header(headings):
        return None
    rows: list[tuple[str, ...]] = [tuple(headings)]
    i = start + 1
    while i < len(lines) and lines[i].text.strip().startswith("|"):
        cells = split(lines[i].text)
        if not all(re.fullmatch(r":?-+:?", c) for c in cells if c):
            rows.append(tuple(cells))
        i += 1
    return _Table(tuple(rows), lines[start].place), i


def _tables_in(lines: list[_Text]) -> list[_Text | _Table]:
    out: list[_Text | _Table] = []
    i = 0
    while i < len(lines):
        found = None
        if _heading_field(lines[i].text.strip().rstrip("|").strip()) is not None:
            found = _cells_per_line(lines, i)
        if found is None and lines[i].text.strip().startswith("|"):
            found = _piped(lines, i)
        if found is None and len(_columns_in_line(lines[i].text)) >= 3:
            found = _aligned(lines, i)
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        table, i = found
        out.append(table)
    return out


# --- the notice's parts -------------------------------------------------------------


def _date(text: str) -> datetime.date | None:
    """A date line's date (``2018年5月10日``, ``二〇一八年五月十日``), or None."""
    cleaned = text.strip()
    if re.search(r"[〇○零一二三四五六七八九十]", cleaned):
        cleaned = _chinese_date(cleaned)
    match = _DATE.fullmatch(cleaned)
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _chinese_date(text: str) -> str:
    match = re.fullmatch(
        r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]+)月([一二三四五六七八九十]+)日",
        text,
    )
    if match is None:
        return text

    def number(part: str) -> str:
        if "十" not in part:
            return "".join(_CN_DIGITS.get(c, c) for c in part)
        tens, _, ones = part.partition("十")
        return str(
            int(_CN_DIGITS.get(tens, "1") if tens else "1") * 10
            + int(_CN_DIGITS.get(ones, "0") if ones else "0")
        )

    year = "".join(_CN_DIGITS[c] for c in match[1])
    return f"{year}年{number(match[2])}月{number(match[3])}日"


def _group_row(cells: tuple[str, ...]) -> bool:
    filled = [c for c in cells if c]
    if len(cells) < 2:
        return False
    return (len(filled) == 1 and cells[0] == filled[0]) or (len(set(cells)) == 1 and bool(cells[0]))


def _table(rows: Sequence[tuple[str, ...]]) -> PublishedTable | None:
    """The published table in ``rows``: the header found, rows after it classified."""
    header_at = next((k for k, row in enumerate(rows[:5]) if _is_header(row)), None)
    if header_at is None:
        return None
    headings = tuple(" ".join(h.split()) for h in rows[header_at])
    fields = tuple(_heading_field(h) for h in headings)
    out: list[PublishedRow] = []
    for cells in rows[header_at + 1 :]:
        cleaned = tuple(" ".join(unicodedata.normalize("NFKC", c).split()) for c in cells)
        if not any(cleaned) or cleaned == headings:
            continue
        cleaned = cleaned + ("",) * (len(headings) - len(cleaned))
        unit_index = fields.index("unit")
        label = cleaned[unit_index] or next((c for c in cleaned if c), "")
        kind: Literal["unit", "group", "subtotal", "total"] = "unit"
        if label.replace(" ", "") in _TOTAL_LABELS:
            kind = "total" if _TOTAL_LABELS[label.replace(" ", "")] == "total" else "subtotal"
        elif _group_row(cleaned):
            kind = "group"
            cleaned = (next(c for c in cleaned if c),)
        out.append(PublishedRow(len(out) + 1, cleaned, kind))
    return PublishedTable(headings, fields, tuple(out))


def _reflow(lines: list[_Text | _Table]) -> list[_Text | _Table]:
    """A PDF's wrapped lines joined into paragraphs.

    A line continues the one before when it is not indented and the one before fills
    the measure (within three characters of the longest line): a paragraph's last line
    is shorter, and every paragraph's first line is indented.
    """
    import wcwidth  # noqa: PLC0415

    def width(text: str) -> int:
        # Inner spaces are the layout's gaps, not characters; an indent's spaces stand
        # for full-width ones.
        return max(0, wcwidth.wcswidth("".join(text.split()))) + 2 * indent(text)

    def flush_left(text: str) -> bool:
        return indent(text) <= margin

    def indent(text: str) -> int:
        return len(text) - len(text.lstrip())

    texts = [item for item in lines if isinstance(item, _Text)]
    if not texts:
        return lines
    margin = min(indent(t.text) for t in texts)
    full = max(width(t.text) for t in texts if flush_left(t.text))
    out: list[_Text | _Table] = []
    last_width = 0
    for item in lines:
        previous = out[-1] if out else None
        if (
            isinstance(item, _Text)
            and isinstance(previous, _Text)
            and flush_left(item.text)
            and last_width >= full - 6
            and not _special(item.text.strip())
            and not _special(previous.text.strip())
        ):
            out[-1] = _Text(previous.text.rstrip() + item.text.strip(), previous.place)
        else:
            out.append(item)
        last_width = width(item.text) if isinstance(item, _Text) else 0
    return out


def _special(text: str) -> bool:
    return bool(
        _LABEL.fullmatch(text)
        or _NOTE_LINE.fullmatch(text)
        or _date(text)
        or text.endswith(("：", ":"))
    )


def read_published(path: str | os.PathLike[str]) -> Published:
    """Read a published notice (DOCX, HTML, PDF or text) and find its parts.

    Raises:
        InputError: the file cannot be read, is in no known form, or holds no table of
            units (单位 with 报送数 or 采纳数); the message names the file and the place.
    """
    file = Path(path)
    name = str(file)
    form, blocks = read_source(file)
    return parse_blocks(blocks, name, form)


def parse_blocks(blocks: Sequence[Block], name: str, form: Form) -> Published:
    """The parts of a notice from its lines and tables (see :func:`read_published`)."""
    texts = [
        b.text.replace("\n", " ")
        if isinstance(b, Line)
        else "\u0001".join("\u0002".join(c.replace("\n", " ") for c in r) for r in b.rows)
        for b in blocks
    ]
    texts = [_clean_chars(t) for t in texts]
    texts, converted = _convert_traditional(texts)
    items: list[_Text | _Table] = []
    pending: list[_Text] = []

    def flush() -> None:
        found = _tables_in(pending)  # on the lines as laid out: columns keep their spacing
        items.extend(_reflow(found) if form == "pdf" else found)
        pending.clear()

    for block, text in zip(blocks, texts, strict=True):
        if isinstance(block, Grid):
            flush()
            rows = tuple(tuple(r.split("\u0002")) for r in text.split("\u0001"))
            items.append(_Table(rows, block.place))
        else:
            pending.append(_Text(text, block.place))
    flush()
    return _parts(items, name, form, converted)


def _parts(items: list[_Text | _Table], name: str, form: Form, converted: bool) -> Published:
    # Clean every text line; empty lines go.
    seq: list[_Text | _Table] = []
    for item in items:
        if isinstance(item, _Text):
            text = clean_text(item.text)
            if text:
                seq.append(_Text(text, item.place))
        else:
            seq.append(item)
    tables = [
        (k, table)
        for k, item in enumerate(seq)
        if isinstance(item, _Table) and (table := _table(item.rows)) is not None
    ]
    if not tables:
        # A table that is only layout: its cells are text.
        raise InputError.at(
            "no table of units found: expected a header row with 单位 and 报送数/采纳数 "
            "(also 序号, 采纳率, 得分 … in any order)",
            name,
        )
    for k, item in enumerate(seq):
        if isinstance(item, _Table) and all(k != t for t, _ in tables):
            seq[k] = _Text(" ".join(c for r in item.rows for c in r if c), item.place)
    attachments: list[PublishedAttachment] = []
    first_label = None
    for n, (k, table) in enumerate(tables):
        title_lines: list[str] = []
        label = "附件" if len(tables) == 1 else f"附件{n + 1}"
        j = k - 1
        while j >= 0 and isinstance(seq[j], _Text) and len(title_lines) < 3:
            text = seq[j].text  # type: ignore[union-attr]
            match = _LABEL.fullmatch(text)
            if match:
                label = f"附件{match[1]}"
                first_label = j if first_label is None or j < first_label else first_label
                break
            title_lines.insert(0, text)
            j -= 1
        else:
            if first_label is None or k - len(title_lines) < first_label:
                first_label = k - len(title_lines)
        end = tables[n + 1][0] if n + 1 < len(tables) else len(seq)
        notes = []
        for item in seq[k + 1 : end]:
            if isinstance(item, _Text) and not _LABEL.fullmatch(item.text):
                notes.append(item.text)
        attachments.append(PublishedAttachment(label, "".join(title_lines), table, tuple(notes)))
    cc, printed_by, printed_date, last = _imprint(attachments)
    if last is not None:
        attachments[-1] = last
    main = [item.text for item in seq[: first_label or 0] if isinstance(item, _Text)]
    return _main_parts(
        main,
        attachments,
        name,
        form=form,
        converted=converted,
        cc=cc,
        printed_by=printed_by,
        printed_date=printed_date,
    )


def _imprint(
    attachments: list[PublishedAttachment],
) -> tuple[tuple[str, ...], str | None, datetime.date | None, PublishedAttachment | None]:
    """The 版记 at the end: 抄送 and 印发 lines after the last table."""
    if not attachments:
        return (), None, None, None
    last = attachments[-1]
    notes = list(last.notes)
    cc: tuple[str, ...] = ()
    printed_by = None
    printed_date = None
    kept = []
    for note in notes:
        if note.startswith(("抄送：", "抄送:")):
            body = note.split("：", 1)[-1] if "：" in note else note.split(":", 1)[-1]
            cc = tuple(p for p in re.split(r"[，、,]", body.rstrip("。.")) if p)
        elif match := re.fullmatch(r"(.+?)\s*(\d{4}年\d{1,2}月\d{1,2}日)印发", note):
            printed_by, printed_date = match[1].strip(), _date(match[2])
        else:
            kept.append(note)
    if len(kept) == len(notes):
        return (), None, None, None
    return cc, printed_by, printed_date, attrs.evolve(last, notes=tuple(kept))


def _main_parts(
    lines: list[str],
    attachments: list[PublishedAttachment],
    name: str,
    *,
    form: Form,
    converted: bool,
    cc: tuple[str, ...],
    printed_by: str | None,
    printed_date: datetime.date | None,
) -> Published:
    date = None
    signature = None
    note = None
    date_at = next((k for k in range(len(lines) - 1, -1, -1) if _date(lines[k])), None)
    end = len(lines)
    if date_at is not None:
        date = _date(lines[date_at])
        after = lines[date_at + 1 :]
        note = next((t for t in after if re.fullmatch(r"[（(].+[）)]", t)), None)
        end = date_at
        if date_at > 0 and not _NOTE_LINE.fullmatch(lines[date_at - 1]):
            signature = lines[date_at - 1]
            end = date_at - 1
    head = lines[:end]
    header = doc_number = None
    while head and (_DOC_NUMBER.fullmatch(head[0]) or head[0].endswith("文件")) and len(head) > 1:
        if _DOC_NUMBER.fullmatch(head[0]):
            doc_number = head.pop(0)
        else:
            header = head.pop(0)
    notes: list[str] = []
    note_at = next((k for k, t in enumerate(head) if _NOTE_LINE.fullmatch(t)), None)
    if note_at is not None:
        for k, text in enumerate(head[note_at:]):
            match = _NOTE_LINE.fullmatch(text) if k == 0 else None
            item = match[1] if match else text
            numbered = _NUMBERED.fullmatch(item)
            if k > 0 and numbered is None:
                break
            notes.append(numbered[2] if numbered else item)
        head = head[:note_at]
    addressee_at = next(
        (
            k
            for k, t in enumerate(head[:6])
            if t.endswith(("：", ":")) and len(t) < 300 and not t.startswith("附件")
        ),
        None,
    )
    title = None
    addressees = None
    if addressee_at is not None:
        title = "".join(head[:addressee_at]) or None
        addressees = head[addressee_at].rstrip(":") + (
            "：" if head[addressee_at].endswith(":") else ""
        )
        body = head[addressee_at + 1 :]
    elif head and ("通报" in head[0] or head[0].startswith("关于")):
        title, body = head[0], head[1:]
    else:
        body = head
    return Published(
        source=name,
        form=form,
        title=title,
        addressees=addressees,
        paragraphs=tuple(body),
        attachment_notes=tuple(notes),
        signature=signature,
        date=date,
        attachments=tuple(attachments),
        header=header,
        doc_number=doc_number,
        note=note,
        cc=cc,
        printed_by=printed_by,
        printed_date=printed_date,
        converted=converted,
    )
