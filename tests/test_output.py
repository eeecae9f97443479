"""Atomic writing: the old file survives any failure, and no temporary file is left."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from tongbao._output import OutputError, write_atomic


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "notice.txt"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["notice.txt"]


def test_new_files_get_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "n.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "n.txt").stat().st_mode & 0o777 == 0o644


def test_disk_full_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "notice.txt"
    target.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match=r"cannot write .*notice\.txt: No space left on device"):
        write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["notice.txt"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="No such file or directory"):
        write_atomic(tmp_path / "nope" / "notice.txt", b"x")


def test_interrupt_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "notice.txt", b"x")
    assert list(tmp_path.iterdir()) == []


# --- issue 14: only regular files are replaced ---------------------------------------


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, and the pipe's buffer
    try:
        write_atomic(fifo, b"notice" * 1000)
        received = os.read(reader, 65536)
    finally:
        os.close(reader)
    assert received == b"notice" * 1000
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_fifo_nobody_reads_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="no process reads this pipe"):
        write_atomic(fifo, b"x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_character_device_is_written_through() -> None:
    null = Path("/dev/null")
    before = null.lstat()
    write_atomic(null, b"into the void")
    after = null.lstat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "notice.txt"
    target.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["notice.txt"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "made.txt")
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert (tmp_path / "made.txt").read_bytes() == b"new"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="not a regular file"):
        write_atomic(tmp_path, b"x")


def test_a_name_near_the_255_byte_limit(tmp_path: Path) -> None:
    name = "通" * 83 + ".txt"  # 253 bytes: the temporary file needs a shorter name
    assert len(name.encode()) == 253
    write_atomic(tmp_path / name, b"ok")
    assert (tmp_path / name).read_bytes() == b"ok"
    assert [p.name for p in tmp_path.iterdir()] == [name]
