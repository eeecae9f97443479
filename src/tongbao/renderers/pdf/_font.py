"""A registered reportlab font for one role: its name, coverage and cached text widths."""

from __future__ import annotations

import hashlib
from collections.abc import Container

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ...errors import FontError
from .._fonts import FORMAT_CHARACTERS, FontChoice

__all__ = ["PdfFont", "drawable"]

WIDTH_CACHE = 20_000
"""Text widths kept per font: the pieces line breaking measures again and again."""


def drawable(text: str) -> str:
    """``text`` without invisible format characters, which fonts rarely have."""
    return FORMAT_CHARACTERS.sub("", text)


class PdfFont:
    """A registered reportlab font for one role, with its coverage."""

    def __init__(self, choice: FontChoice) -> None:
        self.choice = choice
        self.covered: Container[int] | None
        """Code points the font has a glyph for; ``None`` for the CID font (its GB set)."""
        if choice.path is None:
            self.name = "STSong-Light"
            if self.name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(UnicodeCIDFont(self.name))
            self.covered = None
        else:
            # reportlab's registry is process-wide; one name per file keeps it idempotent.
            digest = hashlib.sha1(str(choice.path).encode(), usedforsecurity=False)
            self.name = f"tongbao-{digest.hexdigest()[:12]}"
            if self.name not in pdfmetrics.getRegisteredFontNames():
                try:
                    pdfmetrics.registerFont(TTFont(self.name, str(choice.path)))
                except (TTFError, OSError, ValueError) as exc:
                    raise FontError(
                        f"the {choice.role} font {str(choice.path)!r} cannot be used: {exc}"
                    ) from None
            face = pdfmetrics.getFont(self.name).face  # type: ignore[attr-defined]
            self.covered = face.charToGlyph  # code point -> glyph: membership is coverage
        self._widths: dict[tuple[str, float], float] = {}
        self._string_width = pdfmetrics.stringWidth

    def width(self, text: str, size: float) -> float:
        """The advance of ``text`` at ``size`` points, format characters left out."""
        key = (text, size)
        found = self._widths.get(key)
        if found is None:
            found = self._string_width(drawable(text), self.name, size)
            if len(self._widths) >= WIDTH_CACHE:
                self._widths.clear()  # 100,000 distinct names need not all stay cached
            self._widths[key] = found
        return found

    def describe(self) -> str:
        """The font as a user knows it, without where it lies: a file name or the CID font."""
        if self.choice.path is None:
            return "STSong-Light (built in)"
        return self.choice.path.name
