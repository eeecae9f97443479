"""An XLSX renderer for tongbao: the notice's attachment tables as a workbook.

A first sheet, 正文, holds the notice's texts (title, body, signature, date, 版记 …),
one a row. Then one sheet per attachment (named by its label: 附件, 附件1 …), its title
over the table, the header as the document gives it (a column group's heading merged
over its columns), then the rows: counts and scores are numbers, rates are fractions
shown as percentages with the notice's decimals (so 9/19 is stored as 0.4736842…, not
as the text "47%"), a rate of nothing or an unranked place is the text the notice
prints (—). Every text is stored as text — a unit named ``=HYPERLINK(…)`` is a name,
never a formula — and the bytes depend on the document only (no clock, no time zone).

Registered through the ``tongbao`` entry-point group (see pyproject.toml). It reads the
resolved document only, so its figures are the ones every other format prints.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tongbao.archive import document_time, fix_zip_timestamps
from tongbao.document import Attachment, Document, Row, Table, Value
from tongbao.hookspecs import Option, Renderer, hookimpl, read_options

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["OPTIONS", "XlsxRenderer", "register_renderers", "sheet_title"]

OPTIONS = (
    Option("body", True, "a first sheet, 正文, with the notice's texts, one a row"),
    Option("freeze_header", True, "keep the title and header rows in view when scrolling"),
    Option("notes", True, "write the lines under each table (units not counted …) below it"),
    Option("column_width", 12.0, "width of the number columns, in characters", (), 4.0, 60.0),
)
"""The options, as ``tongbao formats`` shows them and ``tongbao check`` holds them."""

_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def sheet_title(label: str, taken: set[str]) -> str:
    """A sheet name for an attachment: its label, made legal (31 characters, no ``[]:*?/\\``)
    and unique among ``taken``."""
    base = label.translate(_SHEET_FORBIDDEN).strip("'")[:31] or "附件"
    name, number = base, 1
    while name.lower() in {t.lower() for t in taken}:
        number += 1
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name)
    return name


def _number_format(value: Value) -> str | None:
    places = value.places or 0
    decimals = "." + "0" * places if places else ""
    if value.kind == "rate":
        return f"0{decimals}%"
    if value.kind in ("score", "number"):
        return f"0{decimals}"
    return None


def _put(sheet: Worksheet, row: int, column: int, text: str, value: Value) -> None:
    cell = sheet.cell(row=row, column=column)
    if value.exact is not None:
        # openpyxl stores floats; the exact value rounds to the nearest double, and the
        # number format shows the notice's decimals (half up on exact halves alike).
        cell.value = value.exact if isinstance(value.exact, int) else float(value.exact)
        number_format = _number_format(value)
        if number_format:
            cell.number_format = number_format
        return
    cell.value = text or None
    if text:
        cell.data_type = "s"  # text stays text: "=HYPERLINK(…)" is a name, not a formula


def _table(sheet: Worksheet, attachment: Attachment, start: int, values: dict[str, Any]) -> int:
    """Write the table from row ``start``; return the next free row."""
    from openpyxl.styles import Alignment, Border, Font, Side  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    table: Table = attachment.table
    width = len(table.columns)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    row_number = start
    for header in table.header_rows():
        for cell in header:
            first = sheet.cell(row=row_number, column=cell.column + 1)
            first.value = cell.text
            first.data_type = "s"
            first.font = bold
            first.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if cell.columns > 1 or cell.rows > 1:
                sheet.merge_cells(
                    start_row=row_number,
                    start_column=cell.column + 1,
                    end_row=row_number + cell.rows - 1,
                    end_column=cell.column + cell.columns,
                )
        row_number += 1
    header_end = row_number - 1
    for row in table.rows:
        _row(sheet, row, row_number, width)
        for index, column in enumerate(table.columns[: len(row.cells)], start=1):
            body = sheet.cell(row=row_number, column=index)
            body.alignment = Alignment(horizontal=column.align)
            if row.kind in ("subtotal", "total", "group"):
                body.font = bold
        row_number += 1
    for line in sheet.iter_rows(min_row=start, max_row=row_number - 1, max_col=width):
        for boxed in line:
            boxed.border = box
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        wide = column.role in ("unit", "group")
        sheet.column_dimensions[letter].width = 28.0 if wide else values["column_width"]
    if values["freeze_header"]:
        sheet.freeze_panes = f"A{header_end + 1}"
    return row_number


def _row(sheet: Worksheet, row: Row, number: int, width: int) -> None:
    if row.kind == "group":
        _put(sheet, number, 1, row.cells[0], row.value(0))
        if width > 1:
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
        return
    for index, text in enumerate(row.cells):
        _put(sheet, number, index + 1, text, row.value(index))


def _body_texts(document: Document) -> list[str]:
    """The notice's texts in page order, the attachments' excepted (they have sheets)."""
    texts = []
    if document.header is not None:
        texts += [t for t in (document.header.issuer_mark, document.header.doc_number) if t]
    texts.append(document.title)
    if document.addressees:
        texts.append(document.addressees)
    texts += [p.text for p in document.paragraphs]
    texts += list(document.attachment_notes)
    texts += [document.signature, document.date]
    if document.note:
        texts.append(document.note)
    if document.imprint is not None:
        imprint = document.imprint
        texts += [t for t in (imprint.cc, imprint.printed_by, imprint.printed_date) if t]
    return texts


def _body(sheet: Worksheet, document: Document) -> None:
    from openpyxl.styles import Alignment  # noqa: PLC0415

    sheet.column_dimensions["A"].width = 100.0
    for number, text in enumerate(_body_texts(document), start=1):
        cell = sheet.cell(row=number, column=1)
        cell.value = text
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")


class XlsxRenderer:
    """``-f xlsx``: the attachment tables as an Excel workbook, one sheet each."""

    name = "xlsx"
    suffix = ".xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    options = OPTIONS

    def render(self, document: Document, options: Mapping[str, Any]) -> bytes:
        values = read_options(options, OPTIONS, renderer="xlsx")
        import openpyxl  # noqa: PLC0415 - only when a workbook is written
        from openpyxl.styles import Alignment, Font  # noqa: PLC0415

        book = openpyxl.Workbook()
        first = book.active
        if first is not None:
            book.remove(first)
        taken: set[str] = set()
        if values["body"]:
            _body(book.create_sheet(sheet_title("正文", taken)), document)
        attachments = document.attachments or (Attachment("附件", document.title, Table((), ())),)
        for attachment in attachments:
            sheet = book.create_sheet(sheet_title(attachment.label, taken))
            width = max(len(attachment.table.columns), 1)
            heading = sheet.cell(row=1, column=1)
            heading.value = attachment.title
            heading.data_type = "s"
            heading.font = Font(bold=True, size=14)
            heading.alignment = Alignment(horizontal="center")
            if width > 1:
                sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            end = _table(sheet, attachment, 3, values) if attachment.table.columns else 3
            if values["notes"]:
                for offset, note in enumerate(attachment.notes, start=1):
                    cell = sheet.cell(row=end + offset, column=1)
                    cell.value = note
                    cell.data_type = "s"
        when = document_time(document)
        book.properties.title = document.title
        book.properties.creator = document.signature
        book.properties.created = when  # openpyxl stamps modified with the clock on
        # save whatever we set: fix_zip_timestamps rewrites it (and every member's time)
        book.properties.lastModifiedBy = document.signature
        out = io.BytesIO()
        book.save(out)
        return fix_zip_timestamps(out.getvalue(), when)


@hookimpl
def register_renderers(register: Callable[[Renderer], None]) -> None:
    register(XlsxRenderer())
