"""Make the gallery's pictures from the real renderers' output.

    python docs/make_gallery.py            # writes docs/gallery/*.png

The seed notice is rendered in each built-in format; the PDF's pages go through
pdftoppm, the DOCX through LibreOffice and then pdftoppm, and the text is drawn in a
monospaced CJK font (as a terminal shows it). Needs poppler-utils, LibreOffice Writer
and a CJK font with a monospaced face (fonts-wqy-zenhei); .ci/run installs them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import tongbao

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
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdf_pages(converted / "seed.pdf", out, "docx")
    text_pictures(tongbao.render(notice, "text").decode("utf-8"), out)
    print(f"gallery: {', '.join(sorted(p.name for p in out.glob('*.png')))}")


if __name__ == "__main__":
    main()
