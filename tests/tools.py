"""System tools and fonts that some tests need.

A bare machine (Python and pip only) lacks LibreOffice, poppler, qpdf and CJK TrueType
fonts: the tests that need one skip and name the Debian package to install. CI installs
them and runs pytest with ``--require-tools`` (or ``TONGBAO_REQUIRE_TOOLS=1``), which turns
each such skip into a failure, so nothing is skipped there unnoticed.
"""

from __future__ import annotations

import os
import shutil

import pytest

#: Set from ``--require-tools`` / ``TONGBAO_REQUIRE_TOOLS`` by conftest.py.
STRICT = False


def _missing(what: str, package: str) -> None:
    message = f"{what} is not installed here (Debian/Ubuntu: apt-get install {package})"
    if STRICT:
        pytest.fail(f"{message}; --require-tools makes this a failure", pytrace=False)
    pytest.skip(message)


def require_tool(*names: str, package: str) -> str:
    """The path of the first of ``names`` on PATH, or skip (fail under --require-tools)."""
    for name in names:
        found = shutil.which(name)
        if found is not None:
            return found
    _missing(" / ".join(names), package)
    raise AssertionError("unreachable")


def truetype_available() -> bool:
    """Whether the PDF renderer finds a CJK TrueType font for every role on this machine."""
    from tongbao.renderers._fonts import choose_fonts

    return all(c.path is not None for c in choose_fonts({}).values())


def require_truetype() -> None:
    """Skip (fail under --require-tools) unless a CJK TrueType font is found."""
    if not truetype_available():
        _missing("a CJK TrueType font", "fonts-wqy-zenhei")


def require_server(variable: str, what: str, package: str) -> str:
    """The URL of a test server from ``variable``, or skip (fail under --require-tools)
    naming ``what`` and the package that has it."""
    url = os.environ.get(variable, "")
    if not url:
        _missing(f"{what} ({variable} is not set; .ci/run starts one)", package)
    return url
