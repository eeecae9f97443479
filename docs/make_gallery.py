"""Make the gallery's pictures from the real renderers' output.

    python docs/make_gallery.py            # writes docs/gallery/*.png

The seed notice is rendered in each built-in format; the PDF's pages go through
pdftoppm, the DOCX through LibreOffice and then pdftoppm, and the text is drawn in a
monospaced CJK font (as a terminal shows it). Beside it, every page of two harder
notices, in the PDF and in the DOCX as LibreOffice prints it: the seed with a body 16
lines longer (the signature has to take the last paragraph to the next page) and the
seed with every optional part (red header, 附注, 版记 on an even page after a blank one).
Needs poppler-utils, LibreOffice Writer and a CJK font with a monospaced face
(fonts-wqy-zenhei); .ci/run installs them.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs

import tongbao
from tongbao.document import Paragraph

HERE = Path(__file__).resolve().parent
NOTICE = HERE.parent / "examples" / "chengzhong-2018-03-04" / "notice.toml"
RESOLUTION = 60


def pdf_pages(pdf: Path, out: Path, name: str) -> None:
    """The first page and the first page whose text starts with 附件, as PNGs."""
    pages = int(
        subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        .stdout.split("Pages:")[1]
        .split()[0]
    )
    attachment = next(
        number
        for number in range(1, pages + 1)
        if subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .startswith("附件")
    )
    for label, number in (("first", 1), ("attachment", attachment)):
        stem = out / f"{name}-{label}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(RESOLUTION),
                "-png",
                "-singlefile",
                "-f",
                str(number),
                "-l",
                str(number),
                str(pdf),
                str(stem),
            ],
            check=True,
        )


FILL = "各单位要进一步提高认识加强组织领导明确专人负责确保信息报送工作落到实处取得实效"


def harder_notices(seed: tongbao.Notice) -> dict[str, tongbao.Notice]:
    """The seed with a body 16 lines longer, and with every optional part."""
    body = list(seed.body)
    body.insert(len(body) - 1, Paragraph((FILL * 20)[: 26 + 28 * 15 - 1] + "。"))
    return {
        "long": attrs.evolve(seed, body=body),
        "all": attrs.evolve(
            seed,
            header="西宁市城中区人民政府办公室文件",
            doc_number="城中政办〔2018〕12号",
            note="此件主动公开",
            cc=["区委办", "区人大办", "区政协办"],
            printed_by="西宁市城中区人民政府办公室",
            printed_date=datetime.date(2018, 5, 11),
        ),
    }


def contact_sheet(pdf: Path, out: Path) -> None:
    """Every page of ``pdf`` side by side in one PNG, a grey gap between pages."""
    from PIL import Image

    folder = pdf.parent / f"{pdf.stem}-pages"
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(folder / "p")], check=True)
    pages = [Image.open(path) for path in sorted(folder.glob("p-*.png"))]
    sheet = Image.new(
        "RGB", (sum(p.width + 8 for p in pages) + 8, max(p.height for p in pages) + 16), "grey"
    )
    x = 8
    for page in pages:
        sheet.paste(page, (x, 8))
        x += page.width + 8
    sheet.save(out)


def libreoffice(docx: list[Path], work: Path) -> Path:
    """The DOCX files as LibreOffice prints them, in ``work/converted``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed to picture the DOCX (libreoffice-writer-nogui)")
    converted = work / "converted"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(converted),
            *map(str, docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return converted


def monospaced_cjk_font() -> tuple[str, int]:
    listed = subprocess.run(
        ["fc-list", "-f", "%{file}|%{index}|%{family}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in listed.splitlines():
        path, index, family = line.split("|", 2)
        if "Zen Hei Mono" in family:
            return path, int(index)
    raise SystemExit("no monospaced CJK font (install fonts-wqy-zenhei)")


def text_pictures(text: str, out: Path) -> None:
    import wcwidth
    from PIL import Image, ImageDraw, ImageFont

    path, index = monospaced_cjk_font()
    font = ImageFont.truetype(path, 16, index=index)
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line == "附件")
    columns = 80  # paragraphs wrap as a terminal 80 columns wide shows them
    for label, chunk in (("first", lines[:start]), ("attachment", lines[start : start + 40])):
        wrapped = []
        for line in chunk:
            rest = line
            while label == "first" and wcwidth.wcswidth(rest) > columns:  # tables never wrap
                cut = columns // 2
                while wcwidth.wcswidth(rest[: cut + 1]) <= columns:
                    cut += 1
                wrapped.append(rest[:cut])
                rest = rest[cut:]
            wrapped.append(rest)
        width = max(wcwidth.wcswidth(line) for line in wrapped) * 8 + 40
        image = Image.new("RGB", (width, 24 * len(wrapped) + 40), "white")
        draw = ImageDraw.Draw(image)
        for number, line in enumerate(wrapped):
            draw.text((20, 20 + 24 * number), line, font=font, fill="black")
        image.save(out / f"text-{label}.png")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "gallery"
    out.mkdir(parents=True, exist_ok=True)
    notice = tongbao.load(NOTICE)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pdf = work / "seed.pdf"
        pdf.write_bytes(tongbao.render(notice, "pdf"))
        pdf_pages(pdf, out, "pdf")
        docx = work / "seed.docx"
        docx.write_bytes(tongbao.render(notice, "docx"))
        harder = harder_notices(notice)
        for name, other in harder.items():
            (work / f"{name}.pdf").write_bytes(tongbao.render(other, "pdf"))
            (work / f"{name}.docx").write_bytes(tongbao.render(other, "docx"))
            contact_sheet(work / f"{name}.pdf", out / f"{name}-pdf.png")
        converted = libreoffice([docx, *(work / f"{name}.docx" for name in harder)], work)
        pdf_pages(converted / "seed.pdf", out, "docx")
        for name in harder:
            contact_sheet(converted / f"{name}.pdf", out / f"{name}-docx.png")
    text_pictures(tongbao.render(notice, "text").decode("utf-8"), out)
    print(f"gallery: {', '.join(sorted(p.name for p in out.glob('*.png')))}")


if __name__ == "__main__":
    main()
