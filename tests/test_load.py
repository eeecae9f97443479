"""Notice files: every key, located errors, data files beside the notice.

Covers the notice-file loader whole (_load and its stages: _toml, _noticekeys,
_noticefile, _resolve), mostly through tongbao.load.
"""

from __future__ import annotations

import datetime
import io
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

import tongbao
import tongbao._load
from tongbao import InputError, Period
from tongbao._noticekeys import NOTICE_KEYS
from tongbao.document import Paragraph

from .conftest import EXAMPLE

HEAD = """\
title = "关于信息报送情况的通报"
issuer = "区政府办公室"
date = 2018-05-10
period = "2018-03/2018-04"
"""
UNITS = """
[[units]]
name = "甲"
group = "镇街"
submitted = 2
adopted = 1

[[units]]
name = "乙"
group = "部门"
submitted = 0
adopted = 0
"""


def write(tmp_path: Path, text: str, name: str = "notice.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_example_loads() -> None:
    notice = tongbao.load(EXAMPLE / "notice.toml")
    assert notice.period == Period.parse("2018-03/2018-04")
    assert len(notice.tallies) == 27
    assert notice.addressees == ("总寨镇政府", "各街道办事处", "政府各部门")
    assert notice.attachment is not None
    assert notice.attachment.order == "given"


def test_a_title_given_as_lines(tmp_path: Path) -> None:
    text = (EXAMPLE / "notice.toml").read_text(encoding="utf-8")
    title = 'title = ["关于2018年3-4月份政府", "门户网站信息报送情况的通报"]'
    text = text.replace('title = "关于2018年3-4月份政府门户网站信息报送情况的通报"', title, 1)
    write(tmp_path, text)
    shutil.copy(EXAMPLE / "counts.csv", tmp_path / "counts.csv")
    document = tongbao.compose(tongbao.load(tmp_path / "notice.toml"))
    assert document.title_lines == ("关于2018年3-4月份政府", "门户网站信息报送情况的通报")
    bad = text.replace(title, "title = [1]")
    with pytest.raises(tongbao.InputError, match=r"title\[0\] must be text"):
        tongbao.load(write(tmp_path, bad))


def test_inline_units_and_all_optional_keys(tmp_path: Path) -> None:
    text = (
        HEAD
        + """\
addressees = "各单位"
body = ["正文{units}", {heading = "一、总体情况"}, {subheading = "（一）报送"}]
doc_number = "城中政办〔2018〕12号"
header = "西宁市城中区人民政府办公室文件"
note = "此件主动公开"
sealed = true
cc = ["区委办"]
printed_by = "区政府办公室"
printed_date = "2018年5月11日"
excluded = ["丙", {name = "丁", reason = "有独立网站"}]
"""
        + UNITS
        + """
[attachment]
title = "统计表"
order = "adopted"
ties = "dense"
min_submitted = 1
rank_on = "shown"
rate_places = 1
grouped = true
groups = ["部门", "镇街"]
total = true
undefined_rate = "/"
list_zero_units = true
"""
    )
    notice = tongbao.load(write(tmp_path, text))
    assert notice.body == (
        Paragraph("正文{units}"),
        Paragraph("一、总体情况", 1),
        Paragraph("（一）报送", 2),
    )
    assert notice.printed_date == datetime.date(2018, 5, 11)
    assert [e.reason for e in notice.excluded] == ["", "有独立网站"]
    assert notice.sealed is True
    assert notice.attachment is not None
    assert notice.attachment.groups == ("部门", "镇街")
    assert [t.unit.group for t in notice.tallies] == ["镇街", "部门"]
    rows = tongbao.compose(notice).attachments[0].table.rows
    assert rows[0].cells == ("部门",)
    assert rows[1].cells == ("—", "乙", "0", "0", "/")


def test_data_file_relative_to_the_notice_and_excluded_units_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "notices"
    folder.mkdir()
    shutil.copy(EXAMPLE / "counts.csv", folder / "counts.csv")
    text = HEAD + 'data = "counts.csv"\nexcluded = [{name = "区建设局", reason = "有独立网站"}]\n'
    notice = tongbao.load(write(folder, text))
    assert len(notice.tallies) == 26
    assert "区建设局" not in [t.unit.name for t in notice.tallies]


def test_sheet_selects_the_workbook_sheet(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "monthly.xlsx", tmp_path / "monthly.xlsx")
    notice = tongbao.load(write(tmp_path, HEAD + 'data = "monthly.xlsx"\nsheet = "3-4月"\n'))
    assert sum(t.submitted for t in notice.tallies) == 578
    with pytest.raises(InputError, match="no sheet named '5月'"):
        tongbao.load(write(tmp_path, HEAD + 'data = "monthly.xlsx"\nsheet = "5月"\n'))


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes((HEAD + UNITS).encode("utf-8-sig"))
    assert len(tongbao.load(path).tallies) == 2


def test_unknown_unit_key_is_located(tmp_path: Path) -> None:
    text = HEAD + UNITS.replace('group = "部门"', 'grop = "部门"')
    with pytest.raises(InputError) as info:
        tongbao.load(write(tmp_path, text))
    (problem,) = info.value.problems
    assert problem.location.place == "line 14, units[1].grop"
    assert "did you mean 'group'" in problem.message


def test_every_problem_in_one_error(tmp_path: Path) -> None:
    text = HEAD.replace("2018-05-10", '"May"').replace('"2018-03/2018-04"', '"spring"')
    text += "colour = 1\n" + UNITS
    with pytest.raises(InputError) as info:
        tongbao.load(write(tmp_path, text))
    places = [p.location.place for p in info.value.problems]
    assert places == ["line 3, date", "line 4, period", "line 5, colour"]


def test_missing_file() -> None:
    with pytest.raises(InputError, match="cannot read the notice file"):
        tongbao.load("/nonexistent/notice.toml")


def test_every_key_is_documented() -> None:
    reference = (Path(__file__).resolve().parent.parent / "docs" / "notice-file.md").read_text(
        encoding="utf-8"
    )
    for key in NOTICE_KEYS:
        assert f"`{key}`" in reference, key
    for name in tongbao.PLACEHOLDERS:
        assert f"`{{{name}}}`" in reference or f"`{{{name}:" in reference, name


# --- scoring keys, data tables, data-file places --------------------------------------

LEVEL_DATA = "单位,市采用,省采用,得分\n甲,3,1,25\n乙,2,0,10\n"


@pytest.mark.parametrize(
    ("scoring", "message"),
    [
        ("cap = 10\n", "missing scoring.points (points = { 市政府网 = 5 }), or scoring.levels"),
        ("points = {}\n", "scoring.points is empty"),
        (
            "points = 5\n",
            "scoring.points must be a table (level = points per adoption), not the number 5",
        ),
        ('levels = "市"\n', "scoring.levels must be a list of level names, not the text '市'"),
        ('levels = ["市", "省"]\ncap = 10\n', "scoring.cap needs scoring.points"),
    ],
)
def test_scoring_keys_missing_or_misshapen(scoring: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "counts.csv").write_text(LEVEL_DATA, encoding="utf-8")
    path = write(tmp_path, HEAD + 'data = "counts.csv"\n[scoring]\n' + scoring)
    with pytest.raises(InputError) as info:
        tongbao.load(path)
    assert any(message in p.message for p in info.value.problems), info.value.problems


def test_levels_without_points_use_supplied_scores(tmp_path: Path) -> None:
    (tmp_path / "counts.csv").write_text(LEVEL_DATA, encoding="utf-8")
    path = write(tmp_path, HEAD + 'data = "counts.csv"\n[scoring]\nlevels = ["市", "省"]\n')
    notice = tongbao.load(path)
    assert notice.scoring is None
    assert [(t.submitted, t.adopted, t.score) for t in notice.tallies] == [
        (None, 4, 25),
        (None, 2, 10),
    ]


def test_a_supplied_score_that_differs_names_the_data_line(tmp_path: Path) -> None:
    (tmp_path / "counts.csv").write_text(LEVEL_DATA, encoding="utf-8")
    scoring = '[scoring]\nlevels = ["市", "省"]\npoints = { "市" = 5, "省" = 10 }\n'
    path = write(tmp_path, HEAD + 'data = "counts.csv"\n' + scoring)
    assert tongbao.load(path).tallies[0].score == 25  # 3×5 + 1×10
    (tmp_path / "counts.csv").write_text(LEVEL_DATA.replace("乙,2,0,10", "乙,2,0,12"), "utf-8")
    with pytest.raises(InputError) as info:
        tongbao.load(path)
    [problem] = info.value.problems
    assert problem.location == (str(tmp_path / "counts.csv"), "line 3")
    assert "乙: the supplied score 12 is not the 10 the scoring rules give" in problem.message


def test_data_as_a_table_names_the_columns(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("单位,信息量,用稿量\n甲,5,2\n", encoding="utf-8")
    data = 'data = { file = "c.csv", columns = { submitted = "信息量", adopted = "用稿量" } }\n'
    notice = tongbao.load(write(tmp_path, HEAD + data))
    assert [(t.submitted, t.adopted) for t in notice.tallies] == [(5, 2)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            'data = { file = "c.csv", columns = { submited = "信息量" } }',
            "did you mean 'submitted'?",
        ),
        ('data = { file = "c.csv", columns = { submitted = 3 } }', "must be the column's heading"),
        ("data = { file = 3 }", "data.file must be the data file's path, not the number 3"),
        ('data = { file = "c.csv", sheets = "x" }', "unknown key 'data.sheets'"),
        ("data = 3", "data must be a file's path or a table, not the number 3"),
    ],
)
def test_bad_data_tables(data: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("单位,信息量,用稿量\n甲,5,2\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        tongbao.load(write(tmp_path, HEAD + data + "\n"))
    assert any(message in p.message for p in info.value.problems), info.value.problems


def test_check_verbose_says_which_heading_is_which(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("单位,本季度报送,本季度采用,备注\n甲,5,2,\n", encoding="utf-8")
    loaded = tongbao._load.read_notice(write(tmp_path, HEAD + 'data = "c.csv"\n'))
    assert loaded.headers[0].explained() == [
        "单位 → 单位 (unit)",
        "本季度报送 → 报送数 (submitted)",
        "本季度采用 → 采纳数 (adopted)",
        "备注 → not read",
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("[options.docx]\nline_pitch = 0\n", "docx option line_pitch is 0.0"),
        ("[options.pdf]\ntable_font_size = nan\n", "pdf option table_font_size is nan"),
        ("[options.docx]\nline_pich = 28\n", "unknown option line_pich"),
    ],
)
def test_options_a_renderer_would_refuse_are_refused_on_loading(
    extra: str, message: str, tmp_path: Path
) -> None:
    with pytest.raises(InputError) as info:
        tongbao.load(write(tmp_path, HEAD + UNITS + extra))
    [problem] = info.value.problems
    assert message in problem.message
    assert problem.location.place is not None
    assert problem.location.place.startswith("line ")


def test_a_title_too_long_for_a_document_property(tmp_path: Path) -> None:
    text = HEAD.replace('"关于信息报送情况的通报"', '"' + "通" * 256 + '"') + UNITS
    with pytest.raises(InputError, match="at most 255 fit a document's properties"):
        tongbao.load(write(tmp_path, text))


# --- two stages: parse, then resolve (each data file read once) --------------------------

MONTHLY = (
    "单位,月份,报送数,采纳数\n"
    + "".join(
        f"{u},2023-{m:02d},{s},{a}\n"
        for u, s, a in (("甲", 4, 2), ("乙", 3, 1), ("丙", 2, 2))
        for m in (1, 2, 3)
    )
    + "".join(f"{u},2022-03,{s},{a}\n" for u, s, a in (("甲", 5, 1), ("乙", 1, 1), ("丙", 2, 0)))
)
EVERY_PERIOD = """\
title = "通报"
issuer = "办公室"
date = 2023-04-10
period = "2023-03"
body = ["{submitted_vs_prev}，{rate_vs_year_ago}"]
data = "monthly.csv"
excluded = ["丙"]

[comparison]
previous = true
year_ago = true

[attachment]
title = "表"
year_to_date = true
columns = ["unit", "submitted", "ytd_submitted", "ytd_adopted"]
"""


def test_one_monthly_file_serves_every_period_and_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tongbao._data

    (tmp_path / "monthly.csv").write_text(MONTHLY, encoding="utf-8")
    reads: list[Path | None] = []
    original = tongbao._data._rows

    def counting(source: tongbao._files.Input, sheet: str | None) -> object:
        reads.append(source.path)
        return original(source, sheet)

    monkeypatch.setattr(tongbao._data, "_rows", counting)
    notice = tongbao.load(write(tmp_path, EVERY_PERIOD))
    assert len(reads) == 1
    figures = {
        key: [(t.unit.name, t.submitted, t.adopted) for t in getattr(notice, key)]
        for key in ("tallies", "previous", "year_ago", "year_to_date")
    }
    # 丙 is excluded from every period, in one place.
    assert figures == {
        "tallies": [("甲", 4, 2), ("乙", 3, 1)],
        "previous": [("甲", 4, 2), ("乙", 3, 1)],
        "year_ago": [("甲", 5, 1), ("乙", 1, 1)],
        "year_to_date": [("甲", 12, 6), ("乙", 9, 3)],
    }


def test_the_order_of_keys_does_not_matter(tmp_path: Path) -> None:
    (tmp_path / "monthly.csv").write_text(MONTHLY, encoding="utf-8")
    lines = EVERY_PERIOD.split("\n\n")
    shuffled = "\n\n".join([lines[0], lines[2], lines[1]])
    head, rest = lines[0].split("\n", 1)
    top = "\n".join(reversed(rest.splitlines()))
    reordered = "\n\n".join([head + "\n" + top, lines[2], lines[1]])
    first = tongbao.load(write(tmp_path, EVERY_PERIOD, "a.toml"))
    assert tongbao.load(write(tmp_path, shuffled, "b.toml")) == first
    assert tongbao.load(write(tmp_path, reordered, "c.toml")) == first


def test_parsing_reads_no_data_file(tmp_path: Path) -> None:
    from tongbao._noticefile import DataSource, _Parser
    from tongbao._toml import _Locator

    text = EVERY_PERIOD.replace("monthly.csv", "absent.csv")
    parsed = _Parser("notice.toml", _Locator(text), tomllib.loads(text)).parse()
    assert parsed.problems == ()
    assert parsed.data == DataSource("absent.csv")
    assert parsed.previous is not None
    assert parsed.previous.file == "absent.csv"
    assert parsed.year_to_date == Period.parse("2023-01/2023-03")


def test_previous_true_needs_monthly_data(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("单位,报送数,采纳数\n甲,2,1\n", encoding="utf-8")
    text = HEAD + 'data = "c.csv"\n[comparison]\nprevious = true\n'
    with pytest.raises(InputError, match=r"comparison.previous = true needs monthly counts"):
        tongbao.load(write(tmp_path, text))


def test_a_parent_column_credits_sub_units(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "单位,上级单位,报送数,采纳数\n甲镇,,4,2\n甲镇一村,甲镇,3,1\n乙镇,,5,2\n", encoding="utf-8"
    )
    scoring = '[scoring]\npoints = { "adopted" = 10 }\ncredit_parents = true\n'
    attachment = (
        '[attachment]\ntitle = "表"\norder = "score"\ncolumns = ["rank", "unit", "score"]\n'
    )
    notice = tongbao.load(write(tmp_path, HEAD + 'data = "c.csv"\n' + scoring + attachment))
    assert [t.parent for t in notice.tallies] == [None, "甲镇", None]
    rows = tongbao.compose(notice).attachments[0].table.rows
    # 甲镇 20 + its village's 10 = 30; 乙镇 20; 甲镇一村 10.
    assert [r.cells for r in rows] == [
        ("1", "甲镇", "30"),
        ("2", "乙镇", "20"),
        ("3", "甲镇一村", "10"),
    ]


# --- issue 14: confinement (root=), special files, periods near year 1 -----------------


def _confined(tmp_path: Path, data: str) -> Path:
    inside = tmp_path / "inside"
    inside.mkdir(exist_ok=True)
    text = (EXAMPLE / "notice.toml").read_text(encoding="utf-8")
    (inside / "notice.toml").write_text(text.replace('data = "counts.csv"', data), encoding="utf-8")
    return inside / "notice.toml"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    (tmp_path / "outside").mkdir()
    path = tmp_path / "outside" / "secret.csv"
    path.write_text("单位,报送数,采纳数\n机密单位,9,99\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_root_refuses_data_outside_it(how: str, tmp_path: Path, secret: Path) -> None:
    if how == "symlink":
        (tmp_path / "inside").mkdir()
        (tmp_path / "inside" / "link.csv").symlink_to(secret)
    data = {
        "absolute": f'data = "{secret}"',
        "dotdot": 'data = "../outside/secret.csv"',
        "symlink": 'data = "link.csv"',
    }[how]
    notice = _confined(tmp_path, data)
    with pytest.raises(InputError, match=r"采纳数 \(99\)"):  # without root: read, and quoted
        tongbao.load(notice)
    with pytest.raises(InputError) as caught:
        tongbao.load(notice, root=tmp_path / "inside")
    text = str(caught.value)
    assert "outside the allowed folder" in text
    assert "机密单位" not in text
    assert "99" not in text


def test_root_refuses_comparison_and_font_files_outside_it(tmp_path: Path, secret: Path) -> None:
    (tmp_path / "inside").mkdir()
    shutil.copy(EXAMPLE / "counts.csv", tmp_path / "inside" / "counts.csv")
    notice = _confined(
        tmp_path,
        f'data = "counts.csv"\n[comparison]\nprevious = "{secret}"\n'
        '[options.pdf]\nbody_font_file = "/etc/passwd"',
    )
    with pytest.raises(InputError) as caught:
        tongbao.load(notice, root=tmp_path / "inside")
    places = [str(p.location) for p in caught.value.problems]
    assert any(str(secret) in p for p in places)
    assert any("options.pdf" in p for p in places)
    assert all("outside the allowed folder" in p.message for p in caught.value.problems)


def test_root_allows_what_is_inside(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "example")
    notice = tongbao.load(tmp_path / "example" / "notice.toml", root=tmp_path / "example")
    assert len(notice.tallies) == 27


@pytest.mark.parametrize("period", ["0001-01", "0001-Q1", "1900-01/9999-12", "9999-12"])
def test_periods_at_the_ends_of_the_calendar(period: str, tmp_path: Path) -> None:
    path = tmp_path / "n.toml"
    path.write_text(
        'title = "通报"\nissuer = "办公室"\ndate = 2018-05-10\n'
        f'period = "{period}"\n[[units]]\nname = "甲"\nsubmitted = 3\nadopted = 1\n',
        encoding="utf-8",
    )
    document = tongbao.compose(tongbao.load(path))
    assert document.title == "通报"


def test_a_comparison_before_year_1_is_located(tmp_path: Path) -> None:
    path = tmp_path / "n.toml"
    (tmp_path / "prev.csv").write_text("单位,报送数,采纳数\n甲,1,1\n", encoding="utf-8")
    path.write_text(
        'title = "通报"\nissuer = "办公室"\ndate = 2018-05-10\nperiod = "0001-01"\n'
        '[[units]]\nname = "甲"\nsubmitted = 3\nadopted = 1\n'
        '[comparison]\nprevious = "prev.csv"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="has no previous period"):
        tongbao.load(path)


def test_a_nul_in_a_data_path_is_an_input_error(tmp_path: Path) -> None:
    from tongbao import read_counts

    with pytest.raises(InputError, match="path holds a NUL character"):
        read_counts(tmp_path / "counts\x00.csv", Period.parse("2018-03"))
    with pytest.raises(InputError, match="path holds a NUL character"):
        read_counts(tmp_path / "counts\x00.csv", Period.parse("2018-03"), root=tmp_path)


def test_root_does_not_say_whether_a_file_outside_exists(tmp_path: Path) -> None:
    notice = _confined(tmp_path, 'data = "../outside/nothing-here.csv"')
    with pytest.raises(InputError) as caught:
        tongbao.load(notice, root=tmp_path / "inside")
    assert "outside the allowed folder" in str(caught.value)
    assert "does not exist" not in str(caught.value)


# --- a notice from text, bytes or a stream, its data files handed over with it ----------

SEED_TOML = (EXAMPLE / "notice.toml").read_text(encoding="utf-8")
SEED_CSV = (EXAMPLE / "counts.csv").read_bytes()


def test_loads_reads_the_data_from_files_not_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    from_disk = tongbao.load(EXAMPLE / "notice.toml")
    notice = tongbao.loads(SEED_TOML, files={"counts.csv": SEED_CSV}, name="notice.toml")
    assert notice.tallies == from_disk.tallies
    assert tongbao.render(notice, "text") == tongbao.render(from_disk, "text")
    monkeypatch.chdir(EXAMPLE)  # counts.csv is right here, and still not read
    with pytest.raises(InputError) as caught:
        tongbao.loads(SEED_TOML, name="notice.toml")
    (problem,) = caught.value.problems
    assert problem.location.file == "notice.toml"
    assert problem.location.place is not None
    assert problem.location.place.startswith("line 15")
    assert "'counts.csv' is not among the files given with the notice (none)" in problem.message


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(lambda: SEED_CSV, id="bytes"),
        pytest.param(lambda: io.BytesIO(SEED_CSV), id="stream"),
    ],
)
def test_load_takes_bytes_and_streams(given: Any) -> None:
    expected = tongbao.load(EXAMPLE / "notice.toml").tallies
    raw = SEED_TOML.encode()
    for source in (raw, io.BytesIO(raw)):
        notice = tongbao.load(source, name="n.toml", files={"./counts.csv": given()})
        assert notice.tallies == expected


def test_a_notice_from_bytes_reads_nothing_from_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE)
    with pytest.raises(InputError, match="not among the files given"):
        tongbao.load(SEED_TOML.encode())  # no files= at all: still not from the folder


def test_a_notice_given_as_text_names_no_font_file() -> None:
    text = SEED_TOML + '\n[options.pdf]\nbody_font_file = "/etc/passwd"\n'
    with pytest.raises(InputError, match=r"names a file, .*Renderers\(fonts=…\)") as caught:
        tongbao.loads(text, files={"counts.csv": SEED_CSV}, name="notice.toml")
    assert caught.value.problems[0].location.place is not None


def test_the_data_file_s_errors_name_it_as_the_notice_does() -> None:
    bad = SEED_CSV.decode().replace("19,9", "9,19").encode()  # adopted > submitted
    with pytest.raises(InputError) as caught:
        tongbao.loads(SEED_TOML, files={"counts.csv": bad})
    assert {p.location.file for p in caught.value.problems} == {"counts.csv"}
    with pytest.raises(InputError, match=r"unknown data file type '\.dat'"):
        tongbao.loads(SEED_TOML.replace("counts.csv", "counts.dat"), files={"counts.dat": bad})


def test_loads_refuses_what_is_not_text() -> None:
    with pytest.raises(InputError, match=r"loads\(\) takes the notice's text"):
        tongbao.loads(SEED_TOML.encode())  # type: ignore[arg-type]
    with pytest.raises(InputError, match="not valid Unicode"):
        tongbao.loads('title = "\ud800"')
    with pytest.raises(InputError, match="kind='yaml' is not a kind of notice file"):
        tongbao.load(b"", kind="yaml")


def test_limits_hold_for_a_notice_and_its_files(monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"counts.csv": SEED_CSV}
    units = len(tongbao.loads(SEED_TOML, files=files).tallies)
    with pytest.raises(InputError, match=f"{units} units; at most {units - 1}"):
        tongbao.loads(SEED_TOML, files=files, limits=tongbao.Limits(units=units - 1))
    small = tongbao.Limits(file_bytes=len(SEED_CSV) - 1)
    brief = 'title = "t"\nissuer = "i"\ndate = 2018-05-10\nperiod = "2018-03/2018-04"\n'
    with pytest.raises(InputError, match=r"more than the [\d,]+ bytes allowed") as caught:
        tongbao.loads(brief + 'data = "counts.csv"\n', files=files, limits=small)
    assert caught.value.problems[0].location.file == "counts.csv"
    tiny = tongbao.Limits(file_bytes=100)
    with pytest.raises(InputError, match="more than the 100 bytes allowed") as caught:
        tongbao.load(EXAMPLE / "notice.toml", limits=tiny)
    with pytest.raises(InputError, match="more than the 100 bytes allowed"):
        tongbao.loads(SEED_TOML, files=files, limits=tiny)
    short = tongbao.Limits(text_length=50)
    with pytest.raises(InputError) as caught:
        tongbao.load(EXAMPLE / "notice.toml", limits=short)
    assert any(p.location.place == "body[1]" for p in caught.value.problems)
    monkeypatch.setattr(tongbao._load, "MAX_NOTICE_BYTES", 10)  # the built-in bound holds too
    with pytest.raises(InputError, match="keep the counts in a data file"):
        tongbao.loads(SEED_TOML, files=files)
