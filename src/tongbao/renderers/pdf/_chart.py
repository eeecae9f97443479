"""The attachment's bar chart, vector-drawn under the table; it splits between bars."""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.platypus import Flowable

from ...document import Chart
from ._font import PdfFont, drawable

__all__ = ["BarChart", "chart_texts"]

RED = (1.0, 0.0, 0.0)
GREY = (0.55, 0.55, 0.55)
CHART_ROW = 16.0
"""The pitch of the bars, in points."""
CHART_LABEL_SIZE = 10.5
"""The units' names beside the bars (五号)."""
CHART_TITLE = 30.0
"""The room for the chart's title above the bars."""
CHART_TITLE_SIZE = 14.0
CHART_VALUE_SIZE = 9.0
CHART_FOOT = 12.0
"""The room under the bars, for the reference line's label."""
LABEL_SHARE = 0.36
"""The share of the width the bars' labels take."""
VALUE_ROOM = 40.0
"""The room right of the longest bar, for its value."""


def chart_texts(
    chart: Chart, body: PdfFont, heading: PdfFont, where: str
) -> Iterator[tuple[str, PdfFont, str]]:
    """Each text the chart prints, its place and its font (a label may end in ``…``)."""
    yield f"{where}, chart title", heading, chart.title
    for number, bar in enumerate(chart.bars, start=1):
        yield f"{where}, chart bar {number}", body, f"{bar.label}{bar.text}…"
    if chart.reference is not None:
        reference = chart.reference
        yield f"{where}, chart reference line", body, f"{reference.label} {reference.text}"


class BarChart(Flowable):
    """Horizontal bars, vector-drawn; splits between bars across pages."""

    def __init__(
        self, chart: Chart, body: PdfFont, heading: PdfFont, start: int = 0, end: int | None = None
    ) -> None:
        super().__init__()
        self.chart = chart
        self.body = body
        self.heading = heading
        self.start = start
        self.end = len(chart.bars) if end is None else end

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's
        self.width = aW
        return aW, CHART_TITLE + (self.end - self.start) * CHART_ROW + CHART_FOOT

    def split(self, aW: float, aH: float, /) -> list[Flowable]:  # noqa: N803
        fit = int((aH - CHART_TITLE - CHART_FOOT) // CHART_ROW)
        if fit <= 0:
            return []
        middle = self.start + fit
        return [
            BarChart(self.chart, self.body, self.heading, self.start, middle),
            BarChart(self.chart, self.body, self.heading, middle, self.end),
        ]

    def draw(self) -> None:
        canvas = self.canv
        _, height = self.wrap(self.width, 0)
        label_width = self.width * LABEL_SHARE
        scale = self.width - label_width - VALUE_ROOM
        top = height - CHART_TITLE
        title = drawable(self.chart.title)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(self.heading.name, CHART_TITLE_SIZE)
        canvas.drawString(
            (self.width - self.heading.width(title, CHART_TITLE_SIZE)) / 2, height - 20, title
        )
        bottom = top - (self.end - self.start) * CHART_ROW
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.setLineWidth(0.5)
        canvas.line(label_width, top, label_width, bottom)
        for number, bar in enumerate(self.chart.bars[self.start : self.end]):
            y = top - (number + 1) * CHART_ROW
            label = drawable(bar.label)
            while label and self.body.width(label, CHART_LABEL_SIZE) > label_width - 6:
                label = label[:-2] + "…"
            canvas.setFillColorRGB(0, 0, 0)
            canvas.setFont(self.body.name, CHART_LABEL_SIZE)
            canvas.drawString(
                label_width - 4 - self.body.width(label, CHART_LABEL_SIZE), y + 4, label
            )
            canvas.setFillColorRGB(*GREY)
            canvas.rect(label_width, y + 3, bar.share * scale, CHART_ROW - 6, stroke=0, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
            canvas.setFont(self.body.name, CHART_VALUE_SIZE)
            canvas.drawString(label_width + bar.share * scale + 3, y + 5, drawable(bar.text))
        reference = self.chart.reference
        if reference is not None:
            x = label_width + reference.share * scale
            canvas.setStrokeColorRGB(*RED)
            canvas.setDash(3, 2)
            canvas.line(x, top, x, bottom - 4)
            canvas.setDash()
            canvas.setFillColorRGB(*RED)
            canvas.setFont(self.body.name, CHART_VALUE_SIZE)
            canvas.drawString(x + 2, bottom - 11, drawable(f"{reference.label} {reference.text}"))
