"""Pages as printed, measured: text lines from poppler's ``pdftotext -bbox-layout`` and
rules from a raster, in points from the page's top-left corner.

The PDF renderer's output and the DOCX as LibreOffice prints it are measured the same
way, so one set of checks holds both formats to GB/T 9704-2012 and to each other.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
from PIL import Image

import tongbao
from tongbao import Notice, Tally, Unit
from tongbao.document import Paragraph
from tongbao.renderers._linebreak import HANGING

from .tools import require_tool

MM = 72 / 25.4
LEFT = 28 * MM
RIGHT = (28 + 156) * MM
TOP = 37 * MM
BOTTOM = (37 + 225) * MM
"""The type area's edges from the page's top-left corner, as GB/T 9704-2012 §5.2 gives
them (not read from the code under test)."""
PITCH = 156 * MM / 28
"""28 characters a line (§5.2.2)."""

_NS = "{http://www.w3.org/1999/xhtml}"


@attrs.frozen
class Line:
    """A line of text and its box (points from the top-left corner)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


@attrs.frozen
class Page:
    number: int
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)

    def find(self, text: str) -> Line:
        """The first line holding ``text`` (spaces aside)."""
        for line in self.lines:
            if text in line.text:
                return line
        raise AssertionError(f"{text!r} is not on page {self.number}: {self.text!r}")

    @property
    def page_number(self) -> Line | None:
        """The page number's line, ``— n —``, if the page has one."""
        found = [line for line in self.lines if re.fullmatch(r"—\d+—", line.text)]
        return found[0] if found else None


@attrs.frozen
class Rule:
    """A horizontal rule at least 100 mm long."""

    y: float
    thickness: float
    x0: float
    x1: float
    red: bool


def read_pages(pdf: Path) -> list[Page]:
    """Every page's text lines, spaces removed (LibreOffice spaces Latin from Chinese)."""
    require_tool("pdftotext", package="poppler-utils")
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    root = ET.fromstring(html)
    pages = []
    for number, page in enumerate(root.iter(f"{_NS}page"), start=1):
        lines = []
        for line in page.iter(f"{_NS}line"):
            text = "".join("".join(w.text or "" for w in line.iter(f"{_NS}word")).split())
            box = [float(line.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(text, *box))
        lines.sort(key=lambda line: (round(line.y0), line.x0))
        pages.append(Page(number, tuple(_merge(lines))))
    return pages


def _merge(lines: list[Line]) -> list[Line]:
    """Boxes on one baseline, joined left to right (poppler splits a spaced-out line)."""
    merged: list[Line] = []
    for line in lines:
        last = merged[-1] if merged else None
        if last is not None and abs(last.y1 - line.y1) < 2 and line.x0 > last.x0:
            merged[-1] = Line(
                last.text + line.text,
                min(last.x0, line.x0),
                min(last.y0, line.y0),
                max(last.x1, line.x1),
                max(last.y1, line.y1),
            )
        else:
            merged.append(line)
    return merged


@functools.cache
def raster(pdf: Path, page: int, dpi: int = 288) -> Image.Image:
    """``page`` (1-based) of ``pdf`` as an RGB image, rendered once."""
    require_tool("pdftoppm", package="poppler-utils")
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
        check=True,
        capture_output=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def _rows(channel: Image.Image, below: int) -> bytes:
    """For each pixel row, the share (0-255) of its pixels darker than ``below``."""
    inked = channel.point(lambda v: 255 if v < below else 0)
    return inked.resize((1, channel.height), Image.Resampling.BOX).tobytes()


def rules(pdf: Path, page: int, dpi: int = 288) -> list[Rule]:
    """Horizontal rules on ``page`` (1-based): rows of ink across 100 mm or more."""
    image = raster(pdf, page, dpi)
    scale = 72 / dpi
    left, right = round(LEFT / scale) - 4, round(RIGHT / scale) + 4
    area = image.crop((left, 0, right, image.height))
    share = 100 * MM / scale / area.width * 255
    green = area.getchannel("G")
    found: list[tuple[int, bool, int, int]] = []
    for y, inked in enumerate(_rows(green, 128)):
        if inked < share:
            continue
        row = bytes(green.crop((0, y, area.width, y + 1)).tobytes())
        xs = [i for i, g in enumerate(row) if g < 128]
        red = area.getpixel((xs[len(xs) // 2], y))
        assert isinstance(red, tuple)
        found.append((y, red[0] > 128, xs[0] + left, xs[-1] + left))
    result: list[Rule] = []
    group: list[tuple[int, bool, int, int]] = []
    for item in [*found, None]:
        if item is not None and (not group or item[0] == group[-1][0] + 1):
            group.append(item)
            continue
        if group:
            ys = [g[0] for g in group]
            result.append(
                Rule(
                    y=(ys[0] + ys[-1] + 1) / 2 * scale,
                    thickness=len(ys) * scale,
                    x0=min(g[2] for g in group) * scale,
                    x1=(max(g[3] for g in group) + 1) * scale,
                    red=group[0][1],
                )
            )
        group = [item] if item is not None else []
    return result


# --- the notices measured --------------------------------------------------------------

FILL = "各单位要进一步提高认识加强组织领导明确专人负责确保信息报送工作落到实处取得实效"


def longer(seed: Notice, lines: int) -> Notice:
    """The seed with a paragraph of ``lines`` full lines more before its last one."""
    if lines == 0:
        return seed
    text = (FILL * 40)[: 26 + 28 * (lines - 1) - 1] + "。"
    body = list(seed.body)
    body.insert(len(body) - 1, Paragraph(text))
    return attrs.evolve(seed, body=body)


def all_parts(seed: Notice, units: int = 0) -> Notice:
    """The seed with every optional part; ``units`` made-up units instead of the seed's."""
    fields: dict[str, object] = {
        "header": "西宁市城中区人民政府办公室文件",
        "doc_number": "城中政办〔2018〕12号",
        "note": "此件主动公开",
        "cc": ["区委办", "区人大办", "区政协办"],
        "printed_by": "西宁市城中区人民政府办公室",
        "printed_date": datetime.date(2018, 5, 11),
    }
    if units:
        period = seed.period
        fields["tallies"] = [
            Tally(Unit(f"第{i}个单位名称较长的街道办事处"), period, i % 50, i % 50 // 3)
            for i in range(units)
        ]
    return attrs.evolve(seed, **fields)  # type: ignore[arg-type]


CASES = ["seed", "long8", "long14", "long16", "long22", "all", "units300", "rows24"]
"""The notices measured: the seed, its body longer by 8 to 22 lines, every optional
part, a 300-unit table with every optional part, and the seed's first 24 units, whose
table ends a few points above the page's foot."""


def case(seed: Notice, name: str) -> Notice:
    if name == "seed":
        return seed
    if name.startswith("long"):
        return longer(seed, int(name[4:]))
    if name == "all":
        return all_parts(seed)
    if name == "rows24":
        return attrs.evolve(seed, tallies=seed.tallies[:24])
    return all_parts(seed, int(name.removeprefix("units")))


def render_all(seed: Notice, folder: Path, fmt: str) -> dict[str, Path]:
    """Each case rendered as ``fmt`` into ``folder``."""
    paths = {}
    for name in CASES:
        path = folder / f"{name}.{fmt}"
        path.write_bytes(tongbao.render(case(seed, name), fmt))
        paths[name] = path
    return paths


def libreoffice_pdfs(docx: dict[str, Path], folder: Path) -> dict[str, Path]:
    """The DOCX files as LibreOffice prints them, converted in one run."""
    soffice = require_tool("soffice", "libreoffice", package="libreoffice-writer-nogui")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, docx.values()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: folder / f"{name}.pdf" for name in docx}


# --- checks shared by the PDF and the DOCX (as LibreOffice prints it) -------------------


def _squash(text: str) -> str:
    return "".join(text.split())


def front_pages(pages: list[Page], document: tongbao.document.Document) -> list[Page]:
    """The pages before the first attachment."""
    if not document.attachments:
        return [p for p in pages if p.lines and p.page_number is not None]
    label = document.attachments[0].label
    end = next(i for i, p in enumerate(pages) if p.lines and p.lines[0].text == label)
    return pages[:end]


def body_lines(
    pages: list[Page], document: tongbao.document.Document
) -> list[list[tuple[Page, Line]]]:
    """Each body paragraph's lines, with their pages, matched by text."""
    lines = [(p, line) for p in front_pages(pages, document) for line in p.lines]
    found = []
    at = 0
    for paragraph in document.paragraphs:
        want = _squash(paragraph.text)
        while not want.startswith(lines[at][1].text):
            at += 1
        got: list[tuple[Page, Line]] = []
        text = ""
        while text != want:
            page, line = lines[at]
            at += 1
            if line.text == (page.page_number.text if page.page_number else None):
                continue
            text += line.text
            got.append((page, line))
            assert want.startswith(text), (want, text)
        found.append(got)
    return found


def assert_body_grid(pages: list[Page], document: tongbao.document.Document, pitch: float) -> None:
    """Body lines: two characters' indent, then flush left; justified to the right edge;
    28 characters a full line; ``pitch`` between lines."""
    from tongbao.renderers._layout import text_width

    full = []
    for paragraph in body_lines(pages, document):
        for index, (page, line) in enumerate(paragraph):
            start = LEFT + 2 * PITCH if index == 0 else LEFT
            assert abs(line.x0 - start) <= 1.5, (line, start)
            if index < len(paragraph) - 1:
                text = line.text
                if text[-1] in HANGING and line.x1 > RIGHT + 8:  # a comma past the edge
                    text = text[:-1]
                    assert abs(line.x1 - RIGHT - 16) <= 2.5, (line, RIGHT)
                else:
                    assert abs(line.x1 - RIGHT) <= 2.5, (line, RIGHT)
                width = text_width(text) + (2 if index == 0 else 0)
                if not any(c.isascii() for c in text):
                    assert 27 <= width <= 28, line  # Chinese only: 28, or 27 by 禁则
                    full.append(width)
            if index:
                before_page, before = paragraph[index - 1]
                if before_page is page:
                    assert abs(line.y0 - before.y0 - pitch) <= 0.1, (before, line)
    # 禁则 may end a line a character early; most full lines hold 28
    assert full.count(28) >= 0.8 * len(full), full


def assert_title(pages: list[Page], document: tongbao.document.Document) -> None:
    """The title on the shared lines, each centred in the type area."""
    from tongbao.renderers._layout import title_breaks

    want = title_breaks(document.title)
    texts = [line.text for line in pages[0].lines]
    start = texts.index(_squash(want[0]))
    assert texts[start : start + len(want)] == [_squash(w) for w in want]
    for line in pages[0].lines[start : start + len(want)]:
        assert abs(line.middle - (LEFT + RIGHT) / 2) <= 1.5, line


def assert_signature(pages: list[Page], document: tongbao.document.Document) -> None:
    """署名 and 成文日期 where §7.3.5.2 puts them, on a page with body text."""
    from tongbao.renderers._layout import signature_indents

    page = next(p for p in pages if any(line.text == document.signature for line in p.lines))
    names = [line.text for line in page.lines]
    signature = page.lines[names.index(document.signature)]
    date = page.lines[names.index(document.signature) + 1]
    assert date.text == _squash(document.date)
    indents = signature_indents(document.signature, document.date, sealed=document.sealed)
    assert abs(signature.x1 - (RIGHT - indents.signature * PITCH)) <= 1.5, signature
    if indents.date_start is None:
        assert abs(date.x1 - (RIGHT - indents.date * PITCH)) <= 1.5, date
    else:
        assert abs(date.x0 - (LEFT + indents.date_start * PITCH)) <= 1.5, date
    assert abs(date.x0 - signature.x0 - 2 * PITCH) <= 1.5, (signature, date)
    kept = [line for paragraph in body_lines(pages, document) for p, line in paragraph if p is page]
    assert len(kept) >= 2, f"page {page.number} holds no body text above the signature"


def imprint_pages(pages: list[Page], document: tongbao.document.Document) -> list[int]:
    """The 版记's page and a blank page before it: the pages that carry no number."""
    if document.imprint is None:
        return []
    last = pages[-1].number
    return [last - 1, last] if not pages[-2].lines else [last]


def assert_page_numbers(pages: list[Page], unnumbered: list[int]) -> None:
    """``— n —`` 7 mm under the type area; odd pages right, even left, a character in."""
    for page in pages:
        line = page.page_number
        if page.number in unnumbered:
            assert line is None, page
            continue
        assert line is not None, page
        assert line.text == f"—{page.number}—"
        # the digits' glyph box starts about 7 mm under the type area (§7.5)
        assert abs(line.y0 - (BOTTOM + 7 * MM)) <= 2.5, line
        if page.number % 2:
            assert abs(line.x1 - (RIGHT - 14)) <= 1.5, line
        else:
            assert abs(line.x0 - (LEFT + 14)) <= 1.5, line


def assert_imprint(pdf: Path, pages: list[Page], document: tongbao.document.Document) -> None:
    """The 版记 on an even page of its own after the content, its rules on the foot."""
    assert document.imprint is not None
    last = pages[-1]
    assert last.number % 2 == 0
    content = max(p.number for p in pages if p.page_number is not None)
    assert last.number == content + (1 if content % 2 else 2)
    assert all(not p.lines for p in pages[content : last.number - 1])  # the blank page
    found = [r for r in rules(pdf, last.number) if not r.red]
    assert len(found) == 3, found
    top, middle, bottom = found
    assert abs(bottom.y - BOTTOM) <= 1.0, bottom  # the last rule on the type area's foot
    for rule in found:
        assert abs(rule.x0 - LEFT) <= 1.5, rule
        assert abs(rule.x1 - RIGHT) <= 1.5, rule
    assert top.thickness > middle.thickness < bottom.thickness  # 0.35, 0.25, 0.35 mm
    assert 0.7 <= top.thickness <= 1.3, top  # 0.35 mm is 0.99 pt
    cc = last.find(_squash(document.imprint.cc or ""))
    printed = last.find(_squash(document.imprint.printed_date or ""))
    assert top.y < cc.y0 < cc.y1 < middle.y < printed.y0 < printed.y1 < bottom.y
    assert abs(cc.x0 - (LEFT + 14)) <= 1.5, cc  # one character in (四号)
    assert abs(printed.x1 - (RIGHT - 14)) <= 1.5, printed


def ink_bottom(pdf: Path, page: int, top: float, bottom: float, dpi: int = 288) -> float:
    """The lowest row of black ink between ``top`` and ``bottom`` on ``page``, in points:
    where the glyphs end, whatever box a font's metrics give them."""
    image = raster(pdf, page, dpi).convert("L")
    scale = 72 / dpi
    band = image.crop((round(LEFT / scale), 0, round(RIGHT / scale), image.height))
    rows = _rows(band, 100)
    found = [y for y in range(round(top / scale), round(bottom / scale)) if rows[y]]
    assert found, (top, bottom)
    return (found[-1] + 1) * scale


def assert_red_rule(pdf: Path, pages: list[Page], document: tongbao.document.Document) -> None:
    """The red rule 4 mm under the 发文字号's glyphs, across the type area (§7.2.4)."""
    assert document.header is not None
    number = pages[0].find(_squash(document.header.doc_number or ""))
    (red,) = [r for r in rules(pdf, 1) if r.red]
    glyphs = ink_bottom(pdf, 1, number.y0, red.y - red.thickness)
    assert abs(red.y - red.thickness / 2 - glyphs - 4 * MM) <= 1.0, (glyphs, red)
    assert abs(red.x0 - LEFT) <= 1.5
    assert abs(red.x1 - RIGHT) <= 1.5


def table_rows(pages: list[Page]) -> list[tuple[int, Line]]:
    """The table's rows: lines starting in the 序号 column with a number (the row's
    figures, in one line), with their pages."""
    return [
        (page.number, line)
        for page in pages
        for line in page.lines
        if line.x0 < LEFT + 20 and line.text[:1].isdigit() and line is not page.page_number
    ]


def outline(pages: list[Page]) -> list[tuple[str, str]]:
    """Each page's first line and its last line or, on a table's page, its last row's
    number (a unit name may wrap at another character in another font)."""
    result = []
    for page in pages:
        texts = [line.text for line in page.lines if line is not page.page_number]
        rows = [line.text for _, line in table_rows([page])]
        last = rows[-1] if rows else (texts[-1] if texts else "")
        result.append((texts[0] if texts else "", last))
    return result


# --- what a PDF draws, read from its content streams ------------------------------------


@attrs.frozen
class Text:
    """A piece of text as drawn: its baseline's start, in points from the top-left corner."""

    text: str
    x: float
    y: float
    size: float


@attrs.frozen
class Segment:
    """A stroked straight line, in points from the top-left corner."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: tuple[float, ...]
    dashed: bool


@attrs.frozen
class Box:
    """A rectangle, filled or stroked; ``y`` its top edge from the page's top."""

    x: float
    y: float
    width: float
    height: float
    color: tuple[float, ...]
    filled: bool


@attrs.frozen
class Drawn:
    """Everything one page draws."""

    texts: tuple[Text, ...]
    segments: tuple[Segment, ...]
    boxes: tuple[Box, ...]

    def text(self, start: str) -> Text:
        """The first text drawn that starts with ``start``."""
        for text in self.texts:
            if text.text.strip().startswith(start):
                return text
        raise AssertionError(f"{start!r} is not drawn: {[t.text for t in self.texts]}")


def drawn(data: bytes) -> list[Drawn]:
    """Each page's texts, lines and rectangles, read from the PDF's content streams.

    The renderer draws with translations only (``cm``), so positions add up; the numbers
    are the ones written in the file, not measured from pixels.
    """
    import pypdf
    from pypdf.generic import ContentStream

    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        texts: list[Text] = []

        def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
            if text.strip():
                x, y = cm[4] + tm[4], cm[5] + tm[5]
                texts.append(Text(text, x, height - y, size))  # noqa: B023 - used at once

        page.extract_text(visitor_text=visit)
        # pypdf hands a line over in pieces: join the pieces drawn at one place
        joined: list[Text] = []
        for text in texts:
            last = joined[-1] if joined else None
            if last is not None and (last.x, last.y, last.size) == (text.x, text.y, text.size):
                joined[-1] = attrs.evolve(last, text=last.text + text.text)
            else:
                joined.append(text)
        texts = joined
        segments: list[Segment] = []
        boxes: list[Box] = []
        state = {"dx": 0.0, "dy": 0.0, "w": 1.0, "stroke": (0.0,), "fill": (0.0,), "dash": False}
        stack: list[dict[str, object]] = []
        path: list[tuple[str, tuple[float, ...]]] = []
        at = (0.0, 0.0)
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            values = [float(v) for v in operands if isinstance(v, int | float)]
            name = op.decode()
            if name == "q":
                stack.append(dict(state))
            elif name == "Q":
                state = stack.pop()  # type: ignore[assignment]
            elif name == "cm":
                state["dx"] = float(state["dx"]) + values[4]  # type: ignore[arg-type]
                state["dy"] = float(state["dy"]) + values[5]  # type: ignore[arg-type]
            elif name == "w":
                state["w"] = values[0]
            elif name in ("RG", "G"):
                state["stroke"] = tuple(values)
            elif name in ("rg", "g"):
                state["fill"] = tuple(values)
            elif name == "d":
                state["dash"] = bool(operands[0])
            elif name == "m":
                at = (values[0], values[1])
            elif name == "l":
                path.append(("line", (*at, values[0], values[1])))
                at = (values[0], values[1])
            elif name == "re":
                path.append(("rect", tuple(values)))
            elif name in ("S", "f", "B", "n", "f*", "B*"):
                dx, dy = float(state["dx"]), float(state["dy"])  # type: ignore[arg-type]
                for kind, v in path if name != "n" else []:
                    if kind == "line" and name == "S":
                        segments.append(
                            Segment(
                                v[0] + dx,
                                height - v[1] - dy,
                                v[2] + dx,
                                height - v[3] - dy,
                                float(state["w"]),  # type: ignore[arg-type]
                                state["stroke"],  # type: ignore[arg-type]
                                bool(state["dash"]),
                            )
                        )
                    elif kind == "rect":
                        filled = name != "S"
                        color = state["fill"] if filled else state["stroke"]
                        top = height - (v[1] + dy) - max(v[3], 0.0)
                        boxes.append(Box(v[0] + dx, top, v[2], abs(v[3]), color, filled))  # type: ignore[arg-type]
                path = []
        pages.append(Drawn(tuple(texts), tuple(segments), tuple(boxes)))
    return pages
