"""The DOCX builder: page setup, the notice's parts in page order, the 版记."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ...document import Attachment, Chart, Document
from ...pageplan import LEVEL_ROLES, Part, parts
from .._layout import (
    BODY_SIZE,
    CHAR_PITCH,
    GB9704,
    IMPRINT_SIZE,
    MM,
    PAGE_NUMBER_SIZE,
    attachment_note_layout,
    document_timestamp,
    fitting_size,
    signature_indents,
    title_breaks,
)
from . import _styles as styles
from ._package import _PI, _write_package
from ._table import table_xml
from ._xml import (
    FONT_ALTERNATES,
    RED,
    W,
    _attr,
    _note_measure,
    _paragraph_xml,
    _run,
    _twips,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

__all__ = ["Builder"]


class Builder:
    """Writes one document: python-docx for the package, XML text for the body."""

    # The paragraph styles, by id (word/styles.xml is made by ._styles).
    body = styles.BODY
    title = styles.TITLE
    addressee = styles.ADDRESSEE
    heading1 = styles.HEADING1
    heading2 = styles.HEADING2
    attachment_note = styles.ATTACHMENT_NOTE
    signature = styles.SIGNATURE
    date = styles.DATE
    note = styles.NOTE
    attachment_label = styles.ATTACHMENT_LABEL
    attachment_title = styles.ATTACHMENT_TITLE
    table_note = styles.TABLE_NOTE
    end_mark = styles.END_MARK
    issuer_mark = styles.ISSUER_MARK
    doc_number = styles.DOC_NUMBER
    imprint = styles.IMPRINT
    page_number = styles.PAGE_NUMBER

    def __init__(self, document: Document, options: dict[str, Any]) -> None:
        self.source = document
        self.options = options
        self.doc: DocxDocument = styles.new_document()
        self.xml: list[str | Iterable[str]] = []
        """The body's paragraphs as XML text and its tables as iterators of row XML,
        streamed into document.xml where the processing instruction
        ``<?tongbao-body here?>`` stands (user text can never produce one: it would be
        escaped); a 100,000-row table never exists as one string."""

    # --- page ---------------------------------------------------------------------

    def _page(self) -> None:
        from docx.oxml import parse_xml  # noqa: PLC0415
        from docx.shared import Mm  # noqa: PLC0415

        page = GB9704
        section = self.doc.sections[0]
        section.page_width = Mm(page.width)
        section.page_height = Mm(page.height)
        section.top_margin = Mm(page.top)
        section.bottom_margin = Mm(page.bottom)
        section.left_margin = Mm(page.left)
        section.right_margin = Mm(page.right)
        section.header_distance = Mm(15)
        # The page number's line starts 7 mm under the type area.
        line = PAGE_NUMBER_SIZE * 1.3 / MM
        section.footer_distance = Mm(page.bottom - page.page_number_gap - line)
        # 22 lines of 28 characters (§5.2.2). The body's characters are set 0.25 pt
        # closer (GRID_CONDENSE), so 28 fit a line in Word, WPS and LibreOffice alike.
        # The grid is a line grid: LibreOffice (7.4) lays a "linesAndChars" grid out
        # badly (27 or 14 characters a line, lines overflowing the margin). charSpace
        # still says the 28-character pitch (the 16 pt default less charSpace/4096 pt)
        # for a clerk who switches the character grid on in Word.
        char_space = round((CHAR_PITCH - BODY_SIZE) * 4096)
        for old in section._sectPr.findall(f"{{{W}}}docGrid"):
            section._sectPr.remove(old)
        section._sectPr.append(
            parse_xml(
                f'<w:docGrid xmlns:w="{W}" w:type="lines" '
                f'w:linePitch="{_twips(self.options["line_pitch"])}" w:charSpace="{char_space}"/>'
            )
        )
        if self.options["page_numbers"]:
            self.doc.settings.odd_and_even_pages_header_footer = True
            self._page_number(section.footer.paragraphs[0], odd=True)
            self._page_number(section.even_page_footer.paragraphs[0], odd=False)

    def _page_number(self, paragraph: Any, *, odd: bool) -> None:
        """``— 1 —`` in place of the footer's paragraph: odd pages right, even pages
        left, each one character in (§7.5); the number is a PAGE field."""
        from docx.oxml import parse_xml  # noqa: PLC0415

        side = "right" if odd else "left"
        xml = (
            f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="{self.page_number}"/>'
            f'<w:ind w:{side}="{_twips(PAGE_NUMBER_SIZE)}" w:firstLine="0"/>'
            f'<w:jc w:val="{side}"/></w:pPr>{_run("— ")}'
            '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            f"{_run(' —')}</w:p>"
        )
        paragraph._p.getparent().replace(paragraph._p, parse_xml(xml))

    # --- text ---------------------------------------------------------------------

    def _paragraph(self, text: str, style: str, properties: str = "") -> None:
        """A body paragraph as XML; ``properties`` are pPr children after the style."""
        self.xml.append(_paragraph_xml(text, style, properties))

    def _blank(self, count: int = 1, properties: str = "") -> None:
        for _ in range(count):
            self._paragraph("", self.addressee, properties)

    def _title(self, text: str, style: str, given: Sequence[str] = ()) -> None:
        """A title on the lines every page format uses, each break written out (§7.3.1)."""
        runs = "<w:r><w:br/></w:r>".join(_run(line) for line in title_breaks(text, given))
        self.xml.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>')

    def _part(self, part: Part) -> None:
        """One part of the notice, in the page order of :mod:`tongbao.pageplan`."""
        source, header, kind = self.source, self.source.header, part.kind
        # The last paragraph, the 附件说明, the 署名 and the date never part (§7.3.5): a
        # keep-with-next chain, with widow control, takes the paragraph's last two lines
        # to the next page with them, in Word and LibreOffice alike.
        keep = "<w:keepNext/>"
        if kind == "issuer_mark" and header is not None:
            # §7.2.1: the 发文机关标志's top edge 35 mm under the type area's top.
            spacing = f'<w:spacing w:before="{_twips(35 * MM)}"/>'
            self._paragraph(header.issuer_mark or "", self.issuer_mark, spacing)
            self._blank(2)
        elif kind == "doc_number" and header is not None:
            # The red rule, 4 mm under the 发文字号's glyphs, the type area's width
            # (§7.2.4): the border is drawn under the line box, which reaches below the
            # glyphs by half the pitch less half the size.
            gap = 4 * MM - (self.options["line_pitch"] - BODY_SIZE) / 2
            rule = (
                f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="{max(round(gap), 0)}" '
                f'w:color="{RED}"/></w:pBdr>'
            )
            self._paragraph(header.doc_number or "", self.doc_number, rule)
            self._blank(2)
        elif kind == "title":
            self._title(source.title, self.title, source.title_lines)
            self._blank()
        elif kind == "addressees":
            self._paragraph(source.addressees, self.addressee)
        elif kind == "paragraph":
            paragraph = source.paragraphs[part.index]
            # Each level's style by its font role (tongbao.pageplan.LEVEL_ROLES).
            by_role = {"body": self.body, "heading": self.heading1, "kai": self.heading2}
            style = by_role[LEVEL_ROLES[paragraph.level]]
            self._paragraph(paragraph.text, style, keep if part.closing else "")
        elif kind == "attachment_notes":
            self._attachment_notes(keep)
        elif kind in ("signature", "date", "note"):
            self._signature(kind)
        elif kind == "attachment":
            self._attachment(source.attachments[part.index])
        elif kind == "imprint":
            self._imprint()

    def _attachment_notes(self, keep: str) -> None:
        notes = self.source.attachment_notes
        self._blank(properties=keep)
        layout = attachment_note_layout(notes, _note_measure)
        left = _twips(layout.name_start)
        for note in layout.notes:
            # Names and their continuation lines start under the first name
            # (§7.3.4): a hanging indent, and a tab after the label to reach it.
            hanging = _twips(layout.name_start - note.label_start)
            ind = (
                f'<w:tabs><w:tab w:val="left" w:pos="{left}"/></w:tabs>'
                f'<w:ind w:left="{left}" w:hangingChars="0" w:hanging="{hanging}" '
                'w:firstLineChars="0"/>'
            )
            label = note.label.rstrip()
            # A line without a label (a hand-built document's) starts at the names.
            tab = "<w:r><w:tab/></w:r>" if label and label[-1] != "：" else ""
            runs = (_run(label) if label else "") + tab
            self.xml.append(
                f'<w:p><w:pPr><w:pStyle w:val="{self.attachment_note}"/>{keep}{ind}'
                f"</w:pPr>{runs}{_run(note.name)}</w:p>"
            )

    def _signature(self, kind: str) -> None:
        """The 署名, the 成文日期 or the 附注 (§7.3.5)."""
        source = self.source
        if kind == "note":
            self._paragraph(source.note or "", self.note)
            return
        indents = signature_indents(source.signature, source.date, sealed=source.sealed)
        if kind == "signature":
            self._blank(properties="<w:keepNext/>")
            text, style, chars = source.signature, self.signature, indents.signature
        else:
            text, style, chars = source.date, self.date, indents.date
        keep = "<w:keepNext/>" if style == self.signature or source.note else ""
        indent = f'<w:ind w:right="{_twips(chars * CHAR_PITCH)}" w:firstLine="0"/>'
        if style == self.date and indents.date_start is not None:
            start = _twips(indents.date_start * CHAR_PITCH)
            indent = f'<w:ind w:left="{start}" w:firstLine="0"/><w:jc w:val="left"/>'
        self._paragraph(text, style, keep + indent)

    # --- attachment ---------------------------------------------------------------

    def _attachment(self, attachment: Attachment) -> None:
        self._paragraph(attachment.label, self.attachment_label, "<w:pageBreakBefore/>")
        self._blank()
        self._title(attachment.title, self.attachment_title)
        self.xml.append(table_xml(attachment.table, self.options["table_font_size"]))
        for note in attachment.notes:
            self._paragraph(note, self.table_note)
        if attachment.chart is not None:
            self._chart(attachment.chart)

    def _chart(self, chart: Chart) -> None:
        """The chart as a picture (Word has no vector chart python-docx can write)."""
        from docx.shared import Mm  # noqa: PLC0415
        from lxml import etree  # noqa: PLC0415

        from .._chartpng import draw_chart  # noqa: PLC0415

        png = draw_chart(chart, self.options["chart_font_file"])
        inline = self.doc.part.new_pic_inline(io.BytesIO(png), Mm(GB9704.type_width), None)
        drawing = etree.tostring(inline, encoding="unicode")
        self._blank()
        self.xml.append(
            '<w:p><w:pPr><w:pStyle w:val="TongbaoTableNote"/><w:jc w:val="center"/></w:pPr>'
            f"<w:r><w:drawing>{drawing}</w:drawing></w:r></w:p>"
        )

    # --- 版记 ----------------------------------------------------------------------

    def _imprint(self) -> None:
        """The 版记 at the foot of the last page, an even one, without a number (§7.4, §7.5).

        It is the footer of a last section of its own that starts on an even page
        (Word and LibreOffice insert a blank page when the content ends on an even
        one), set so that its last rule lies on the type area's bottom edge; that
        footer replaces the page number. The rules are paragraph borders: 0.35 mm
        outside, 0.25 mm between.
        """
        from docx.enum.section import WD_SECTION_START  # noqa: PLC0415
        from docx.shared import Mm  # noqa: PLC0415

        imprint = self.source.imprint
        if imprint is None:
            return
        total = _twips(GB9704.type_width * MM)
        one_char = _twips(IMPRINT_SIZE)
        thick, thin = 8, 6  # eighths of a point: 0.35 mm and 0.25 mm rules
        lines: list[tuple[str, str]] = []
        if imprint.cc:
            lines.append((imprint.cc, ""))
        if imprint.printed_by or imprint.printed_date:
            lines.append((imprint.printed_by or "", imprint.printed_date or ""))
        paragraphs = []
        for number, (left, right) in enumerate(lines):
            top = f'<w:top w:val="single" w:sz="{thick}" w:space="1" w:color="000000"/>'
            last = number == len(lines) - 1
            bottom = (
                f'<w:bottom w:val="single" w:sz="{thick if last else thin}" w:space="1" '
                'w:color="000000"/>'
            )
            borders = f"<w:pBdr>{top if number == 0 else ''}{bottom}</w:pBdr>"
            # Word and LibreOffice draw a paragraph's borders between its indents, so
            # the rules span the type area and tabs set the text one character in.
            stop = (
                f'<w:tabs><w:tab w:val="left" w:pos="{one_char}"/>'
                f'<w:tab w:val="right" w:pos="{total - one_char}"/></w:tabs>'
            )
            indent = '<w:ind w:left="0" w:right="0" w:firstLine="0"/>'
            run = f"<w:r><w:tab/></w:r>{_run(left)}"
            if right:
                run += f"<w:r><w:tab/></w:r>{_run(right)}"
            paragraphs.append(
                f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="{self.imprint}"/>{borders}'
                f"{stop}{indent}</w:pPr>{run}</w:p>"
            )
        from ..pdf import content_pages  # noqa: PLC0415

        # The 版记 page is even: after content ending on an even page, a blank page.
        # Word would insert it for the even-page section alone, LibreOffice does not.
        blank = content_pages(self.source, self.options) % 2 == 0
        if blank:
            self._section(WD_SECTION_START.NEW_PAGE, [])
        section = self._section(WD_SECTION_START.EVEN_PAGE, paragraphs)
        section.footer_distance = Mm(GB9704.bottom)

    def _section(self, start: Any, footer: list[str]) -> Any:
        """A new last section, started as ``start`` says, its footers holding ``footer``
        (no page number); the section before ends with a 1 pt end mark."""
        from docx.oxml import parse_xml  # noqa: PLC0415

        body = self.doc.element.body
        section = self.doc.add_section(start)
        # add_section() ended the previous section with an empty paragraph: make it the
        # 1 pt end mark, so that it never pushes a page of its own out.
        marker = body[-2]
        marker.get_or_add_pPr().insert(
            0, parse_xml(f'<w:pStyle xmlns:w="{W}" w:val="{self.end_mark}"/>')
        )
        body.insert(len(body) - 1, parse_xml(_paragraph_xml("", self.end_mark, ns=True)))
        for part in (section.footer, section.even_page_footer):
            part.is_linked_to_previous = False
            element = part._element
            for child in list(element):
                element.remove(child)
            for xml in footer or [_paragraph_xml("", self.end_mark, ns=True)]:
                element.append(parse_xml(xml))
        return section

    # --- the file -----------------------------------------------------------------

    def _font_table(self) -> bytes:
        """``word/fontTable.xml`` naming the fonts the styles use, each with an alternate.

        Word, WPS and LibreOffice substitute the alternate (``w:altName``) when a font
        is missing: 仿宋 for 仿宋_GB2312 and so on. The template's fonts are not kept.
        """
        o = self.options
        names = dict.fromkeys(
            [
                o["body_font"],
                o["title_font"],
                o["heading_font"],
                o["kai_font"],
                o["page_number_font"],
                o["latin_font"],
            ]
        )
        entries = []
        for name in names:
            alternate = FONT_ALTERNATES.get(name)
            alt = f'<w:altName w:val="{_attr(alternate)}"/>' if alternate else ""
            chinese = not name.isascii()
            entries.append(
                f'<w:font w:name="{_attr(name)}">{alt}'
                f'<w:charset w:val="{"86" if chinese else "00"}"/>'
                f'<w:family w:val="{"modern" if chinese else "roman"}"/>'
                '<w:pitch w:val="variable"/></w:font>'
            )
        return (
            "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:fonts xmlns:w="{W}">{"".join(entries)}</w:fonts>'
        ).encode()

    def _languages(self) -> None:
        """East Asian text is Chinese: the theme's language too (the template says ja-JP)."""
        from docx.oxml.ns import qn  # noqa: PLC0415

        lang = self.doc.settings.element.find(qn("w:themeFontLang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")

    def _properties(self, when: datetime.datetime) -> None:
        props = self.doc.core_properties
        props.title = self.source.title
        props.author = self.source.signature
        props.last_modified_by = self.source.signature
        props.created = when
        props.modified = when
        props.revision = 1
        props.comments = ""
        props.keywords = ""
        props.subject = ""
        props.category = "通报"
        props.language = "zh-CN"

    def build(self) -> bytes:
        from docx.oxml.ns import qn  # noqa: PLC0415
        from lxml import etree  # noqa: PLC0415

        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)  # the template's empty paragraph
        self._page()
        for part in parts(self.source):
            self._part(part)
        if self.source.imprint is None and self.xml and not isinstance(self.xml[-1], str):
            self._paragraph("", self.end_mark)  # Word ends a body with a paragraph
        self._languages()
        body.insert(0, etree.ProcessingInstruction(_PI, "here"))  # sectPr stays last
        when = document_timestamp(self.source)
        self._properties(when)
        header = self.source.header
        mark_size = fitting_size(
            header.issuer_mark or "" if header else "", self.options["issuer_mark_size"]
        )
        replaced = {
            styles.STYLES: styles.styles_part(self.options, mark_size),
            "word/fontTable.xml": self._font_table(),
        }
        return _write_package(self.doc, when, self.xml, replaced)
