"""Each documented limit: one input just inside, one just outside (docs/notice-file.md)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import tongbao
import tongbao._data
import tongbao._load
from tongbao import InputError, Notice, Period, Tally, Unit
from tongbao._model import MAX_NAME_LENGTH
from tongbao._notice import MAX_UNITS

PERIOD = Period.parse("2018-03")


def test_unit_name_length() -> None:
    assert len(Unit("长" * MAX_NAME_LENGTH).name) == MAX_NAME_LENGTH
    with pytest.raises(ValueError, match=f"{MAX_NAME_LENGTH + 1} characters long"):
        Unit("长" * (MAX_NAME_LENGTH + 1))


def test_units_per_notice() -> None:
    tallies = [Tally(Unit(f"u{i}"), PERIOD, 1, 0) for i in range(MAX_UNITS + 1)]

    def notice(count: int) -> Notice:
        return Notice(
            title="通报",
            issuer="办公室",
            date=datetime.date(2018, 5, 10),
            period=PERIOD,
            tallies=tallies[:count],
        )

    assert len(notice(MAX_UNITS).tallies) == MAX_UNITS
    with pytest.raises(InputError, match="at most 100,000"):
        notice(MAX_UNITS + 1)


def write_csv(path: Path, rows: int) -> Path:
    path.write_text("单位,报送数,采纳数\n" + "".join(f"u{i},1,0\n" for i in range(rows - 1)))
    return path


def test_data_file_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tongbao._data, "MAX_ROWS", 50)
    assert len(tongbao.read_counts(write_csv(tmp_path / "in.csv", 50), PERIOD)) == 49
    with pytest.raises(InputError, match="more than 50 rows"):
        tongbao.read_counts(write_csv(tmp_path / "out.csv", 51), PERIOD)


def test_data_file_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_csv(tmp_path / "c.csv", 10)
    size = path.stat().st_size
    monkeypatch.setattr(tongbao._data, "MAX_FILE_BYTES", size)
    assert tongbao.read_counts(path, PERIOD)
    monkeypatch.setattr(tongbao._data, "MAX_FILE_BYTES", size - 1)
    with pytest.raises(InputError, match=f"more than the {size - 1:,} bytes allowed"):
        tongbao.read_counts(path, PERIOD)


def test_notice_file_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import EXAMPLE

    path = EXAMPLE / "notice.toml"
    size = path.stat().st_size
    monkeypatch.setattr(tongbao._load, "MAX_NOTICE_BYTES", size)
    assert tongbao.load(path)
    monkeypatch.setattr(tongbao._load, "MAX_NOTICE_BYTES", size - 1)
    with pytest.raises(InputError, match="keep the counts in a data file"):
        tongbao.load(path)


def test_workbook_unpacked_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from .conftest import EXAMPLE

    path = EXAMPLE / "monthly.xlsx"
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    monkeypatch.setattr(tongbao._data, "MAX_XLSX_UNPACKED", unpacked)
    assert tongbao.read_counts(path, Period.parse("2018-03/2018-04"))
    monkeypatch.setattr(tongbao._data, "MAX_XLSX_UNPACKED", unpacked - 1)
    with pytest.raises(InputError, match="refusing to read it"):
        tongbao.read_counts(path, Period.parse("2018-03/2018-04"))


def test_problems_listed_per_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    limit = tongbao._data.MAX_PROBLEMS
    path.write_text("单位,报送数,采纳数\n" + "".join(f"u{i},x,0\n" for i in range(limit)))
    with pytest.raises(InputError) as inside:
        tongbao.read_counts(path, PERIOD)
    assert len(inside.value.problems) == limit
    path.write_text("单位,报送数,采纳数\n" + "".join(f"u{i},x,0\n" for i in range(limit + 1)))
    with pytest.raises(InputError) as outside:
        tongbao.read_counts(path, PERIOD)
    assert outside.value.problems[-1].message == "… and 1 more problems not shown"
