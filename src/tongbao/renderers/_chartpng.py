"""A chart as a PNG picture, for formats without vector charts (the DOCX).

Drawn with Pillow in a CJK TrueType font (named by ``chart_font_file``, else the first of
:data:`FONT_FILES` found here), at a fixed size and without metadata, so the same chart
gives the same bytes. Its characters are checked against the font's character map
(:func:`._fonts.covered_characters`): neither the PDF's font roles nor reportlab are
used.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..document import Chart
from ..errors import FontError, Location, MissingGlyphError, Problem
from ._fonts import (
    ANY_CJK_FILES,
    FANGSONG_FILES,
    SONG_FILES,
    check_truetype,
    covered_characters,
    find_font,
    missing_characters,
)

__all__ = ["FONT_FILES", "chart_problems", "draw_chart", "has_font"]

FONT_FILES = (*FANGSONG_FILES, *SONG_FILES, *ANY_CJK_FILES)
"""The chart's font by file name, best first: a 仿宋 like the notice's text, else a 宋体,
else any Chinese font."""

SCALE = 2  # pixels per point: 144 dpi
WIDTH_PT = 442  # the 156 mm type area
ROW_PT = 16
TITLE_PT = 30


def has_font(named: str = "") -> bool:
    """Whether a chart can be drawn here: a font file is named, or one of
    :data:`FONT_FILES` is installed (a named file is checked when the chart is drawn)."""
    return bool(named.strip()) or find_font(FONT_FILES) is not None


def _font_file(named: str) -> Path:
    if named.strip():
        path = Path(named).expanduser()
        if not path.is_file():
            raise FontError(f"the chart font file {named!r} does not exist")
        check_truetype(path, "chart")
        return path
    found = find_font(FONT_FILES)
    if found is None:
        raise FontError(
            "the chart is drawn as a picture in a DOCX and needs a Chinese TrueType font; "
            "none was found here: name one with --option chart_font_file=PATH"
        )
    return found


def chart_problems(chart: Chart, font_file: str = "", where: str = "chart") -> list[Problem]:
    """A problem for each text of ``chart`` the chart's font cannot print.

    Raises:
        FontError: the named font file cannot be used, or none is found.
    """
    path = _font_file(font_file)
    covered = covered_characters(path)
    texts = [(f"{where} title", chart.title)]
    texts.extend((f"{where} bar {n}", b.label + b.text) for n, b in enumerate(chart.bars, 1))
    if chart.reference is not None:
        texts.append((f"{where} reference line", chart.reference.label + chart.reference.text))
    lacking = set(missing_characters("".join(t for _, t in texts), covered))
    found = []
    for place, text in texts:
        chars = [c for c in dict.fromkeys(text) if c in lacking]
        if chars:
            shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars)
            at = Location(None, place)
            found.append(Problem.of("render.chart_missing_glyph", at, font=path.name, chars=shown))
    return found


def draw_chart(chart: Chart, font_file: str = "") -> bytes:
    """The chart as PNG bytes, 156 mm wide at 144 dpi: bars, values, the reference line."""
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415

    problems = chart_problems(chart, font_file)
    if problems:
        raise MissingGlyphError(
            problems,
            hint="name a font that has these characters: --option chart_font_file=PATH, "
            "or chart_font_file under [options.docx] in the notice file",
        )
    path = _font_file(font_file)

    def font(points: float) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(path), round(points * SCALE))

    title_font, label_font, value_font = font(14), font(10.5), font(9)
    width = WIDTH_PT * SCALE
    rows = len(chart.bars)
    height = (TITLE_PT + rows * ROW_PT + 24) * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title_width = draw.textlength(chart.title, font=title_font)
    draw.text(((width - title_width) / 2, 6 * SCALE), chart.title, font=title_font, fill="black")
    label_width = width * 0.36
    scale = width - label_width - 40 * SCALE
    top = TITLE_PT * SCALE
    bottom = top + rows * ROW_PT * SCALE
    draw.line([(label_width, top), (label_width, bottom)], fill="black", width=1)
    for number, bar in enumerate(chart.bars):
        y = top + number * ROW_PT * SCALE
        label = bar.label
        while label and draw.textlength(label, font=label_font) > label_width - 6 * SCALE:
            label = label[:-2] + "…"
        text_width = draw.textlength(label, font=label_font)
        draw.text(
            (label_width - 4 * SCALE - text_width, y + 2 * SCALE),
            label,
            font=label_font,
            fill="black",
        )
        end = label_width + bar.share * scale
        draw.rectangle(
            [(label_width, y + 3 * SCALE), (end, y + (ROW_PT - 3) * SCALE)], fill=(140, 140, 140)
        )
        draw.text((end + 3 * SCALE, y + 3 * SCALE), bar.text, font=value_font, fill="black")
    reference = chart.reference
    if reference is not None:
        x = label_width + reference.share * scale
        for dash in range(round(top), round(bottom + 4 * SCALE), 5 * SCALE):
            draw.line(
                [(x, dash), (x, min(dash + 3 * SCALE, bottom + 4 * SCALE))],
                fill=(220, 0, 0),
                width=SCALE,
            )
        label = f"{reference.label} {reference.text}"
        draw.text((x + 2 * SCALE, bottom + 6 * SCALE), label, font=value_font, fill=(220, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
