"""Every built-in format is byte-identical across processes and environments.

Each render runs in a fresh interpreter with a different time zone, locale, hash seed
and a clock that claims another date; the bytes must not change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE

pytestmark = pytest.mark.slow

FAKE_CLOCK = """
import time, datetime
_offset = 10 * 365 * 86400.0
_real = time.time
time.time = lambda: _real() + _offset
time.time_ns = lambda: int((_real() + _offset) * 1e9)
"""

ENVIRONMENTS = [
    {"TZ": "UTC", "LANG": "C", "LC_ALL": "C", "PYTHONHASHSEED": "0"},
    {"TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "PYTHONHASHSEED": "1"},
    {"TZ": "America/Los_Angeles", "LANG": "en_US.UTF-8", "LC_ALL": "", "PYTHONHASHSEED": "4242"},
]

SCRIPT = (
    "import hashlib, sys, tongbao; "
    "options = dict(a.split('=') for a in sys.argv[3:]); "
    "data = tongbao.render(tongbao.load(sys.argv[1]), sys.argv[2], **options); "
    "print(hashlib.sha256(data).hexdigest())"
)


def digest(fmt: str, env: dict[str, str], extra: list[str], clock: Path | None) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(env)
    if clock is not None:
        environment["PYTHONPATH"] = os.pathsep.join([str(clock), environment.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(EXAMPLE / "notice.toml"), fmt, *extra],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("fmt", "extra"),
    [("text", []), ("docx", []), ("pdf", []), ("pdf", ["find_fonts=no"]), ("html", [])],
    ids=["text", "docx", "pdf", "pdf-cid", "html"],
)
def test_same_bytes_everywhere(fmt: str, extra: list[str], tmp_path: Path) -> None:
    clock = tmp_path / "clock"
    clock.mkdir()
    (clock / "sitecustomize.py").write_text(FAKE_CLOCK, encoding="utf-8")
    digests = {digest(fmt, env, extra, None) for env in ENVIRONMENTS}
    digests.add(digest(fmt, ENVIRONMENTS[1], extra, clock))
    assert len(digests) == 1


def test_the_in_process_render_matches(tmp_path: Path) -> None:
    import tongbao

    data = tongbao.render(tongbao.load(EXAMPLE / "notice.toml"), "docx")
    assert hashlib.sha256(data).hexdigest() == digest("docx", ENVIRONMENTS[0], [], None)
