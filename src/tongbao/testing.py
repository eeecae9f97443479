"""Helpers for testing a renderer plugin: sample documents and one thorough check.

.. code-block:: python

    import re
    from html import unescape

    from tongbao.testing import check_renderer
    from tongbao_html import HtmlRenderer


    def reader_text(data: bytes) -> str:
        # what a reader sees: tags stripped, entities decoded (not data.decode())
        return unescape(re.sub(r"<[^>]+>", "", data.decode()))


    def test_html_renderer():
        check_renderer(HtmlRenderer(), text_of=reader_text)

No files are read: the samples are built in code from the seed notice's figures.
"""

from __future__ import annotations

import datetime
import io
import os
import pickle
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import attrs

from ._compose import compose
from ._model import Tally, Unit
from ._notice import AttachmentSpec, ColumnSpec, Excluded, Notice
from ._period import Period
from .document import Attachment, Column, Document, Header, Imprint, Paragraph, Row, Table
from .errors import OptionError, TongbaoError
from .hookspecs import Renderer

__all__ = [
    "HOSTILE",
    "MAY_REFUSE",
    "check_renderer",
    "hostile_document",
    "sample_document",
    "sample_notice",
    "text_fields",
]

HOSTILE = (
    "<script>alert(1)</script>",
    "A&B",
    "]]>",
    "{period}",
    '<para fontSize="40">',
    "&amp;",
    "a|b",
    "*bold* _em_",
    "# 标题",
    '=HYPERLINK("x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "<b>markup</b>",
    "\u202edlrow\u202c",
    "𠀀𝄞",
)
"""Texts that fight output formats — markup, Markdown, spreadsheet formulas (a leading
``=``, ``+``, ``-``, ``@``), CDATA ends, placeholders, right-to-left marks, characters
beyond the BMP; a renderer must print each literally, in every text field."""

MAY_REFUSE = ("𠀀𝄞",)
"""Hostile texts a renderer may refuse with a :class:`~tongbao.TongbaoError` (a font
without the character), rather than print: refusing is fine, printing wrongly is not."""

_SEED = (
    ("南川东路办事处", "镇街", 19, 9),
    ("仓门街办事处", "镇街", 14, 7),
    ("区政府办公室", "部门", 14, 14),
    ("区建设局", "部门", 0, 0),
)


def sample_notice(*, hostile: bool = False) -> Notice:
    """A small notice with the seed's figures; with ``hostile``, units named from HOSTILE."""
    period = Period.parse("2018-03/2018-04")
    rows = list(_SEED)
    if hostile:
        for name in HOSTILE:
            try:
                Unit(name)
            except ValueError:
                continue  # a name tongbao itself refuses never reaches a renderer
            rows.append((name, "部门", 3, 1))
    return Notice(
        title="关于2018年3-4月份政府门户网站信息报送情况的通报",
        issuer="西宁市城中区人民政府办公室",
        date=datetime.date(2018, 5, 10),
        period=period,
        addressees=["总寨镇政府", "各街道办事处", "政府各部门"],
        body=["{period}累计报送各类信息{submitted}条，采纳发布{adopted}条，信息采发率{rate}。"],
        tallies=[Tally(Unit(name, group=group), period, s, a) for name, group, s, a in rows],
        attachment=AttachmentSpec(title="3-4月网站信息报送情况统计表", total=True),
        note="此件主动公开",
    )


def _full_notice() -> Notice:
    period = Period.parse("2018-03/2018-04")
    excluded: tuple[Excluded, ...] = (Excluded("区档案馆", "有独立网站"),)
    return Notice(
        title="关于2018年3-4月份政府门户网站信息报送情况的通报",
        issuer="西宁市城中区人民政府办公室",
        header="西宁市城中区人民政府办公室文件",
        doc_number="城政办〔2018〕21号",
        date=datetime.date(2018, 5, 10),
        period=period,
        addressees=["总寨镇政府", "各街道办事处", "政府各部门"],
        body=[
            "为进一步做好政府门户网站信息报送工作，现将有关情况通报如下。",
            Paragraph("一、总体情况", 1),
            "{period}累计报送各类信息{submitted}条，采纳发布{adopted}条，信息采发率{rate}。",
            Paragraph("（一）镇街", 2),
            "镇街报送较多，请各部门加强信息报送。",
        ],
        tallies=[Tally(Unit(n, group=g), period, s, a) for n, g, s, a in _SEED],
        attachment=AttachmentSpec(
            title="3-4月网站信息报送情况统计表",
            order="rate",
            grouped=True,
            total=True,
            chart=True,
            rate_places=1,
            columns=[
                ColumnSpec("rank"),
                ColumnSpec("unit"),
                ColumnSpec("submitted", group="信息数量"),
                ColumnSpec("adopted", group="信息数量"),
                ColumnSpec("rate"),
            ],
            zero_units_title="3-4月未报送信息单位名单",
        ),
        note="此件主动公开",
        excluded=excluded,  # type: ignore[arg-type]  # attrs types converter=tuple loosely
        cc=["区委办公室", "区人大办公室"],
        printed_by="西宁市城中区人民政府办公室秘书科",
        printed_date=datetime.date(2018, 5, 11),
    )


def sample_document(*, hostile: bool = False, full: bool = False) -> Document:
    """:func:`sample_notice`, resolved: what a renderer receives.

    With ``full``, a document with every part a notice can have: red header and 发文字号,
    一、 and （一） headings, two attachments, a grouped two-row header, group rows,
    小计 and 合计 rows, a chart, notes under a table, the 附注 and the 版记.
    """
    if full:
        return compose(_full_notice())
    return compose(sample_notice(hostile=hostile))


def text_fields(document: Document) -> Iterator[tuple[str, str]]:
    """``(field, text)`` for every text a reader of ``document`` must see, in page order.

    Charts are left out (a page format may draw them as a picture); everything else is
    in: title, 主送机关, paragraphs, 附件说明, 署名, 成文日期, 附注, red header and
    发文字号, each attachment's label, title, header cells, cells and notes, and the 版记.
    """
    if document.header is not None:
        if document.header.issuer_mark:
            yield "header.issuer_mark", document.header.issuer_mark
        if document.header.doc_number:
            yield "header.doc_number", document.header.doc_number
    yield "title", document.title
    if document.addressees:
        yield "addressees", document.addressees
    for n, paragraph in enumerate(document.paragraphs):
        yield f"paragraphs[{n}]", paragraph.text
    for n, line in enumerate(document.attachment_notes):
        yield f"attachment_notes[{n}]", line
    yield "signature", document.signature
    yield "date", document.date
    if document.note:
        yield "note", document.note
    for a, attachment in enumerate(document.attachments):
        where = f"attachments[{a}]"
        yield f"{where}.label", attachment.label
        yield f"{where}.title", attachment.title
        for r, header in enumerate(attachment.table.header_rows()):
            for cell in header:
                yield f"{where}.table.header_rows()[{r}] column {cell.column}", cell.text
        for r, row in enumerate(attachment.table.rows):
            for c, text in enumerate(row.cells):
                if text:
                    yield f"{where}.table.rows[{r}].cells[{c}]", text
        for n, note in enumerate(attachment.notes):
            yield f"{where}.notes[{n}]", note
    if document.imprint is not None:
        for name in ("cc", "printed_by", "printed_date"):
            value = getattr(document.imprint, name)
            if value:
                yield f"imprint.{name}", value


def hostile_document(sample: str) -> Document:
    """The full sample with ``sample`` in every text field, each tagged ``〔n〕`` after it.

    The hostile text starts each field (a leading ``=`` stays leading); the tag makes
    every field's text distinct, so a dropped field cannot be matched by another.
    """
    base = sample_document(full=True)
    counter = iter(range(1, 10_000))

    def tag() -> str:
        return f"{sample}〔{next(counter)}〕"

    def table(t: Table) -> Table:
        # The unit column's heading (a wide column: a page format need not wrap it) and
        # the group headings; narrow number columns keep theirs.
        columns = tuple(
            attrs.evolve(
                c,
                heading=tag() if c.role == "unit" else c.heading,
                group=f"{sample}〔组〕" if c.group else None,
            )
            for c in t.columns
        )
        rows = []
        for row in t.rows:
            if row.kind in ("unit", "group"):
                cells = list(row.cells)
                where = 0 if row.kind == "group" else _unit_index(t.columns)
                cells[where] = tag()
                rows.append(Row(tuple(cells), row.kind, row.values))
            else:
                rows.append(row)
        return Table(columns, tuple(rows))

    header = Header(tag(), tag())
    title = tag()
    addressees = tag()
    paragraphs = tuple(Paragraph(tag(), p.level) for p in base.paragraphs)
    signature = tag()
    note = tag()
    titles = [tag() for _ in base.attachments]
    # the 附件说明 keep their form (附件：1. …), with the attachments' new titles
    notes_lines = tuple(
        line.replace(old.title, new) if old.title in line else line
        for line, old, new in zip(base.attachment_notes, base.attachments, titles, strict=True)
    )
    attachments = tuple(
        Attachment(a.label, new, table(a.table), tuple(tag() for _ in a.notes) or (tag(),), a.chart)
        for a, new in zip(base.attachments, titles, strict=True)
    )
    imprint = Imprint(tag(), tag(), base.imprint.printed_date if base.imprint else None)
    return attrs.evolve(
        base,
        header=header,
        title=title,
        addressees=addressees,
        paragraphs=paragraphs,
        attachment_notes=notes_lines,
        signature=signature,
        note=note,
        attachments=attachments,
        imprint=imprint,
    )


def _unit_index(columns: tuple[Column, ...]) -> int:
    roles = [c.role for c in columns]
    return roles.index("unit") if "unit" in roles else 0


def _normal(text: str) -> str:
    """Text as compared: no white space, no invisible format characters (RTL marks)."""
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cf",)
    )


def _missing(document: Document, text: str) -> tuple[str, str] | None:
    """The first field not found in ``text``: each text must occur as often as fields hold it."""
    fields = [(field, _normal(value)) for field, value in text_fields(document)]
    fields = [(field, value) for field, value in fields if value]
    for field, value in fields:
        needed = sum(other.count(value) for _, other in fields)
        if text.count(value) < needed:
            return field, value
    return None


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _markup_text(data: bytes) -> str:
    parser = _HtmlText()
    parser.feed(data.decode("utf-8", "replace"))
    parser.close()
    return "".join(parser.parts)


_PIPE = re.compile(r"(?<!\\)\|")


def _markdown_tables(data: bytes) -> str | None:
    """A Markdown table row whose cell count differs from its header's (an unescaped ``|``)."""
    width = None
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("|"):
            width = None
            continue
        cells = len(_PIPE.split(stripped.strip("|"))) if stripped != "|" else 0
        if width is None:
            width = cells
        elif cells != width:
            return f"line {number} has {cells} cells where its table has {width}: {line!r}"
    return None


_NUMBER_TEXT = re.compile(r"[+-]?\d+(\.\d+)?%?")


def _spreadsheet(data: bytes, document: Document) -> str | None:
    """A formula, or a number stored as text, in an XLSX workbook."""
    import openpyxl  # noqa: PLC0415 - only for spreadsheet formats

    numbers = {
        text
        for attachment in document.attachments
        for row in attachment.table.rows
        for text, value in zip(row.cells, row.values, strict=False)
        if value.numeric
    }
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    return (
                        f"sheet {sheet.title!r} cell {cell.coordinate} is a formula: {cell.value!r}"
                    )
                value = cell.value
                if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value) and value in numbers:
                    return (
                        f"sheet {sheet.title!r} cell {cell.coordinate} holds the number "
                        f"{value!r} as text; write the cell's value (Row.values)"
                    )
    return None


_TEXT_TYPES = ("text/", "application/json", "application/xml", "image/svg+xml")

_CHILD = """
import os, pickle, sys, time
offset = float(os.environ.pop("TONGBAO_CHECK_CLOCK_OFFSET", "0"))
if offset:  # a clock that claims another year, for what reads time.time()
    real = time.time
    time.time = lambda: real() + offset
    time.time_ns = lambda: int((real() + offset) * 1e9)
renderer, document = pickle.loads(sys.stdin.buffer.read())
sys.stdout.buffer.write(renderer.render(document, {}))
"""


def _render_elsewhere(renderer: Renderer, document: Document, seconds_apart: float) -> list[bytes]:
    """The document rendered in two fresh interpreters that differ in TZ, locale, hash
    seed and start time (``seconds_apart``); the second's ``time.time`` is ten years on."""
    try:
        payload = pickle.dumps((renderer, document))
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        raise AssertionError(
            f"the renderer cannot be sent to another process to check its bytes ({exc}); "
            "define its class at module level, or pass processes=False"
        ) from None
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "TZ", "LANG"))}
    base["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    variants = [
        {"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONHASHSEED": "1"},
        {
            "TZ": "Pacific/Kiritimati",
            "LC_ALL": "zh_CN.UTF-8",
            "LANG": "zh_CN.UTF-8",
            "PYTHONHASHSEED": "2",
            "TONGBAO_CHECK_CLOCK_OFFSET": str(10 * 365 * 86400),
        },
    ]
    started = time.monotonic()
    children = []
    for n, variant in enumerate(variants):
        if n:
            time.sleep(max(0.0, seconds_apart - (time.monotonic() - started)))
        children.append(
            subprocess.Popen(  # noqa: S603 - our own interpreter and script
                [sys.executable, "-c", _CHILD],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**base, **variant},
            )
        )
    outputs = []
    for child, variant in zip(children, variants, strict=True):
        out, err = child.communicate(payload, timeout=300)
        if child.returncode != 0:
            raise AssertionError(
                f"rendering in a fresh process (TZ={variant['TZ']}) failed:\n"
                f"{err.decode(errors='replace')[-2000:]}"
            )
        outputs.append(out)
    return outputs


def check_renderer(
    renderer: Renderer,
    *,
    text_of: Callable[[bytes], str] | None = None,
    processes: bool = True,
) -> None:
    """Check what every renderer must do; raise ``AssertionError`` saying what failed.

    In order: it returns ``bytes``; the same document gives the same bytes; an unknown
    option is an :class:`~tongbao.OptionError`; every text field of the full sample
    (:func:`text_fields`) appears in ``text_of(output)`` as often as the fields hold it;
    each of :data:`HOSTILE` comes out literally in every text field
    (:func:`hostile_document`); HTML/XML is read by a real parser too (so
    ``text_of=data.decode()`` cannot hide unescaped markup), Markdown tables keep their
    cell counts, XLSX holds no formula and no number stored as text; and, with
    ``processes``, two fresh interpreters with different ``TZ``, locale, hash seed and a
    clock two seconds apart (and ``time.time`` ten years on in one) give the same bytes.

    Args:
        renderer: the renderer under test.
        text_of: the text a reader sees in the output (for HTML: tags stripped and
            entities decoded; for DOCX: paragraphs and cells). Required unless the
            output is text (a ``text/…``, JSON or XML media type), which is then decoded
            as UTF-8.
        processes: also render in two subprocesses (the renderer must be picklable).
    """
    name = getattr(renderer, "name", type(renderer).__name__)
    media_type = str(getattr(renderer, "media_type", ""))
    textual = media_type.startswith(_TEXT_TYPES) or "+xml" in media_type
    document = sample_document(full=True)
    data = renderer.render(document, {})
    if not isinstance(data, bytes):
        raise AssertionError(f"{name}: render() returned {type(data).__name__}, not bytes")
    if renderer.render(sample_document(full=True), {}) != data:
        raise AssertionError(f"{name}: the same document gave different bytes")
    try:
        renderer.render(document, {"no_such_option": "1"})
    except OptionError:
        pass
    else:
        raise AssertionError(f"{name}: an unknown option was accepted; use read_options()")
    if text_of is None:
        if not textual:
            raise AssertionError(
                f"{name}: its output ({media_type or 'no media type'}) is not text; pass "
                "text_of, a function giving the text a reader sees in it"
            )
        text_of = _utf8
    reader = _reader(media_type, text_of)
    missing = _missing(document, reader(data))
    if missing is not None:
        field, value = missing
        raise AssertionError(
            f"{name}: the sample's {field} ({value!r}) is missing from the output (or "
            "printed fewer times than the document holds it)"
        )
    for sample in HOSTILE:
        hostile = hostile_document(sample)
        try:
            out = renderer.render(hostile, {})
        except TongbaoError:
            if sample in MAY_REFUSE:
                continue
            raise
        problem = _format_problem(media_type, out, hostile)
        if problem:
            raise AssertionError(f"{name}: with {sample!r} in every field: {problem}")
        missing = _missing(hostile, reader(out))
        if missing is not None:
            field, value = missing
            raise AssertionError(
                f"{name}: {sample!r} does not come out literally: {field} should read "
                f"{value!r} (is text_of the text a reader sees, entities decoded?)"
            )
    if processes:
        first, second = _render_elsewhere(renderer, document, 2.0)
        if not first == second == data:
            raise AssertionError(
                f"{name}: different bytes in another process (TZ, locale, hash seed or "
                "clock differ): take dates from document.issued, fix archive timestamps "
                "(tongbao.archive.fix_zip_timestamps), never iterate over sets"
            )


def _utf8(data: bytes) -> str:
    return data.decode("utf-8")


def _markup(media_type: str) -> bool:
    kind = media_type.split(";", maxsplit=1)[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml", "text/xml", "application/xml") or (
        kind.endswith("+xml")
    )


def _reader(media_type: str, text_of: Callable[[bytes], str]) -> Callable[[bytes], str]:
    """The text a reader sees, normalised: for HTML and XML, what a real parser reads
    (so ``text_of=data.decode()`` cannot let unescaped markup through); else ``text_of``."""
    if _markup(media_type):
        return lambda data: _normal(_markup_text(data))
    return lambda data: _normal(text_of(data))


def _format_problem(media_type: str, data: bytes, document: Document) -> str | None:
    if _markup(media_type):
        found = _normal(_markup_text(data))
        for field, value in text_fields(document):
            if _normal(value) not in found:
                return f"{field} is not in the text an HTML/XML parser reads: is it escaped?"
    if "markdown" in media_type:
        return _markdown_tables(data)
    if "spreadsheetml" in media_type:
        return _spreadsheet(data, document)
    return None
