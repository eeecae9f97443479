"""``word/styles.xml``: the template's styles with the notice's named styles added.

The styles depend only on the options (fonts, pitches, sizes) and the 发文机关标志's
fitted size, so the part is made once per process for each such set, as bytes nobody
can change, and spliced into the package as it is written: a render neither parses nor
serialises the template's 350 KB of styles. The default template is read once per
process too, with a stub for its styles (see :func:`new_document`).
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from .._layout import (
    BODY_SIZE,
    CELL_PADDING,
    CELL_V_PADDING,
    IMPRINT_SIZE,
    PAGE_NUMBER_SIZE,
    TABLE_LEADING,
    TITLE_SIZE,
)
from ._xml import GRID_CONDENSE, RED, W, _twips

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

__all__ = ["STYLES", "new_document", "styles_part"]

STYLES = "word/styles.xml"
"""The part :func:`styles_part` makes, by its name in the zip."""
_STUB = (
    f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:styles xmlns:w=\"{W}\"/>"
).encode()

# The paragraph styles' ids, as the document's paragraphs name them.
BODY = "TongbaoBody"
TITLE = "TongbaoTitle"
ADDRESSEE = "TongbaoAddressee"
HEADING1 = "TongbaoHeading1"
HEADING2 = "TongbaoHeading2"
ATTACHMENT_NOTE = "TongbaoAttachmentNote"
SIGNATURE = "TongbaoSignature"
DATE = "TongbaoDate"
NOTE = "TongbaoNote"
ATTACHMENT_LABEL = "TongbaoAttachmentLabel"
ATTACHMENT_TITLE = "TongbaoAttachmentTitle"
TABLE_TEXT = "TongbaoTableText"
TABLE_HEADING = "TongbaoTableHeading"
TABLE_NOTE = "TongbaoTableNote"
END_MARK = "TongbaoEnd"
ISSUER_MARK = "TongbaoIssuerMark"
DOC_NUMBER = "TongbaoDocNumber"
IMPRINT = "TongbaoImprint"
PAGE_NUMBER = "TongbaoPageNumber"


@functools.cache
def _template() -> tuple[bytes, bytes]:
    """python-docx's default template with a stub styles part, uncompressed, and its
    styles part."""
    import docx  # noqa: PLC0415

    path = Path(docx.__file__).parent / "templates" / "default.docx"
    out = io.BytesIO()
    styles = b""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as light:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == STYLES:
                styles, data = data, _STUB
            light.writestr(zipfile.ZipInfo(entry.filename), data)  # stored: nothing to inflate
    if not styles:
        raise AssertionError(f"python-docx's default template has no {STYLES}")
    return out.getvalue(), styles


def new_document() -> DocxDocument:
    """A new python-docx document of the default template, its styles part a stub.

    The template is read from disk once per process; each call parses its own copy, so
    renders share nothing that changes. The stub is replaced by :func:`styles_part` as
    the package is written.
    """
    import docx  # noqa: PLC0415 - ~60 ms; only when rendering a DOCX

    return docx.Document(io.BytesIO(_template()[0]))


@functools.lru_cache(maxsize=32)
def _styles_part(options: tuple[tuple[str, Any], ...], issuer_mark_size: float) -> bytes:
    from docx.opc.oxml import serialize_part_xml  # noqa: PLC0415
    from docx.oxml import parse_xml  # noqa: PLC0415

    styles = parse_xml(_template()[1])
    _Sheet(dict(options)).apply(styles, issuer_mark_size)
    return serialize_part_xml(styles)


def styles_part(options: Mapping[str, Any], issuer_mark_size: float) -> bytes:
    """``word/styles.xml`` for ``options``, the 发文机关标志 set at ``issuer_mark_size``.

    Made once per process for each set of options and size (the bytes python-docx
    would write for the template's styles changed in place).
    """
    return _styles_part(tuple(sorted(options.items())), issuer_mark_size)


class _Sheet:
    """The template's styles, changed: fonts named outright, the notice's styles added."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = options
        self.style_xml: list[str] = []

    def fonts(self, rpr: Any, east_asian: str) -> None:
        from docx.oxml.ns import qn  # noqa: PLC0415

        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
        latin = self.options["latin_font"]
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        fonts.set(qn("w:cs"), latin)
        fonts.set(qn("w:eastAsia"), east_asian)

    def style(
        self,
        style_id: str,
        name: str,
        *,
        font: str,
        size: float,
        base: str = "Normal",
        align: str | None = None,
        first_line_chars: float | None = 0,
        exact_pitch: float | None = None,
        color: str | None = None,
        grid: bool = True,
        widows: bool = False,
        latin: str | None = None,
    ) -> str:
        """Add a named paragraph style; return its id. All styles are parsed in one go."""
        spacing = (
            f'<w:spacing w:before="0" w:after="0" w:line="{_twips(exact_pitch)}" '
            'w:lineRule="exact"/>'
            if exact_pitch is not None
            else '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        )
        indent = (
            # Word measures firstLineChars in hundredths of the style's character width.
            f'<w:ind w:firstLineChars="{round(first_line_chars * 100)}" '
            f'w:firstLine="{_twips(first_line_chars * size)}"/>'
            if first_line_chars is not None
            else ""
        )
        jc = f'<w:jc w:val="{align}"/>' if align else ""
        # Only body text sits on the character grid: a 22 pt title or a 14 pt table on
        # a 16 pt grid would be spaced out to whole grid cells.
        snap = "" if grid else '<w:snapToGrid w:val="0"/>'
        widow = "<w:widowControl/>" if widows else '<w:widowControl w:val="0"/>'

        latin = escape(latin or self.options["latin_font"], {'"': "&quot;"})
        east = escape(font, {'"': "&quot;"})
        colour = f'<w:color w:val="{color}"/>' if color else ""
        # A 16 pt character is a little wider than the 15.79 pt pitch of 28 a line: set
        # 0.3 pt closer, 28 fit (and each fits one cell of a character grid), with room
        # for a comma to hang past the edge as Word and LibreOffice let it (0.25 pt
        # leaves LibreOffice 7.4 none, and it drops the comma from the page).
        if grid and size == BODY_SIZE:
            colour += f'<w:spacing w:val="{GRID_CONDENSE}"/>'
        half_points = round(size * 2)
        self.style_xml.append(
            f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="{base}"/><w:qFormat/>'
            f"<w:pPr>{widow}{snap}{spacing}{indent}{jc}</w:pPr>"
            f'<w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" '
            f'w:cs="{latin}"/>{colour}<w:sz w:val="{half_points}"/>'
            f'<w:szCs w:val="{half_points}"/></w:rPr></w:style>'
        )
        return style_id

    def apply(self, styles: Any, issuer_mark_size: float) -> None:
        from docx.oxml import parse_xml  # noqa: PLC0415
        from docx.oxml.ns import qn  # noqa: PLC0415

        o = self.options
        # Every font the template names through the theme is named outright, so no
        # style a clerk picks in Word falls back to a Latin theme font.
        for fonts in list(styles.iter(qn("w:rFonts"))):
            if any("heme" in attribute for attribute in fonts.attrib):
                self.fonts(fonts.getparent(), o["body_font"])
        normal = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='Normal']")
        if normal is not None:
            rpr = normal.get_or_add_rPr()
            self.fonts(rpr, o["body_font"])
            # Word and LibreOffice reckon the character grid's pitch from Normal's size.
            for tag in ("w:sz", "w:szCs"):
                for old in rpr.findall(qn(tag)):
                    rpr.remove(old)
                rpr.append(parse_xml(f'<{tag} xmlns:w="{W}" w:val="{round(BODY_SIZE * 2)}"/>'))
        # The character grid's pitch is reckoned from the default size: 三号. East Asian
        # text is Chinese (zh-CN), for line breaking and fonts alike.
        defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if defaults is not None:
            for tag in ("w:sz", "w:szCs"):
                found = defaults.find(qn(tag))
                if found is not None:
                    found.set(qn("w:val"), str(round(BODY_SIZE * 2)))
            lang = defaults.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), "zh-CN")
                lang.set(qn("w:eastAsia"), "zh-CN")
        pitch = o["line_pitch"]
        body = self.style(
            BODY,
            "公文正文",
            font=o["body_font"],
            size=BODY_SIZE,
            align="both",
            first_line_chars=2,
            exact_pitch=pitch,
            widows=True,
        )
        common: dict[str, Any] = {"base": body, "size": BODY_SIZE, "exact_pitch": pitch}
        title: dict[str, Any] = {
            "size": TITLE_SIZE,
            "align": "center",
            "exact_pitch": o["title_line_pitch"],
            "base": body,
            "grid": False,
        }
        table_size = o["table_font_size"]
        self.style(TITLE, "公文标题", font=o["title_font"], **title)
        self.style(ADDRESSEE, "公文主送机关", font=o["body_font"], align="left", **common)
        self.style(
            HEADING1,
            "公文一级标题",
            font=o["heading_font"],
            first_line_chars=2,
            widows=True,
            **common,
        )
        self.style(
            HEADING2,
            "公文二级标题",
            font=o["kai_font"],
            first_line_chars=2,
            widows=True,
            **common,
        )
        self.style(
            ATTACHMENT_NOTE,
            "公文附件说明",
            font=o["body_font"],
            first_line_chars=2,
            **common,
        )
        self.style(SIGNATURE, "公文署名", font=o["body_font"], align="right", **common)
        self.style(DATE, "公文成文日期", font=o["body_font"], align="right", **common)
        self.style(NOTE, "公文附注", font=o["body_font"], first_line_chars=2, **common)
        self.style(ATTACHMENT_LABEL, "公文附件标识", font=o["heading_font"], align="left", **common)
        self.style(ATTACHMENT_TITLE, "公文附件标题", font=o["title_font"], **title)
        cells: dict[str, Any] = {
            "size": table_size,
            "base": body,
            "grid": False,
            "exact_pitch": table_size * TABLE_LEADING,
        }
        self.style(TABLE_TEXT, "公文表格", font=o["body_font"], **cells)
        self.style(TABLE_HEADING, "公文表头", font=o["heading_font"], align="center", **cells)
        self.style(TABLE_NOTE, "公文表注", font=o["body_font"], size=table_size, base=body)
        # The paragraph Word needs after a table, or before a section break: 1 pt tall
        # and hidden, so a table ending at the page's foot pushes no blank page out.
        self.style(
            END_MARK,
            "公文结束",
            font=o["body_font"],
            size=1,
            base=body,
            grid=False,
            exact_pitch=1,
        )
        self.style(
            ISSUER_MARK,
            "公文发文机关标志",
            font=o["title_font"],
            size=issuer_mark_size,
            base=body,
            align="center",
            color=RED,
            grid=False,
        )
        self.style(DOC_NUMBER, "公文发文字号", font=o["body_font"], align="center", **common)
        self.style(
            IMPRINT,
            "公文版记",
            font=o["body_font"],
            size=IMPRINT_SIZE,
            base=body,
            grid=False,
            exact_pitch=IMPRINT_SIZE * 2,
        )
        self.style(
            PAGE_NUMBER,
            "公文页码",
            font=o["page_number_font"],
            size=PAGE_NUMBER_SIZE,
            base=body,
            grid=False,
            latin=o["page_number_font"],  # half-width 宋体 digits (§7.5)
        )
        borders = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        self.style_xml.append(
            '<w:style w:type="table" w:customStyle="1" w:styleId="TongbaoTable">'
            '<w:name w:val="公文统计表"/><w:basedOn w:val="TableNormal"/>'
            f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders><w:tblCellMar>"
            # LibreOffice adds the 0.5 pt rule to a row's height; the padding gives it back
            f'<w:top w:w="{_twips(CELL_V_PADDING - 0.25)}" w:type="dxa"/>'
            f'<w:left w:w="{_twips(CELL_PADDING)}" w:type="dxa"/>'
            f'<w:bottom w:w="{_twips(CELL_V_PADDING - 0.25)}" w:type="dxa"/>'
            f'<w:right w:w="{_twips(CELL_PADDING)}" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr></w:style>"
        )
        fragment = parse_xml(f'<w:styles xmlns:w="{W}">{"".join(self.style_xml)}</w:styles>')
        styles.extend(list(fragment))
