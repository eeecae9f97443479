"""Each documented limit: one input just inside, one just outside (docs/notice-file.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

import tongbao
import tongbao._cells
import tongbao._limits
import tongbao._load
import tongbao._sheets
from tongbao import InputError, Notice, Period, Tally, Unit
from tongbao._model import MAX_NAME_LENGTH
from tongbao._notice import MAX_UNITS

PERIOD = Period.parse("2018-03")


def test_unit_name_length() -> None:
    assert len(Unit("长" * MAX_NAME_LENGTH).name) == MAX_NAME_LENGTH
    with pytest.raises(ValueError, match=f"{MAX_NAME_LENGTH + 1} characters long"):
        Unit("长" * (MAX_NAME_LENGTH + 1))


@pytest.mark.slow
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
    monkeypatch.setattr(tongbao._sheets, "MAX_ROWS", 50)
    assert len(tongbao.read_counts(write_csv(tmp_path / "in.csv", 50), PERIOD)) == 49
    with pytest.raises(InputError, match="more than 50 rows"):
        tongbao.read_counts(write_csv(tmp_path / "out.csv", 51), PERIOD)


def test_data_file_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_csv(tmp_path / "c.csv", 10)
    size = path.stat().st_size
    monkeypatch.setattr(tongbao._sheets, "MAX_FILE_BYTES", size)
    assert tongbao.read_counts(path, PERIOD)
    monkeypatch.setattr(tongbao._sheets, "MAX_FILE_BYTES", size - 1)
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
    monkeypatch.setattr(tongbao._sheets, "MAX_XLSX_UNPACKED", unpacked)
    assert tongbao.read_counts(path, Period.parse("2018-03/2018-04"))
    monkeypatch.setattr(tongbao._sheets, "MAX_XLSX_UNPACKED", unpacked - 1)
    with pytest.raises(InputError, match="refusing to read it"):
        tongbao.read_counts(path, Period.parse("2018-03/2018-04"))


def test_problems_listed_per_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    limit = tongbao._cells.MAX_PROBLEMS
    path.write_text("单位,报送数,采纳数\n" + "".join(f"u{i},x,0\n" for i in range(limit)))
    with pytest.raises(InputError) as inside:
        tongbao.read_counts(path, PERIOD)
    assert len(inside.value.problems) == limit
    path.write_text("单位,报送数,采纳数\n" + "".join(f"u{i},x,0\n" for i in range(limit + 1)))
    with pytest.raises(InputError) as outside:
        tongbao.read_counts(path, PERIOD)
    assert outside.value.problems[-1].message == "… and 1 more problems not shown"


# --- issue 14: columns, cells, record length, nesting, numbers ------------------------


def test_columns_per_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tongbao._sheets, "MAX_COLUMNS", 5)
    inside = tmp_path / "in.csv"
    inside.write_text("单位,报送数,采纳数,类别,序号\nu,1,0,a,1\n", encoding="utf-8")
    assert tongbao.read_counts(inside, PERIOD)
    outside = tmp_path / "out.csv"
    outside.write_text("单位,报送数,采纳数,类别,序号,x\nu,1,0,a,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="a row with 6 cells; at most 5 columns"):
        tongbao.read_counts(outside, PERIOD)


def test_cells_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_csv(tmp_path / "c.csv", 10)  # 10 rows of 3 cells
    monkeypatch.setattr(tongbao._sheets, "MAX_CELLS", 30)
    assert tongbao.read_counts(path, PERIOD)
    monkeypatch.setattr(tongbao._sheets, "MAX_CELLS", 29)
    with pytest.raises(InputError, match="more than 29 cells in the file"):
        tongbao.read_counts(path, PERIOD)


@pytest.mark.slow
def test_csv_record_length(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tongbao._sheets, "MAX_RECORD_CHARS", 40)
    inside = tmp_path / "in.csv"
    inside.write_text("单位,报送数,采纳数\n" + "u" * 30 + ",1,0\n", encoding="utf-8")
    assert tongbao.read_counts(inside, PERIOD)
    outside = tmp_path / "out.csv"
    outside.write_text('单位,报送数,采纳数\n"' + "u\n" * 20 + '",1,0\n', encoding="utf-8")
    with pytest.raises(InputError, match="a row longer than 40 characters") as caught:
        tongbao.read_counts(outside, PERIOD)
    assert caught.value.problems[0].location.place is not None


def test_counts(tmp_path: Path) -> None:
    from tongbao._model import MAX_COUNT

    assert Tally(Unit("u"), PERIOD, MAX_COUNT, MAX_COUNT).submitted == MAX_COUNT
    with pytest.raises(ValueError, match="largest count"):
        Tally(Unit("u"), PERIOD, MAX_COUNT + 1, 0)
    path = tmp_path / "c.csv"
    path.write_text(f"单位,报送数,采纳数\nu,{MAX_COUNT + 1},0\n", encoding="utf-8")
    with pytest.raises(InputError, match="largest count"):
        tongbao.read_counts(path, PERIOD)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("999999999999999.9999999999", True),
        ("1000000000000000", False),
        ("0.0000000001", True),
        ("0.00000000001", False),
        ("1e999999999", False),
        ("1e-999999999", False),
        ("Infinity", False),
    ],
)
def test_scores(value: str, ok: bool) -> None:
    if ok:
        assert Tally(Unit("u"), PERIOD, 1, 0, score=value).score is not None
    else:
        with pytest.raises(ValueError, match=r"too large|decimals|not a finite number"):
            Tally(Unit("u"), PERIOD, 1, 0, score=value)


def _notice_with(extra: str, tmp_path: Path) -> Path:
    from .conftest import EXAMPLE

    path = tmp_path / "notice.toml"
    text = (EXAMPLE / "notice.toml").read_text(encoding="utf-8")
    path.write_text(text.replace('data = "counts.csv"', extra), encoding="utf-8")
    (tmp_path / "counts.csv").write_bytes((EXAMPLE / "counts.csv").read_bytes())
    return path


def test_nesting_depth(tmp_path: Path) -> None:
    from tongbao._toml import MAX_NESTING

    # Lists and tables inside the notice nest at most MAX_NESTING deep.
    inside = "[" * MAX_NESTING + "]" * MAX_NESTING
    with pytest.raises(InputError) as caught:
        tongbao.load(_notice_with(f'data = "counts.csv"\nnote = {inside}', tmp_path))
    assert "nested" not in str(caught.value)  # refused for its type, not its depth
    outside = "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1)
    with pytest.raises(InputError, match=f"nested more than {MAX_NESTING} levels"):
        tongbao.load(_notice_with(f'data = "counts.csv"\nnote = {outside}', tmp_path))


def test_exponents_in_a_notice(tmp_path: Path) -> None:
    from tongbao._toml import MAX_EXPONENT, _parse_toml

    notice = 'data = "counts.csv"\n[options.text]\nnumber = {}'
    # (an unknown option is refused after parsing, so the bound's edge is parsed alone)
    parsed = _parse_toml(f"number = 1e{MAX_EXPONENT}", "n.toml")
    assert parsed["number"] == Decimal(f"1e{MAX_EXPONENT}")
    with pytest.raises(InputError, match=f"beyond 1e±{MAX_EXPONENT}"):
        tongbao.load(_notice_with(notice.format(f"1e{MAX_EXPONENT + 1}"), tmp_path))


def test_unknown_keys_reported(tmp_path: Path) -> None:
    from tongbao._noticefile import MAX_UNKNOWN_KEYS

    path = tmp_path / "n.toml"
    path.write_text("".join(f"k{i} = 1\n" for i in range(MAX_UNKNOWN_KEYS + 7)))
    with pytest.raises(InputError) as caught:
        tongbao.load(path)
    messages = [p.message for p in caught.value.problems]
    assert sum(m.startswith("unknown key") for m in messages) == MAX_UNKNOWN_KEYS
    assert "… and 7 more unknown keys not shown" in messages


@pytest.mark.slow
def test_many_problems_are_each_placed(tmp_path: Path) -> None:
    """20,000 located problems (placing each was a scan from the top: 8,000 took 258 s)."""
    path = tmp_path / "n.toml"
    units = 20_000
    path.write_text(
        'title = "t"\nissuer = "i"\ndate = 2018-05-10\nperiod = "2018-03"\n'
        + "".join(f'[[units]]\nname = "u{i}"\nsubmitted = 1\nadopted = 2\n' for i in range(units))
    )
    with pytest.raises(InputError) as caught:
        tongbao.load(path)
    assert len(caught.value.problems) == units
    assert str(caught.value.problems[-1].location).endswith(
        f"line {4 * units + 1}, units[{units - 1}]"
    )


# --- issue 21: the Limits object a service sets ---------------------------------------


def test_limits_defaults_are_web_safe_and_tighten_only() -> None:
    from tongbao._load import MAX_NOTICE_BYTES
    from tongbao._sheets import MAX_FILE_BYTES, MAX_XLSX_UNPACKED

    limits = tongbao.Limits()
    assert limits.units < MAX_UNITS
    assert limits.file_bytes <= min(MAX_NOTICE_BYTES, MAX_FILE_BYTES)
    assert limits.unpacked_bytes < MAX_XLSX_UNPACKED
    # A limit above a built-in bound does not lift it.
    with tongbao._limits.limited(tongbao.Limits(file_bytes=10 * MAX_FILE_BYTES)):
        assert tongbao._limits.file_limit(MAX_FILE_BYTES) == MAX_FILE_BYTES
    assert tongbao._limits.file_limit(MAX_FILE_BYTES) == MAX_FILE_BYTES  # none outside


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "10"])
def test_limits_refuse_what_is_not_a_positive_whole_number(value: object) -> None:
    with pytest.raises(InputError, match=r"Limits\.units must be a whole number of at least 1"):
        tongbao.Limits(units=value)  # type: ignore[arg-type]


def test_paragraphs_and_texts_are_limited(tmp_path: Path) -> None:
    notice = Notice(
        title="通报",
        issuer="办公室",
        date=datetime.date(2018, 5, 10),
        period=PERIOD,
        body=["第一段", "长" * 30],
        tallies=[Tally(Unit("u"), PERIOD, 1, 0)],
    )
    tongbao._limits.check_notice(notice, tongbao.Limits(paragraphs=2, text_length=30))
    with pytest.raises(InputError) as caught:
        tongbao._limits.check_notice(notice, tongbao.Limits(paragraphs=1, text_length=29))
    assert [p.location.place for p in caught.value.problems] == ["body", "body[1]"]
