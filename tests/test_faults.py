"""Faults: killed processes, full disks, hanging plugins. No file is ever lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import EXAMPLE
from .plugin_helpers import renderer_module

pytestmark = pytest.mark.slow

HEAD = (
    (EXAMPLE / "notice.toml")
    .read_text(encoding="utf-8")
    .replace('data = "counts.csv"', 'data = "big.csv"')
)


@pytest.fixture
def big_notice(tmp_path: Path) -> Path:
    rows = "".join(f"第{i}单位,{i % 50 + 7},{i % 7}\n" for i in range(8000))
    (tmp_path / "big.csv").write_text("单位,报送数,采纳数\n" + rows, encoding="utf-8")
    notice = tmp_path / "notice.toml"
    notice.write_text(HEAD, encoding="utf-8")
    return notice


def tongbao_process(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tongbao", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill", "term"])
def test_a_killed_render_leaves_the_old_file_and_no_temporary(
    big_notice: Path, sig: signal.Signals
) -> None:
    out = big_notice.parent / "notice.pdf"
    before = {p.name for p in big_notice.parent.iterdir()} | {"notice.pdf"}
    outcomes = set()
    for delay in (0.3, 0.7, 1.1, 1.6):
        out.write_bytes(b"previous")
        process = tongbao_process(
            "render", str(big_notice), "-o", str(out), "--option", "find_fonts=no"
        )
        time.sleep(delay)
        process.send_signal(sig)
        _, err = process.communicate(timeout=60)
        data = out.read_bytes()
        assert data == b"previous" or (
            data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
        )
        assert {p.name for p in big_notice.parent.iterdir()} == before, "a temporary file is left"
        # killed, or stopped by its SIGTERM handler (143), or by the default action when the
        # signal came before tongbao installed its handler (-15)
        if process.returncode in (-signal.SIGKILL, -signal.SIGTERM, 128 + signal.SIGTERM):
            outcomes.add("killed")
            assert b"Traceback" not in err, err.decode()
        else:
            assert process.returncode == 0, err.decode()
            outcomes.add("finished")
    assert "killed" in outcomes


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_is_a_clear_error(full_disk: Path) -> None:
    old = full_disk / "notice.pdf"
    old.write_bytes(b"x" * 10_000)
    # Leave less room than any PDF needs, whichever fonts this machine has.
    free = os.statvfs(full_disk)
    (full_disk / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 2048))
    assert os.statvfs(full_disk).f_bavail * free.f_frsize < 4096
    process = tongbao_process("render", str(EXAMPLE / "notice.toml"), "-o", str(old))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2, err.decode()
    assert b"No space left on device" in err
    assert b"Traceback" not in err
    assert old.read_bytes() == b"x" * 10_000
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "notice.pdf"]


def test_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    process = tongbao_process("render", str(EXAMPLE / "notice.toml"), "-o", "/proc/notice.txt")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert b"cannot write /proc/notice.txt" in err


def fake_site(root: Path, modules: dict[str, str], entry_points: dict[str, str]) -> Path:
    root.mkdir()
    for name, code in modules.items():
        (root / f"{name}.py").write_text(code, encoding="utf-8")
    info = root / "tongbao_faulty-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tongbao-faulty\nVersion: 1.0\n")
    lines = "".join(f"{k} = {v}\n" for k, v in entry_points.items())
    (info / "entry_points.txt").write_text(f"[tongbao]\n{lines}")
    return root


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("import time\ntime.sleep(60)\n", "import did not finish within 0.5 s"),
        ("raise RuntimeError('no licence file')\n", "RuntimeError: no licence file"),
        (renderer_module("pdf"), "registers format 'pdf', which is built in"),
        (renderer_module("wrong", "return 'text'"), None),
    ],
    ids=["hangs", "raises", "clashes", "wrong-type"],
)
def test_a_broken_plugin_cannot_break_the_builtins(
    tmp_path: Path, code: str, message: str | None
) -> None:
    site = fake_site(
        tmp_path / "site", {"tongbao_faulty_mod": code}, {"faulty": "tongbao_faulty_mod"}
    )
    env = {
        "PYTHONPATH": str(site),
        "TONGBAO_PLUGIN_IMPORT_TIMEOUT": "0.5",
    }
    started = time.monotonic()
    listing = tongbao_process("formats", env=env)
    out, err = listing.communicate(timeout=60)
    assert time.monotonic() - started < 30
    assert listing.returncode == 0
    for builtin in (b"docx", b"pdf", b"text"):
        assert builtin in out
    if message:
        assert b"warning: plugin 'faulty' (tongbao-faulty 1.0)" in err
        assert message.encode() in err
    rendered = tongbao_process("render", str(EXAMPLE / "notice.toml"), "-f", "text", env=env)
    text, _ = rendered.communicate(timeout=60)
    assert rendered.returncode == 0
    assert "关于2018年3-4月份".encode() in text
    if message is None:
        failing = tongbao_process("render", str(EXAMPLE / "notice.toml"), "-f", "wrong", env=env)
        _, err = failing.communicate(timeout=60)
        assert failing.returncode == 1  # the plugin's bug, not bad input (#19)
        assert b"returned str, not bytes" in err
