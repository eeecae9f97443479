"""Font files: which are on this machine, which characters one covers; the PDF's roles.

The discovery is shared by the page formats: :func:`find_font` returns the first of
some file names, best first, that is a TrueType file on this machine, and
:func:`covered_characters` reads a file's character map (with fontTools), so the DOCX
chart (:mod:`._chartpng`) chooses its own font and checks it without the PDF's roles or
reportlab. TrueType fonts already on the machine are found by their usual file names
(Windows' simfang.ttf …, the 方正 and 华文 families, the free WenQuanYi and AR PL
fonts) in the usual folders and through fontconfig.

The PDF's roles follow the standard's practice: ``title`` 小标宋, ``body`` 仿宋,
``heading`` 黑体, ``kai`` 楷体, ``page_number`` 宋体; a user can name a file per role.
With none found, the built-in CID font STSong-Light serves, unembedded. Every character
is checked against the font that will print it: a missing one is an error, never a
wrong glyph.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import struct
import subprocess
import sys
import unicodedata
from collections.abc import Container, Iterable, Mapping
from pathlib import Path

import attrs

from ..errors import FontError

__all__ = [
    "ANY_CJK_FILES",
    "CID_FONT",
    "FANGSONG_FILES",
    "ROLES",
    "SONG_FILES",
    "FontChoice",
    "FontError",
    "choose_fonts",
    "covered_characters",
    "find_font",
    "font_folders",
]

ROLES = ("title", "body", "heading", "kai", "page_number")
CID_FONT = "STSong-Light"

# File names of each typeface (lower case), best first.
FANGSONG_FILES = ("simfang.ttf", "fs_gb2312.ttf", "仿宋_gb2312.ttf", "stfangso.ttf", "fangsong.ttf")
SONG_FILES = ("simsun.ttc", "simsun.ttf", "stsong.ttf", "songti.ttc", "uming.ttc")
ANY_CJK_FILES = (
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "uming.ttc",
    "ukai.ttc",
    "droidsansfallbackfull.ttf",
)
# File names by role, best first. Fonts later in the list are fallbacks of a kind: a 宋体
# for the title when no 小标宋 is there, any CJK font (ANY_CJK_FILES) at the end.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "title": ("fzxbsjw.ttf", "fzxbsk.ttf", "方正小标宋简体.ttf", "fzxbsjw--gb1-0.ttf", *SONG_FILES),
    "body": (*FANGSONG_FILES, *SONG_FILES),
    "heading": (
        "simhei.ttf",
        "stheiti.ttf",
        "stheitisc-medium.ttf",
        "wqy-zenhei.ttc",
        "wqy-microhei.ttc",
    ),
    "kai": (
        "simkai.ttf",
        "kaiti_gb2312.ttf",
        "楷体_gb2312.ttf",
        "stkaiti.ttf",
        "ukai.ttc",
        *SONG_FILES,
    ),
    "page_number": SONG_FILES,
}


def font_folders() -> list[Path]:
    """Where fonts usually are on Windows, macOS and Linux, existing ones only."""
    home = Path.home()
    folders = [
        Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
        home / "AppData/Local/Microsoft/Windows/Fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        Path("/System/Library/Fonts/Supplemental"),
        home / "Library/Fonts",
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local/share/fonts",
    ]
    return [f for f in folders if f.is_dir()]


@functools.cache
def _installed() -> dict[str, Path]:
    """Font files by lower-case file name: the folders, then what fontconfig knows."""
    found: dict[str, Path] = {}
    for folder in font_folders():
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in (".ttf", ".ttc", ".otf"):
                found.setdefault(path.name.lower(), path)
    fc_list = shutil.which("fc-list")
    if fc_list and sys.platform != "win32":
        try:
            listed = subprocess.run(  # noqa: S603 - a fixed command found on PATH
                [fc_list, ":lang=zh", "file"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
        for line in sorted(listed.splitlines()):
            path = Path(line.rstrip(":").strip())
            found.setdefault(path.name.lower(), path)
    return found


@attrs.frozen
class FontChoice:
    """The font serving one role: a TrueType file (embedded as a subset) or the CID font."""

    role: str
    path: Path | None
    """``None`` for the built-in CID font STSong-Light (not embedded)."""
    chosen_by: str
    """``"option"`` (the user named it), ``"found"`` (on this machine) or ``"built in"``."""

    @property
    def name(self) -> str:
        return self.path.name if self.path else CID_FONT


def choose_fonts(
    files: Mapping[str, str], installed: Mapping[str, Path] | None = None
) -> dict[str, FontChoice]:
    """The font for each role: the user's file, else one found here, else STSong-Light.

    Raises:
        FontError: a named file does not exist, or is an OpenType/CFF font reportlab
            cannot embed.
    """
    available = _installed() if installed is None else installed
    chosen = {}
    for role in ROLES:
        given = files.get(role, "").strip()
        if given:
            path = Path(given).expanduser()
            if not path.is_file():
                raise FontError(f"the {role} font file {given!r} does not exist")
            check_truetype(path, role)
            chosen[role] = FontChoice(role, path, "option")
            continue
        found = find_font((*CANDIDATES[role], *ANY_CJK_FILES), available)
        chosen[role] = FontChoice(role, found, "found" if found else "built in")
    return chosen


def find_font(names: Iterable[str], installed: Mapping[str, Path] | None = None) -> Path | None:
    """The first of the font files ``names`` (lower case, best first) found here that is
    TrueType, or ``None``; ``installed`` stands for what is on this machine."""
    available = _installed() if installed is None else installed
    for name in names:
        candidate = available.get(name)
        if candidate is not None and _is_truetype(candidate):
            return candidate
    return None


def covered_characters(path: Path) -> frozenset[int]:
    """The code points the font file ``path`` (its first font, in a collection) maps to
    a glyph, read from its character map once per process for each version of the file.

    U+00A0 counts as covered where the space is: it is drawn as a space (as reportlab
    and HarfBuzz do).

    Raises:
        FontError: the file cannot be read, or is no font fontTools can read.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise FontError(f"cannot read the font {str(path)!r}: {exc.strerror}") from None
    return _covered(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _covered(path: str, _mtime: int, _size: int) -> frozenset[int]:
    from fontTools.ttLib import (  # type: ignore[import-untyped]  # noqa: PLC0415 - a chart
        TTFont,
        TTLibError,
    )

    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            cmap = font.getBestCmap()
    except (TTLibError, OSError, struct.error) as exc:
        raise FontError(f"cannot read the character map of the font {path!r}: {exc}") from None
    if cmap is None:
        raise FontError(f"the font {path!r} has no Unicode character map")
    codes = set(cmap)
    if 0x20 in codes:
        codes.add(0xA0)
    return frozenset(codes)


def _is_truetype(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return False
    return head in (b"\x00\x01\x00\x00", b"true", b"ttcf")


def check_truetype(path: Path, role: str) -> None:
    """Refuse fonts reportlab cannot embed, saying why.

    Raises:
        FontError: an OpenType font with PostScript (CFF) outlines, such as Noto CJK or
            Source Han ``.otf``, or a file that is no font at all.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise FontError(f"cannot read the {role} font {str(path)!r}: {exc.strerror}") from None
    if head == b"OTTO":
        raise FontError(
            f"the {role} font {str(path)!r} is OpenType with PostScript (CFF) outlines, "
            "which the PDF renderer cannot embed; use a TrueType font (.ttf or .ttc, "
            "e.g. simfang.ttf) instead"
        )
    if head not in (b"\x00\x01\x00\x00", b"true", b"ttcf"):
        raise FontError(f"the {role} font {str(path)!r} is not a TrueType font file")


def printable_in_cid(char: str) -> bool:
    """Whether STSong-Light prints ``char``: its GB character set, in the BMP only.

    reportlab encodes CID text as UCS-2, so anything beyond U+FFFF (𠮷) would print as a
    wrong character; GBK's repertoire plus CJK Extension A is what the font covers.
    """
    if ord(char) > 0xFFFF:
        return False
    if 0x3400 <= ord(char) <= 0x4DBF:
        return True
    try:
        char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def invisible(char: str) -> bool:
    """Format characters (U+200F right-to-left mark, zero-width joiner …): nothing to draw."""
    return unicodedata.category(char) == "Cf"


FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
"""The format characters (category Cf), to strip before drawing (a test checks the list)."""


def missing_characters(text: Iterable[str], covered: Container[int] | None) -> list[str]:
    """Characters of ``text`` the font cannot print (``covered`` None: the CID font)."""
    missing = []
    for char in dict.fromkeys(text):
        if char in "\n\t" or invisible(char):
            continue
        ok = printable_in_cid(char) if covered is None else ord(char) in covered
        if not ok:
            missing.append(char)
    return missing
