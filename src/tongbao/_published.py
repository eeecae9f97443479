"""A published notice, read back: its parts and its table, as printed.

:func:`read_published` reads a notice in any form :mod:`tongbao._sources` knows (DOCX,
HTML, PDF, text), normalises its characters as the loaders do and more (traditional to
simplified characters, pinyin annotations off, full-width digits, stray spaces) and
finds its parts: title, addressees, body, 附件说明, signature, date, attachments with
their tables. Figures stay as printed (``"63.1%"``, ``"?"``): checking them is
:mod:`tongbao._audit`'s job, turning them into a notice :mod:`tongbao._import`'s.
"""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import attrs

from ._sources import Block, Form, Grid, Line, read_source
from ._tabletext import (
    FIELDS,
    TOTAL_LABELS,
    TableLines,
    TextLine,
    heading_field,
    is_header,
    parse_count,
    parse_rate,
    tables_in,
)
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
    header_at = next((k for k, row in enumerate(rows[:5]) if is_header(row)), None)
    if header_at is None:
        return None
    headings = tuple(" ".join(h.split()) for h in rows[header_at])
    fields = tuple(heading_field(h) for h in headings)
    out: list[PublishedRow] = []
    for cells in rows[header_at + 1 :]:
        cleaned = tuple(" ".join(unicodedata.normalize("NFKC", c).split()) for c in cells)
        if not any(cleaned) or cleaned == headings:
            continue
        cleaned = cleaned + ("",) * (len(headings) - len(cleaned))
        unit_index = fields.index("unit")
        label = cleaned[unit_index] or next((c for c in cleaned if c), "")
        kind: Literal["unit", "group", "subtotal", "total"] = "unit"
        if label.replace(" ", "") in TOTAL_LABELS:
            kind = "total" if TOTAL_LABELS[label.replace(" ", "")] == "total" else "subtotal"
        elif _group_row(cleaned):
            kind = "group"
            cleaned = (next(c for c in cleaned if c),)
        out.append(PublishedRow(len(out) + 1, cleaned, kind))
    return PublishedTable(headings, fields, tuple(out))


def _reflow(lines: list[TextLine | TableLines]) -> list[TextLine | TableLines]:
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

    texts = [item for item in lines if isinstance(item, TextLine)]
    if not texts:
        return lines
    margin = min(indent(t.text) for t in texts)
    full = max(width(t.text) for t in texts if flush_left(t.text))
    out: list[TextLine | TableLines] = []
    last_width = 0
    for item in lines:
        previous = out[-1] if out else None
        if (
            isinstance(item, TextLine)
            and isinstance(previous, TextLine)
            and flush_left(item.text)
            and last_width >= full - 6
            and not _special(item.text.strip())
            and not _special(previous.text.strip())
        ):
            out[-1] = TextLine(previous.text.rstrip() + item.text.strip(), previous.place)
        else:
            out.append(item)
        last_width = width(item.text) if isinstance(item, TextLine) else 0
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
    items: list[TextLine | TableLines] = []
    pending: list[TextLine] = []

    def flush() -> None:
        found = tables_in(pending)  # on the lines as laid out: columns keep their spacing
        items.extend(_reflow(found) if form == "pdf" else found)
        pending.clear()

    for block, text in zip(blocks, texts, strict=True):
        if isinstance(block, Grid):
            flush()
            rows = tuple(tuple(r.split("\u0002")) for r in text.split("\u0001"))
            items.append(TableLines(rows, block.place))
        else:
            pending.append(TextLine(text, block.place))
    flush()
    return _parts(items, name, form, converted)


def _parts(items: list[TextLine | TableLines], name: str, form: Form, converted: bool) -> Published:
    # Clean every text line; empty lines go.
    seq: list[TextLine | TableLines] = []
    for item in items:
        if isinstance(item, TextLine):
            text = clean_text(item.text)
            if text:
                seq.append(TextLine(text, item.place))
        else:
            seq.append(item)
    tables = [
        (k, table)
        for k, item in enumerate(seq)
        if isinstance(item, TableLines) and (table := _table(item.rows)) is not None
    ]
    if not tables:
        # A table that is only layout: its cells are text.
        raise InputError.of("published.no_table", name)
    for k, item in enumerate(seq):
        if isinstance(item, TableLines) and all(k != t for t, _ in tables):
            seq[k] = TextLine(" ".join(c for r in item.rows for c in r if c), item.place)
    attachments: list[PublishedAttachment] = []
    first_label = None
    for n, (k, table) in enumerate(tables):
        title_lines: list[str] = []
        label = "附件" if len(tables) == 1 else f"附件{n + 1}"
        j = k - 1
        while j >= 0 and isinstance(seq[j], TextLine) and len(title_lines) < 3:
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
            if isinstance(item, TextLine) and not _LABEL.fullmatch(item.text):
                notes.append(item.text)
        attachments.append(PublishedAttachment(label, "".join(title_lines), table, tuple(notes)))
    cc, printed_by, printed_date, last = _imprint(attachments)
    if last is not None:
        attachments[-1] = last
    main = [item.text for item in seq[: first_label or 0] if isinstance(item, TextLine)]
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
    kept: list[str] = []
    for note in notes:
        if note.startswith(("抄送：", "抄送:")):
            body = note.split("：", 1)[-1] if "：" in note else note.split(":", 1)[-1]
            cc = tuple(p for p in re.split(r"[，、,]", body.rstrip("。.")) if p)
        elif match := re.fullmatch(r"(.*?)\s*(\d{4}年\d{1,2}月\d{1,2}日)印发", note):
            printed_date = _date(match[2])
            # The 印发机关 on the same line, or alone on the line above.
            printed_by = match[1].strip() or (kept.pop() if kept else None)
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
