"""The notice as a story of flowables, laid out on GB/T 9704 pages; the glyph check.

One walk over the document, :meth:`Builder.story`, makes what is drawn and records,
for each text, the font that will print it and its place in the notice; the glyph
check reads those records, so it cannot drift from what is drawn.
"""

from __future__ import annotations

import datetime
import io
import logging
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfdoc import PDFArray, PDFBase85Encode, PDFName, PDFStream, PDFZCompress
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Spacer

from ...document import Attachment, Document
from ...document import Imprint as DocImprint
from ...errors import Location, MissingGlyphError, Problem
from ...pageplan import LEVEL_ROLES, imprint_lines, parts
from .._fonts import ROLES, choose_fonts, missing_characters
from .._layout import (
    BODY_SIZE,
    CHAR_PITCH,
    GB9704,
    MM,
    TITLE_SIZE,
    attachment_note_layout,
    document_timestamp,
    fitting_size,
    signature_indents,
    table_size,
    title_breaks,
)
from ._chart import RED, BarChart, chart_texts
from ._font import PdfFont
from ._marks import Imprint, PageNumbers, RedRule
from ._table import PagedTable, TableLayout, table_texts
from ._text import BASELINE_RISE, GRID_SPACE, Closing, Lines, Style

__all__ = ["Builder", "content_pages", "glyph_problems"]

_LOG = logging.getLogger("tongbao")

Need = tuple[str, PdfFont, str]
"""A text to print: its place in the notice, the font that prints it, the text."""

PAGE_NUMBER_TEXT = "— 0123456789 —"
"""Every character a page number may have."""
ISSUER_MARK_TOP = 35 * MM
"""From the type area's top to the 发文机关标志 (§7.2.2)."""
ISSUER_MARK_LEADING = 1.2
DESCENDER = 0.17
"""How far descenders reach under the baseline, in ems."""
NOTE_LEADING = 1.6
"""The line pitch of the notes under a table, in ems."""


class _Stamp:
    """reportlab's TimeStamp, fixed to the notice's time (never the clock)."""

    def __init__(self, when: datetime.datetime) -> None:
        self.t = when.timestamp()
        self.lt = when.timetuple()
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = 0
        self.dmm = 0
        self.tzname = "UTC"


class Builder:
    """Lays one document out: fonts chosen, the story walked once, pages built."""

    def __init__(self, document: Document, options: dict[str, Any]) -> None:
        self.source = document
        self.options = options
        files = {role: str(options[f"{role}_font_file"]) for role in ROLES}
        self.choices = choose_fonts(files, None if options["find_fonts"] else {})
        self.fonts = {role: PdfFont(choice) for role, choice in self.choices.items()}
        self.numbers = PageNumbers(self.fonts["page_number"], shown=bool(options["page_numbers"]))
        self.quiet = False
        """Counting pages only: nothing is shown, nothing checked, table rows not drawn."""
        self.count = 0
        self.needs: list[Iterable[Need]] = []
        """What :meth:`story` will print, for the glyph check."""

    # --- the walk ------------------------------------------------------------------------

    def _need(self, place: str, font: PdfFont, text: str) -> None:
        self.needs.append(((place, font, text),))

    def _style(self, role: str, size: float, leading: float, **kwargs: Any) -> Style:
        return Style(self.fonts[role], size, leading, **kwargs)

    def _lines(
        self, place: str, text: str, style: Style, label: tuple[str, float] | None = None
    ) -> Lines:
        """A paragraph, its text recorded as printed by its style's font."""
        self._need(place, style.font, text if label is None else label[0] + text)
        return Lines(text, style, label=label)

    def _title(self, place: str, text: str, given: Sequence[str] = ()) -> Lines:
        """A title broken between words, the same lines as every page format (§7.3.1)."""
        style = self._style("title", TITLE_SIZE, self.options["title_line_pitch"], align="center")
        self._need(place, style.font, text)
        return Lines(text, style, title_breaks(text, given))

    def story(self) -> list[Flowable]:
        """The notice's flowables in page order (§7), each text recorded in :attr:`needs`."""
        doc = self.source
        pitch = self.options["line_pitch"]
        blank = Spacer(0, pitch)
        styles = {
            level: self._style(
                role, BODY_SIZE, pitch, first_indent=2 * CHAR_PITCH, widows=True, **self._grid
            )
            for level, role in LEVEL_ROLES.items()
        }
        story: list[Flowable] = []
        # The closing (§7.3.5) is one flowable: the body's last paragraph and what follows.
        last: Lines | None = None
        closing: list[Flowable] | None = None
        for part in parts(doc):
            kind = part.kind
            if part.closing and closing is None:
                closing = []
            elif not part.closing and closing is not None:
                story.append(Closing(last, closing))
                closing = None
            if kind == "issuer_mark" and doc.header and doc.header.issuer_mark:
                story.extend(self._issuer_mark(doc.header.issuer_mark))
            elif kind == "doc_number" and doc.header is not None:
                story.extend(self._doc_number(doc.header.doc_number or ""))
            elif kind == "title":
                story.extend([self._title("title", doc.title, doc.title_lines), blank])
            elif kind == "addressees":
                story.append(self._lines("addressees", doc.addressees, self._flush()))
            elif kind == "paragraph":
                paragraph = doc.paragraphs[part.index]
                place = f"paragraph {part.index + 1}"
                lines = self._lines(place, paragraph.text, styles[paragraph.level])
                if part.closing:
                    last = lines
                else:
                    story.append(lines)
            elif closing is not None and kind in ("attachment_notes", "signature", "date", "note"):
                closing.extend(self._closing_part(kind))
            elif kind == "attachment":
                attachment = doc.attachments[part.index]
                story.extend(self._attachment_story(attachment, f"attachment {part.index + 1}"))
            elif kind == "imprint" and doc.imprint is not None:
                story.append(self._imprint(doc.imprint))
        if closing is not None:
            story.append(Closing(last, closing))
        self._need("page number", self.numbers.font, PAGE_NUMBER_TEXT)
        return story

    _grid: dict[str, Any] = {"char_space": GRID_SPACE}  # noqa: RUF012 - read only

    def _flush(self) -> Style:
        return self._style(
            "body", BODY_SIZE, self.options["line_pitch"], align="left", **self._grid
        )

    def _issuer_mark(self, text: str) -> list[Flowable]:
        """The 发文机关标志 in red, its top 35 mm under the type area's top (§7.2.2)."""
        blank = Spacer(0, self.options["line_pitch"])
        size = fitting_size(text, self.options["issuer_mark_size"])
        mark = self._style("title", size, size * ISSUER_MARK_LEADING, align="center", color=RED)
        return [Spacer(0, ISSUER_MARK_TOP), self._lines("issuer mark", text, mark), blank, blank]

    def _doc_number(self, text: str) -> list[Flowable]:
        """The 发文字号 and the red rule 4 mm under it (§7.2.3, §7.2.4)."""
        pitch = self.options["line_pitch"]
        blank = Spacer(0, pitch)
        centred = self._style("body", BODY_SIZE, pitch, align="center")
        rule = RedRule((pitch - BODY_SIZE) / 2 + (BASELINE_RISE - DESCENDER) * BODY_SIZE)
        return [self._lines("document number", text, centred), rule, blank, blank]

    def _closing_part(self, kind: str) -> list[Flowable]:
        """The 附件说明, 署名, 成文日期 or 附注: what follows the body's last paragraph."""
        doc = self.source
        pitch = self.options["line_pitch"]
        blank = Spacer(0, pitch)
        found: list[Flowable] = []
        if kind == "attachment_notes":
            found.append(blank)
            layout = attachment_note_layout(doc.attachment_notes, self._flush().width)
            style = self._style(
                "body",
                BODY_SIZE,
                pitch,
                align="left",
                first_indent=layout.name_start,
                hanging=layout.name_start,
                **self._grid,
            )
            for number, note in enumerate(layout.notes, start=1):
                label = (note.label, note.label_start)
                found.append(self._lines(f"attachment note {number}", note.name, style, label))
        elif kind in ("signature", "date"):
            indents = signature_indents(doc.signature, doc.date, sealed=doc.sealed)
            if kind == "signature":
                found.append(blank)
            text, chars = (
                (doc.signature, indents.signature)
                if kind == "signature"
                else (doc.date, indents.date)
            )
            if kind == "date" and indents.date_start is not None:
                place = self._style(
                    "body",
                    BODY_SIZE,
                    pitch,
                    align="left",
                    first_indent=indents.date_start * CHAR_PITCH,
                    **self._grid,
                )
            else:
                place = self._style(
                    "body",
                    BODY_SIZE,
                    pitch,
                    align="right",
                    right_indent=chars * CHAR_PITCH,
                    **self._grid,
                )
            found.append(self._lines(kind, text, place))
        elif kind == "note" and doc.note:
            indented = self._style(
                "body", BODY_SIZE, pitch, align="left", first_indent=2 * CHAR_PITCH, **self._grid
            )
            found.append(self._lines("note", doc.note, indented))
        return found

    def _imprint(self, imprint: DocImprint) -> Imprint:
        """The 版记: 抄送 on its line, 印发机关 and 印发日期 on the next (§7.4)."""
        font = self.fonts["body"]
        lines = imprint_lines(imprint)
        for number, line in enumerate(lines, start=1):
            self._need(f"imprint, line {number}", font, line.left + line.right)
        return Imprint([(line.left, line.right) for line in lines], font, self.numbers)

    def _attachment_story(self, attachment: Attachment, where: str) -> list[Flowable]:
        pitch = self.options["line_pitch"]
        size = self.options["table_font_size"]
        story: list[Flowable] = [PageBreak()]
        label = self._style("heading", BODY_SIZE, pitch, align="left")
        story.append(self._lines(f"{where}, label", attachment.label, label))
        story.append(Spacer(0, pitch))
        story.append(self._title(f"{where}, title", attachment.title))
        body, heading = self.fonts["body"], self.fonts["heading"]
        layout = TableLayout(
            attachment.table,
            body,
            heading,
            table_size(attachment.table, size),
            GB9704.type_width * MM,
        )
        layout.count_only = self.quiet
        self.needs.append(_Texts(table_texts, attachment.table, body, heading, where))
        story.append(PagedTable(layout))
        note_style = self._style("body", size, size * NOTE_LEADING, align="left")
        story.extend(
            self._lines(f"{where}, note {number}", note, note_style)
            for number, note in enumerate(attachment.notes, start=1)
        )
        if attachment.chart is not None:
            story.append(Spacer(0, pitch))
            self.needs.append(_Texts(chart_texts, attachment.chart, body, heading, where))
            story.append(BarChart(attachment.chart, body, heading))
        return story

    # --- the glyph check -----------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """A problem for each place whose text a font cannot print, after :meth:`story`."""
        return [problem for problem, _ in self._missing()]

    def _missing(self) -> list[tuple[Problem, str]]:
        """Each place a font cannot print, with the font's role.

        Each distinct character is checked once per font; places are looked up only for
        the characters found missing.
        """
        by_font: dict[str, set[str]] = {}
        fonts: dict[str, PdfFont] = {}
        for needs in self.needs:
            for _, font, text in needs:
                by_font.setdefault(font.name, set()).update(text)
                fonts[font.name] = font
        lacking = {
            name: set(missing_characters(chars, fonts[name].covered))
            for name, chars in by_font.items()
        }
        if not any(lacking.values()):
            return []
        found = []
        for needs in self.needs:
            for place, font, text in needs:
                missing = lacking[font.name]
                chars = [c for c in dict.fromkeys(text) if c in missing] if missing else []
                if chars:
                    role = font.choice.role
                    shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars)
                    problem = Problem.of(
                        "render.missing_glyph",
                        Location(None, place),
                        role=role,
                        font=font.describe(),
                        chars=shown,
                    )
                    found.append((problem, role))
        return found

    def check(self) -> None:
        """Raise :class:`MissingGlyphError` when a font lacks a character :meth:`story` needs."""
        found = self._missing()
        if not found:
            return
        roles = sorted({role for _, role in found}, key=ROLES.index)
        files = "; ".join(
            f"{role}: {self.fonts[role].choice.path or 'built-in STSong-Light'}" for role in roles
        )
        hint = (
            "name a TrueType font that has these characters: "
            + ", ".join(f"--option {role}_font_file=PATH" for role in roles)
            + ", or the same keys under [options.pdf] in the notice file"
            + f" (fonts used: {files})"
        )
        raise MissingGlyphError([problem for problem, _ in found], hint=hint)

    def _warn_unembedded(self) -> None:
        """Say on stderr (the ``tongbao`` logger) when the built-in CID font is used.

        STSong-Light is not embedded: Adobe Reader and others with Adobe's Asian font
        pack show it, but poppler-based viewers (Evince, Okular, pdftoppm) without
        poppler-data show blank pages.
        """
        roles = [role for role, choice in self.choices.items() if choice.path is None]
        if roles:
            _LOG.warning(
                "PDF: no CJK TrueType font for %s; using the built-in STSong-Light, which "
                "is not embedded and shows as blank pages in viewers without Adobe's Asian "
                "font pack (poppler-based viewers without poppler-data). Install a CJK "
                "TrueType font (Debian/Ubuntu: apt-get install fonts-wqy-zenhei; Windows "
                "fonts such as simfang.ttf) or name one with --option body_font_file=PATH "
                "(and title_, heading_, kai_, page_number_font_file)",
                ", ".join(roles),
            )

    # --- pages ---------------------------------------------------------------------------

    def build(self) -> bytes:
        """The PDF's bytes; raises :class:`MissingGlyphError` before anything is laid out."""
        story = self.story()
        if not self.quiet:  # counting pages only: nothing is shown
            self.check()
            self._warn_unembedded()
        when = document_timestamp(self.source)
        page = GB9704
        frame = Frame(
            page.left * MM,
            page.bottom * MM,
            page.type_width * MM,
            page.type_height * MM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="type-area",
        )

        def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
            kwargs["invariant"] = 1
            canvas = Canvas(*args, **kwargs)
            canvas._doc._timeStamp = _Stamp(when)  # type: ignore[attr-defined]
            show_page = canvas.showPage

            def show_page_and_compress() -> None:
                show_page()
                _compress_finished_page(canvas)

            canvas.showPage = show_page_and_compress  # type: ignore[method-assign]
            return canvas

        out = io.BytesIO()
        template = BaseDocTemplate(
            out,
            pagesize=A4,
            leftMargin=page.left * MM,
            rightMargin=page.right * MM,
            topMargin=page.top * MM,
            bottomMargin=page.bottom * MM,
            title=self.source.title,
            author=self.source.signature,
            subject=self.source.title,
            creator="tongbao",
            producer="tongbao (reportlab)",
            keywords=["通报"],
            lang="zh-CN",
            invariant=1,
            # Numbers are drawn when a page is done, so the 版记's page can go without (§7.5).
            pageTemplates=[PageTemplate("page", [frame], onPageEnd=self.numbers)],
        )
        self.numbers.template = template
        template.build(story, canvasmaker=canvasmaker)
        self.count = template.page
        return out.getvalue()


class _Texts:
    """The texts of a table or chart, read afresh each time they are iterated."""

    def __init__(self, walk: Any, part: Any, body: PdfFont, heading: PdfFont, where: str) -> None:
        self._walk = walk
        self._args = (part, body, heading, where)

    def __iter__(self) -> Any:
        return iter(self._walk(*self._args))


def glyph_problems(document: Document, options: dict[str, Any]) -> list[Problem]:
    """The places whose text the PDF's fonts cannot print; nothing is laid out."""
    builder = Builder(document, options)
    builder.story()
    return builder.problems()


def content_pages(document: Document, options: dict[str, Any]) -> int:
    """How many pages the notice takes before its 版记, laid out as the PDF is."""
    builder = Builder(attrs.evolve(document, imprint=None), options)
    builder.quiet = True
    builder.build()
    return builder.count


def _compress_finished_page(canvas: Canvas) -> None:
    """Filter the page just finished now, as reportlab would when saving, and drop its text.

    reportlab keeps every page's content stream as text until ``save()``: some 25 KB a
    page of table, 60 MB for a 100,000-unit attachment. Filtering each page as it is
    finished keeps only the compressed bytes; the file is byte for byte the same.
    """
    page = canvas._doc.Pages.pages[-1]  # type: ignore[attr-defined]
    stream = getattr(page, "stream", None)
    if not stream or not page.compression or page.Contents:
        return
    filters: list[Any] = [PDFBase85Encode, PDFZCompress] if rl_config.useA85 else [PDFZCompress]
    content = stream
    for encoder in reversed(filters):  # as PDFStream.format applies them
        content = encoder.encode(content)
    contents: Any = PDFStream()
    contents.dictionary["Filter"] = PDFArray([PDFName(f.pdfname) for f in filters])
    contents.content = content
    contents.__Comment__ = "page stream"
    page.Contents = contents
    page.stream = None
