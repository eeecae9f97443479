"""WordprocessingML pieces the DOCX renderer writes as text: runs, paragraphs, units."""

from __future__ import annotations

from xml.sax.saxutils import escape

from .._layout import CHAR_PITCH, text_width

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_PT = 20
RED = "FF0000"
GRID_CONDENSE = -6
"""Character spacing of body text on the grid, in twentieths of a point."""
FONT_ALTERNATES = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "方正小标宋_GBK",
    "黑体": "SimHei",
    "宋体": "SimSun",
    "仿宋": "FangSong",
    "楷体": "KaiTi",
    "Times New Roman": "Liberation Serif",
}
"""The font each named font falls back to where it is missing (``w:altName``)."""
EAST_ASIAN_PUNCTUATION = frozenset("“”‘’—…·")
"""Characters Word would set in the Latin font unless the run is hinted East Asian."""


def _twips(points: float) -> int:
    return round(points * TWIPS_PER_PT)


def _attr(text: str) -> str:
    """``text`` escaped for an XML attribute in double quotes."""
    return escape(text, {'"': "&quot;"})


def _note_measure(text: str) -> float:
    """A 附件说明 label's width on the character grid, in points."""
    return text_width(text) * CHAR_PITCH


def _run(text: str) -> str:
    """A run of ``text``, hinted East Asian when it holds quotes, dashes or ellipses."""
    if not text:
        return ""
    hint = (
        '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>'
        if EAST_ASIAN_PUNCTUATION.intersection(text)
        else ""
    )
    return f'<w:r>{hint}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph_xml(text: str, style_id: str, properties: str = "", *, ns: bool = False) -> str:
    xmlns = f' xmlns:w="{W}"' if ns else ""
    return (
        f'<w:p{xmlns}><w:pPr><w:pStyle w:val="{style_id}"/>{properties}</w:pPr>{_run(text)}</w:p>'
    )
