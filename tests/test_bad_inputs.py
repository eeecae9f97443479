"""Every file under tests/bad/ is refused with exit status 2, a located message, no
traceback, and nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tongbao.cli import main

BAD = Path(__file__).parent / "bad"

# file, the place the message must name, what it must say
CASES = [
    ("syntax.toml", "line 1, column 21", "not valid TOML"),
    ("unknown-key.toml", "line 5, adressees", "did you mean 'addressees'"),
    ("missing-title.toml", "missing-title.toml", "missing 'title'"),
    ("bad-period.toml", "line 4, period", "month 13 is not a month"),
    ("period-backwards.toml", "line 4, period", "ends before it starts"),
    ("bad-date.toml", "line 3, date", "'2018-02-30'; expected a date"),
    ("date-with-time.toml", "line 3, date", "without a time"),
    ("title-not-text.toml", "line 1, title", "must be text or a list, not the number 12"),
    ("bool-count.toml", "line 16, units[1]", "submitted must be a whole number (int), not bool"),
    ("float-count.toml", "line 16, units[1]", "not the decimal number 7.0"),
    ("negative-count.toml", "line 16, units[1]", "adopted is negative (-3)"),
    ("adopted-over-submitted.toml", "line 16, units[1]", "adopted (30) is more than submitted (7)"),
    ("duplicate-unit.toml", "line 16, units[1]", "区统计局 appears twice"),
    ("duplicate-fullwidth.toml", "line 16, units[1]", "区统计局1 appears twice"),
    (
        "unknown-placeholder.toml",
        "line 8, body[1]",
        "unknown placeholder {rat} (did you mean {rate}?)",
    ),
    ("unclosed-placeholder.toml", "line 8, body[1]", "unclosed placeholder"),
    ("no-units.toml", "no-units.toml", "no counts"),
    ("units-and-data.toml", "line 10, data", "not both"),
    ("data-file-missing.toml", "line 10, data", "'nope.csv' does not exist"),
    ("attachment-unknown-key.toml", "line 23, attachment.ordr", "did you mean 'order'"),
    ("attachment-bad-order.toml", "line 23, attachment.order", "'best'; expected one of"),
    ("control-character.toml", "line 2, issuer", "control character U+0007"),
    ("paragraph-line-break.toml", "line 7, body[0]", "holds a line break"),
    ("printed-by-without-date.toml", "line 10, printed_by", "give both"),
    ("not-utf8.toml", "not-utf8.toml, byte", "must be UTF-8"),
    ("empty.toml", "empty.toml", "missing 'title'"),
    ("unit-missing-adopted.toml", "line 11, units[0]", "missing adopted"),
    ("grouped-without-groups.toml", "line 16, units[1]", "has no group"),
    ("data-with-bad-rows.toml", "csv-total-wrong.csv, line 4, column 3", "rows above add up to 16"),
    ("csv-no-header.csv", "csv-no-header.csv", "no header row found"),
    ("csv-text-count.csv", "line 2, column 2", "'十九', expected a whole number"),
    (
        "csv-total-wrong.csv",
        "line 4, column 3",
        "合计 采纳数 is 17 but the rows above add up to 16",
    ),
    ("csv-rate-wrong.csv", "line 2, column 4", "采纳率 is 48% but 9/19 is 47%"),
    ("csv-adopted-over-submitted.csv", "line 2, column 3", "采纳数 (19) is more than 报送数 (9)"),
    ("csv-duplicate.csv", "line 4", "appears twice (first at line 2)"),
    ("csv-empty-count.csv", "line 2, column 3", "is empty"),
    ("csv-binary.csv", "csv-binary.csv", "binary file"),
    ("csv-bad-encoding.csv", "csv-bad-encoding.csv", "neither UTF-8 nor GB18030"),
    ("csv-month-outside.csv", "line 3, column 2", "outside the notice's period"),
    ("csv-empty.csv", "csv-empty.csv", "empty"),
    ("xlsx-really-csv.xlsx", "xlsx-really-csv.xlsx", "not an Excel .xlsx workbook"),
    ("csv-row-after-total.csv", "line 4", "after the 合计 row"),
    ("csv-negative.csv", "line 2, column 2", "'-19', expected a whole number"),
    ("csv-fraction-count.csv", "line 2, column 2", "'19.5', expected a whole number"),
    (
        "addressees-not-a-list.toml",
        "line 5, addressees",
        "must be a list or text, not the number 5",
    ),
    ("options-bad-value.toml", "line 11, options.pdf", "must be text, a number or true/false"),
    ("unit-name-too-long.toml", "line 6, units[0]", "201 characters long; at most 200"),
    ("excluded-not-a-name.toml", "line 5, excluded[0]", "must be a name or {name = …"),
    ("sheet-without-data.toml", "line 5, sheet", "not with [[units]]"),
    (
        "xlsx-missing-sheet.toml",
        "xlsx-total-wrong.xlsx",
        "no sheet named '三月'; the workbook has 统计",
    ),
    ("heading-not-text.toml", "line 5, body[0]", "heading must be text, not the number 1"),
    ("xlsx-text-count.xlsx", "cell C2", "'十九', expected a whole number"),
    ("xlsx-bool-count.xlsx", "cell C2", "报送数 is True, expected a whole number"),
    ("xlsx-fraction-count.xlsx", "cell C2", "报送数 is 19.5, expected a whole number"),
    ("xlsx-adopted-over-submitted.xlsx", "cell D2", "采纳数 (19) is more than 报送数 (9)"),
    ("xlsx-total-wrong.xlsx", "cell D4", "合计 采纳数 is 17 but the rows above add up to 16"),
    ("xlsx-rate-wrong.xlsx", "cell E2", "采纳率 is 60% but 9/19 is 47.37%"),
    ("xlsx-no-header.xlsx", "xlsx-no-header.xlsx", "no header row found"),
    ("xlsx-formula-without-value.xlsx", "cell C2", "open the file in Excel and save it"),
    ("xlsx-empty-sheet.xlsx", "xlsx-empty-sheet.xlsx", "no header row found"),
    ("xlsx-month-outside.xlsx", "cell B2", "2018年6月 is outside the notice's period"),
    ("xlsx-duplicate.xlsx", "row 3", "appears twice (first at row 2)"),
    ("xlsx-old-xls.xlsx", "xlsx-old-xls.xlsx", "looks like an old .xls"),
    ("xlsx-billion-laughs.xlsx", "xlsx-billion-laughs.xlsx", "the workbook cannot be read"),
    # issue 14: hostile sizes and damaged parts (tests/make_bad_workbooks.py writes these)
    ("xlsx-value-in-xfd.xlsx", "cell XFD4", "at most 256 columns"),
    ("xlsx-no-sheets.xlsx", "xlsx-no-sheets.xlsx", "has no sheets"),
    ("xlsx-missing-sheet-part.xlsx", "xlsx-missing-sheet-part.xlsx", "has no sheets"),
    ("xlsx-bad-shared-string.xlsx", "cell C2", "the workbook is damaged: IndexError"),
    ("xlsx-bad-date.xlsx", "cell C2", "the workbook is damaged"),
    ("xlsx-bad-character-reference.xlsx", "xlsx-bad-character-reference.xlsx", "ParseError"),
    ("xlsx-bad-style.xlsx", "cell C2", "style 999 does not exist"),
    ("xlsx-huge-exponent.xlsx", "cell C2", "报送数 is inf, expected a whole number"),
    ("xlsx-rows-out-of-order.xlsx", "row 2", "row number 2 out of order"),
    ("xlsx-styles-bomb.xlsx", "xlsx-styles-bomb.xlsx", "part xl/styles.xml unpacks to"),
    ("toml-deep-nesting.toml", "toml-deep-nesting.toml", "nested more than 16 levels"),
    ("toml-long-integer.toml", "toml-long-integer.toml", "more than 4,300 digits"),
    ("toml-count-too-large.toml", "line 6, units[0]", "more than 1,000,000,000,000,000"),
    ("toml-points-exponent.toml", "toml-points-exponent.toml", "beyond 1e±100"),
    ("toml-score-tiny.toml", "line 6, units[0]", "more than 10 decimals"),
    ("toml-points-infinity.toml", "scoring", "not a finite number"),
    ("toml-data-path-nul.toml", "line 5, data", "does not exist"),
    ("toml-data-path-too-long.toml", "line 5, data", "cannot be read: File name too long"),
    ("toml-unit-named-total.toml", "line 6, units[0]", "may not be called 合计"),
    ("toml-bidi-override.toml", "line 2, issuer", "bidi control U+202E"),
    ("toml-line-separator.toml", "line 5, note", "separator U+2028"),
    ("toml-private-use.toml", "line 6, units[0]", "unprintable character U+E000"),
    ("csv-score-exponent.csv", "line 2, column 4", "too large"),
    ("csv-score-tiny.csv", "line 2, column 4", "more than 10 decimals"),
    ("csv-score-infinity.csv", "line 2, column 4", "not a finite number"),
    ("csv-rate-exponent.csv", "line 2, column 4", "expected a rate"),
    ("csv-count-long.csv", "line 2, column 2", "more than 1,000,000,000,000,000"),
    ("csv-too-many-columns.csv", "line 2", "at most 256 columns"),
    ("scoring-missing-level.toml", "scoring-missing-level.csv, line 3", "市采用 is missing"),
    ("scoring-missing-level.csv", "scoring-missing-level.csv, line 1", "but no 采纳数"),
]


def test_every_bad_file_has_a_case() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(name for name, _, _ in CASES)
    assert len(CASES) >= 60


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.slow
@pytest.mark.parametrize(("name", "place", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_its_place(
    name: str,
    place: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for path in BAD.iterdir():
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)
    if name.endswith(".toml"):
        args = ["check", name]
    else:
        args = ["rank", name, "--period", "2018-03/2018-04"]
    status = main(args)
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert any(place in line and message in line for line in lines), err
    files = {p.name for p in BAD.iterdir()}
    assert all(line.removeprefix("error: ").split(":")[0].split(",")[0] in files for line in lines)
    assert _snapshot(tmp_path) == before
