"""What is drawn outside the text flow: the red rule, the 版记 and the page numbers.

The 版记 and the blank page before it carry no page number (§7.5): they say so to the
:class:`PageNumbers` that draws numbers when a page is finished, by page number.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageBreak

from .._layout import GB9704, IMPRINT_SIZE, MM, PAGE_NUMBER_SIZE
from ._chart import RED
from ._font import PdfFont, drawable
from ._text import BASELINE_RISE

__all__ = ["Imprint", "PageNumbers", "RedRule", "Unnumbered"]

RED_RULE_WIDTH = 1.5
"""The red separator under the 发文字号, in points."""
RED_RULE_GAP = 4 * MM
"""From the 发文字号 to the red separator (§7.2.4)."""
IMPRINT_PITCH = IMPRINT_SIZE * 2
"""The 版记's line pitch: each line between two rules."""
IMPRINT_OUTER_RULE = 0.35 * MM
"""The 版记's first and last rules (§7.4)."""
IMPRINT_INNER_RULE = 0.25 * MM
"""The 版记's rules between its lines."""
PAGE_NUMBER_DESCENT = 0.88
"""From the page number's top to its baseline, in ems: the top lies 7 mm under the type
area."""


class PageNumbers:
    """Draws ``— 1 —`` on each finished page but those a flowable marked unnumbered."""

    def __init__(self, font: PdfFont, *, shown: bool) -> None:
        self.font = font
        self.shown = shown
        self.unnumbered: set[int] = set()
        """Pages without a number: the 版记's, and the blank page before it."""
        self.template: BaseDocTemplate | None = None
        """The document template, once made: the 版记 asks it which page it is on."""

    def skip(self, page: int) -> None:
        """Page ``page`` carries no number."""
        self.unnumbered.add(page)

    def page(self) -> int:
        """The page being laid out."""
        assert self.template is not None, "the template is set before the story is built"
        return self.template.page

    def at_top(self) -> bool:
        """Nothing has been drawn in the page's frame yet (reportlab's own flag for it)."""
        assert self.template is not None
        return bool(self.template.frame._atTop)  # type: ignore[attr-defined]

    def __call__(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        number = canvas.getPageNumber()
        if number in self.unnumbered or not self.shown:
            return
        font = self.font
        text = f"— {number} —"
        size = PAGE_NUMBER_SIZE
        width = font.width(text, size)
        page = GB9704
        # §7.5: 7 mm under the type area; odd pages right, even pages left, one character in.
        baseline = (page.bottom - page.page_number_gap) * MM - size * PAGE_NUMBER_DESCENT
        odd = number % 2
        x = (page.width - page.right) * MM - size - width if odd else page.left * MM + size
        canvas.saveState()
        canvas.setFont(font.name, size)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawString(x, baseline, text)
        canvas.restoreState()


class RedRule(Flowable):
    """The red separator under the 发文字号, the type area's width (§7.2.4)."""

    def __init__(self, glyphs_above: float = 0.0) -> None:
        super().__init__()
        self.glyphs_above = glyphs_above
        """The glyphs of the line above end this far above its line box: the baseline is
        (pitch - size) / 2 + 0.12 size up, and descenders reach 0.17 size below it."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's
        self.width = aW
        return aW, RED_RULE_GAP - self.glyphs_above

    def draw(self) -> None:
        self.canv.setStrokeColorRGB(*RED)
        self.canv.setLineWidth(RED_RULE_WIDTH)
        self.canv.line(0, 0, self.width, 0)


class Unnumbered(Flowable):
    """Marks its page as one without a page number: the blank page before the 版记."""

    def __init__(self, numbers: PageNumbers) -> None:
        super().__init__()
        self.numbers = numbers

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.numbers.skip(self.canv.getPageNumber())


class Imprint(Flowable):
    """The 版记 on the type area's bottom edge of the last page, an even one (§7.4).

    The last page of a printed document is its back (封四): the 版记 has a page of
    its own, the next even page, with a blank page before it when the content ends
    on an even page; neither carries a page number (§7.5). The DOCX does the same.
    """

    def __init__(self, lines: list[tuple[str, str]], font: PdfFont, numbers: PageNumbers) -> None:
        super().__init__()
        self.lines = lines
        """Each line's left and right text: (抄送, ""), (印发机关, 印发日期)."""
        self.font = font
        self.pitch = IMPRINT_PITCH
        self.numbers = numbers

    def _here(self) -> bool:
        return self.numbers.page() % 2 == 0 and self.numbers.at_top()

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        self.width = aW
        if self._here():
            return aW, aH
        return aW, aH + 1  # not on this page: split() moves it

    def split(self, aW: float, aH: float, /) -> list[Flowable]:  # noqa: N803
        if self.numbers.page() % 2 == 0:  # even but used: a blank odd page first
            return [PageBreak(), Unnumbered(self.numbers), PageBreak(), self]
        return [PageBreak(), self]

    def draw(self) -> None:
        canvas = self.canv
        self.numbers.skip(canvas.getPageNumber())  # this page carries no number (§7.5)
        one = IMPRINT_SIZE
        y = len(self.lines) * self.pitch
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(IMPRINT_OUTER_RULE)
        canvas.line(0, y, self.width, y)
        for number, (left, right) in enumerate(self.lines):
            bottom = y - self.pitch
            baseline = bottom + (self.pitch - IMPRINT_SIZE) / 2 + IMPRINT_SIZE * BASELINE_RISE
            canvas.setFont(self.font.name, IMPRINT_SIZE)
            canvas.drawString(one, baseline, drawable(left))
            if right:
                text = drawable(right)
                canvas.drawString(
                    self.width - one - self.font.width(text, IMPRINT_SIZE), baseline, text
                )
            last = number == len(self.lines) - 1
            canvas.setLineWidth(IMPRINT_OUTER_RULE if last else IMPRINT_INNER_RULE)
            canvas.line(0, bottom, self.width, bottom)
            y = bottom
