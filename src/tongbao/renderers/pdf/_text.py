"""Paragraphs as line boxes of fixed pitch, and the closing that never leaves the body.

Text is broken into lines by :mod:`.._linebreak` (Chinese 禁则) and drawn directly on
the canvas, justified, so no text ever passes through a markup parser: ``A&B`` and
``<x>`` print as written.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from .._layout import BODY_SIZE, CHAR_PITCH, GB9704, MM
from .._linebreak import HANGING, break_lines
from ._font import PdfFont, drawable

__all__ = ["GRID_SPACE", "Closing", "Lines", "Style"]

BASELINE_RISE = 0.12
"""The baseline sits this many ems above the glyphs' centred box: descenders fit."""


class Style:
    """How one kind of paragraph is set: font, size, pitch, alignment and indents."""

    def __init__(
        self,
        font: PdfFont,
        size: float,
        leading: float,
        *,
        align: str = "justify",
        first_indent: float = 0.0,
        right_indent: float = 0.0,
        color: tuple[float, float, float] = (0, 0, 0),
        char_space: float = 0.0,
        hanging: float = 0.0,
        widows: bool = False,
    ) -> None:
        self.font = font
        self.size = size
        self.leading = leading
        self.align = align
        self.first_indent = first_indent
        self.right_indent = right_indent
        self.color = color
        self.char_space = char_space
        """Added to each character's advance: the character grid of body text."""
        self.hanging = hanging
        """Left indent of the lines after the first."""
        self.widows = widows
        """Keep two lines of the paragraph together at either side of a page break, as
        Word's and LibreOffice's widow and orphan control do."""

    def width(self, text: str) -> float:
        """The advance of ``text`` on a line, the grid's spacing included."""
        return self.font.width(text, self.size) + len(drawable(text)) * self.char_space


GRID_SPACE = CHAR_PITCH - BODY_SIZE
"""Added to every character's advance in body text: 28 characters fill a line (§5.2.2)."""


class Lines(Flowable):
    """A paragraph as line boxes of fixed pitch, broken once per width."""

    last_is_full = False
    """The last line is justified too: the paragraph continues on the next page."""

    def __init__(
        self,
        text: str,
        style: Style,
        lines: list[str] | None = None,
        first: bool = True,
        label: tuple[str, float] | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.lines = lines
        self.first = first
        self.label = label
        """Text drawn before the first line, and where: ``附件：1.`` before a name."""
        self._for_width: float | None = None

    def break_at(self, width: float) -> list[str]:
        """The paragraph's lines at ``width``, broken once per width."""
        if self.lines is not None and (self._for_width in (None, width)):
            return self.lines
        style = self.style
        room = width - style.right_indent

        indent = (style.first_indent if self.first else style.hanging) - style.hanging
        self.lines = (
            break_lines(
                self.text,
                room - style.hanging + 1e-6,
                style.width,
                indent,
                hang=style.char_space != 0,
            )
            if self.text
            else [""]
        )
        self._for_width = width
        return self.lines

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        self.width = aW
        return aW, len(self.break_at(aW)) * self.style.leading

    def split(self, aW: float, aH: float, /) -> list[Flowable]:  # noqa: N803
        lines = self.break_at(aW)
        fit = int(aH / self.style.leading + 1e-6)
        if fit >= len(lines):
            return [self]
        if self.style.widows:
            fit = min(fit, len(lines) - 2) if fit >= 2 else 0
        if fit <= 0:
            return []
        return list(self.split_at(fit))

    def split_at(self, fit: int) -> tuple[Lines, Lines]:
        """The first ``fit`` lines and the rest, as two paragraphs."""
        lines = self.lines or []
        head = Lines(self.text, self.style, lines[:fit], self.first, self.label)
        head.last_is_full = True
        tail = Lines("", self.style, lines[fit:], first=False)
        return head, tail

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        lines = self.lines or []
        size = style.size
        height = len(lines) * style.leading
        canvas.setFillColorRGB(*style.color)
        for number, line in enumerate(lines):
            text = drawable(line)
            indent = style.first_indent if (number == 0 and self.first) else style.hanging
            room = self.width - style.right_indent - indent
            used = style.width(text)
            # Baseline: the glyphs centred in the line box, descenders included.
            baseline = height - (number + 1) * style.leading + (style.leading - size) / 2
            baseline += size * BASELINE_RISE
            last = number == len(lines) - 1 and not self.last_is_full
            spacing = style.char_space
            x = indent
            if style.align == "justify" and not last and len(text) > 1:
                hanging = text[-1] in HANGING and used - style.width(text[-1]) <= room < used
                if hanging:  # the rest is justified, the mark hangs past the edge
                    used -= style.width(text[-1])
                spacing += max(0.0, room - used) / (len(text) - 1 - hanging)
            elif style.align == "center":
                x = (self.width - used) / 2
            elif style.align == "right":
                x = self.width - style.right_indent - used
            # The label (附件：1.) first, so a reader copying the text gets it in order.
            if number == 0 and self.first and self.label and self.label[0].strip():
                obj = canvas.beginText(self.label[1], baseline)
                obj.setFont(style.font.name, size)
                obj.setCharSpace(style.char_space)
                obj.textOut(drawable(self.label[0].rstrip()))
                canvas.drawText(obj)
            obj = canvas.beginText(x, baseline)
            obj.setFont(style.font.name, size)
            if spacing:
                obj.setCharSpace(spacing)
            obj.textOut(text)
            canvas.drawText(obj)


class Closing(Flowable):
    """The body's last paragraph with what follows it: 附件说明, 署名, 成文日期, 附注.

    They never part (§7.3.5): when the page cannot hold them all, they go to the
    next page together, the whole paragraph with them, as a keep-with-next chain
    does in LibreOffice, so the two formats break the same way. A paragraph too
    long for that leaves its first lines behind and takes at least two along.
    """

    def __init__(self, last: Lines | None, rest: list[Flowable]) -> None:
        super().__init__()
        self.last = last
        self.rest = rest
        self.heights: list[float] = []

    def _parts(self) -> list[Flowable]:
        return [self.last, *self.rest] if self.last is not None else list(self.rest)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        self.width = aW
        self.heights = [part.wrap(aW, aH)[1] for part in self._parts()]
        return aW, sum(self.heights)

    def split(self, aW: float, aH: float, /) -> list[Flowable]:  # noqa: N803
        if self.last is None or sum(self.heights) <= GB9704.type_height * MM:
            return []  # all of it on the next page
        lines = self.last.break_at(aW)
        fit = int(aH / self.last.style.leading + 1e-6)
        head = min(fit, len(lines) - 2)
        if head < 2:
            return []
        first, tail = self.last.split_at(head)
        return [first, Closing(tail, self.rest)]

    def draw(self) -> None:
        y = sum(self.heights)
        for part, height in zip(self._parts(), self.heights, strict=True):
            y -= height
            part.drawOn(self.canv, 0, y)
