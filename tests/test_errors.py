"""Problems for machines and for clerks: codes, paths, rows, both languages, one catalogue.

Covers ``tongbao.errors`` (Location, Problem, InputError, the catalogue, the language
choice), the one collector (``_problems``), ``tongbao.validate``/``notice_from``, and
that ``docs/errors.md``, the catalogue and the codes used in ``src/`` agree.
"""

from __future__ import annotations

import ast
import pickle
import re
import string
from pathlib import Path
from typing import Any

import pytest

import tongbao
from tongbao import AttachmentSpec, InputError, Period, Tally, Unit
from tongbao.errors import CATALOGUE, Location, Problem, locale_language

from .test_notice import notice as _notice

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "tongbao"
PERIOD = Period.parse("2018-03/2018-04")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# --- the catalogue ----------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_both_languages_take_the_same_parameters(code: str) -> None:
    entry = CATALOGUE[code]
    assert re.fullmatch(r"[a-z]+(\.[a-z0-9_]+)?", code)
    assert _fields(entry.zh) <= _fields(entry.en), code  # Chinese may leave English words out
    assert re.search(r"[\u4e00-\u9fff]", entry.zh) or entry.zh in ("{message}", "{detail}")


def _codes_used_in_src() -> dict[str, list[str]]:
    """Each code a problem is made with in src/: the first argument of ``Problem.of``,
    ``InputError.of``, ``fail`` and a collector's (or a parser's) ``add``; a literal assigned to
    ``code``; the first item of a returned tuple (``return "text.control", char``)."""
    used: dict[str, list[str]] = {}

    def note(node: ast.AST | None, where: str) -> None:
        for item in ast.walk(node) if node is not None else ():
            if (
                isinstance(item, ast.Constant)
                and isinstance(item.value, str)
                and re.fullmatch(r"[a-z]+\.[a-z0-9_]+", item.value)
            ):
                used.setdefault(item.value, []).append(where)

    for path in sorted(SRC.rglob("*.py")):
        if path.name == "_catalogue.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in ("of", "fail", "add"):
                    note(node.args[0], path.name)
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "code" for t in node.targets
            ):
                note(node.value, path.name)
            elif (
                isinstance(node, ast.Return)
                and isinstance(node.value, ast.Tuple)
                and node.value.elts
            ):
                note(node.value.elts[0], path.name)
    return used


@pytest.mark.slow
def test_every_code_used_in_src_is_in_the_catalogue() -> None:
    used = _codes_used_in_src()
    unknown = {code: files for code, files in used.items() if code not in CATALOGUE}
    assert not unknown
    assert len(used) > 100  # the scan finds the codes (it is not looking at nothing)


@pytest.mark.slow
def test_every_code_of_the_catalogue_is_used() -> None:
    used = _codes_used_in_src()
    assert set(CATALOGUE) - set(used) - {"input"} == set()


def test_src_gives_every_problem_a_code() -> None:
    """No problem made in src/ without a code: no ``InputError.at``, no bare ``Problem(``."""
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "errors.py":
            continue
        text = path.read_text("utf-8")
        assert "InputError.at(" not in text, path.name
        assert not re.search(r"(?<![\w.])Problem\(", text), path.name


def _documented() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in (ROOT / "docs" / "errors.md").read_text("utf-8").splitlines():
        found = re.fullmatch(r"\| `([a-z0-9_.]+)` \| `(.*)` \| `(.*)` \|", line)
        if found:
            rows[found[1]] = (found[2], found[3])
    return rows


def test_the_documented_table_is_the_catalogue() -> None:
    documented = _documented()
    assert documented, "docs/errors.md has no table of codes"
    assert set(documented) == set(CATALOGUE)
    for code, (en, zh) in documented.items():
        assert (en, zh) == tuple(CATALOGUE[code]), code


@pytest.mark.parametrize("number", [0, 1])
def test_the_errors_page_code_runs(number: int, capsys: pytest.CaptureFixture[str]) -> None:
    page = (ROOT / "docs" / "errors.md").read_text("utf-8")
    code = re.findall(r"```python\n(.*?)```", page, re.S)[number]
    exec(compile(code, "docs/errors.md", "exec"), {})
    assert capsys.readouterr().out


def test_the_errors_page_is_in_the_docs_index() -> None:
    assert re.search(r"^errors\s*$", (ROOT / "docs" / "index.md").read_text("utf-8"), re.M)


# --- problems from Python values --------------------------------------------------


@pytest.mark.parametrize(
    ("build", "code", "path"),
    [
        (lambda: Tally("甲", PERIOD, 3, 5), "count.adopted_over_submitted", ("adopted",)),
        (lambda: Tally("甲", PERIOD, "3", 1), "count.not_whole", ("submitted",)),
        (lambda: Tally("甲", PERIOD, 3, -1), "count.negative", ("adopted",)),
        (lambda: Tally("甲", "2018-03", 3, 1), "value.not_period", ("period",)),
        (lambda: Tally("甲", PERIOD, 3, 1, score=1.5), "score.inexact", ("score",)),
        (lambda: Tally("甲", PERIOD, 3, 2, levels={"区": 1}), "level.sum_mismatch", ("levels",)),
        (lambda: Unit(""), "value.empty", ("name",)),
        (lambda: Unit(3), "value.not_text", ("name",)),
        (lambda: Unit("区\u202e局"), "text.bidi", ("name",)),
        (lambda: Unit("区局", group="\x07"), "text.control", ("group",)),
        (lambda: Period.parse("2018-13"), "period.bad_month", ()),
        (lambda: Period.parse("soon"), "period.unknown", ()),
        (lambda: Period.parse(2018), "period.not_text", ()),
        (lambda: Period.quarter(2018, 5), "period.bad_quarter", ("start",)),
        (
            lambda: AttachmentSpec(title="表", order="foo"),
            "value.not_a_choice",
            ("attachment", "order"),
        ),
        (
            lambda: AttachmentSpec(title="表", ties="x"),
            "value.not_a_choice",
            ("attachment", "ties"),
        ),
        (
            lambda: AttachmentSpec(title="表", chart="yes"),
            "value.not_bool",
            ("attachment", "chart"),
        ),
        (
            lambda: tongbao.ComparisonTable(title="t", against="later"),
            "comparison.bad_against",
            ("comparison", "table_against"),
        ),
        (lambda: tongbao.Quota(items=-1), "quota.items_negative", ("items",)),
        (
            lambda: tongbao.ScoringRules(points={"区": 1}, places=9),
            "scoring.bad_places",
            ("places",),
        ),
    ],
)
def test_public_constructors_raise_located_input_errors(
    build: Any, code: str, path: tuple[object, ...]
) -> None:
    with pytest.raises(InputError) as caught:
        build()
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == (code, path)
    assert problem.message == CATALOGUE[code].en.format(**problem.params)
    assert isinstance(caught.value, ValueError)  # code catching ValueError still does


def test_a_python_value_s_error_reads_as_before() -> None:
    """No ``<input>:`` before the message of a value built in Python."""
    with pytest.raises(InputError) as caught:
        Tally("甲", PERIOD, 3, 5)
    assert str(caught.value) == "甲: adopted (5) is more than submitted (3)"
    assert caught.value.text("zh") == "甲：采纳数（5）大于报送数（3）"


def test_attachment_options_fail_when_built_not_when_used() -> None:
    with pytest.raises(InputError, match="order is 'foo'; expected one of given, rate"):
        AttachmentSpec(title="表", order="foo")  # type: ignore[arg-type]


def test_notice_options_are_frozen_and_pickle() -> None:
    given = {"pdf": {"page_numbers": False}}
    notice = _notice(options=given)
    given["pdf"]["page_numbers"] = True  # the notice kept its own copy
    assert notice.options == {"pdf": {"page_numbers": False}}
    with pytest.raises(TypeError):
        notice.options["docx"] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        notice.options["pdf"]["page_numbers"] = True  # type: ignore[index]
    again = pickle.loads(pickle.dumps(notice))
    assert again == notice
    assert again.options == notice.options
    spec = AttachmentSpec(title="表", group_titles={"镇街": "镇街表"})
    with pytest.raises(TypeError):
        spec.group_titles["部门"] = "x"  # type: ignore[index]
    assert pickle.loads(pickle.dumps(spec)) == spec


def test_notice_problems_have_paths_and_codes() -> None:
    with pytest.raises(InputError) as caught:
        _notice(
            title="",
            tallies=[Tally("甲", PERIOD, 2, 1), Tally(" 甲", PERIOD, 1, 1)],
            body=["{rat}"],
        )
    found = [(p.code, p.path, p.location.place) for p in caught.value.problems]
    assert found == [
        ("value.empty", ("title",), "title"),
        ("body.bad_placeholder", ("body", 0), "body[0]"),
        ("tally.duplicate", ("tallies", 1), "tallies[1]"),
    ]


def test_errors_pickle_with_their_codes() -> None:
    with pytest.raises(InputError) as caught:
        Period.parse("2018-13")
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.problems == caught.value.problems
    assert again.problems[0].code == "period.bad_month"


# --- locations, languages ---------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "row", "column"),
    [
        ("line 3, column 2", 3, 2),
        ("line 12, attachment.order", 12, None),
        ("row 7", 7, None),
        ("cell B7", 7, 2),
        ("Sheet2 cell AA10", 10, 27),
        ("attachment.order", None, None),
    ],
)
def test_rows_and_columns_are_read_from_the_place(
    place: str, row: int | None, column: int | None
) -> None:
    from tongbao.errors import located

    location = located("counts.csv", place)
    assert (location.row, location.column) == (row, column)
    assert str(location) == f"counts.csv, {place}"


def test_chinese_locations_and_messages() -> None:
    problem = Problem.of(
        "count.negative",
        Location("counts.csv", "line 3, column 2", 3, 2),
        unit="甲",
        field="submitted",
        value=-1,
    )
    assert str(problem) == "counts.csv, line 3, column 2: 甲: submitted is negative (-1)"
    assert problem.text("zh", located=True) == "counts.csv，第3行第2列: 甲：报送数为负数（-1）"
    sheet = Location("counts.xlsx", "Sheet1 cell B7", 7, 2)
    assert sheet.text("zh") == "counts.xlsx，Sheet1 B7单元格"
    assert Location("n.toml", "line 5, adressees").text("zh") == "n.toml，第5行, adressees"
    assert problem.as_dict("zh")["message"] == "甲：报送数为负数（-1）"
    assert problem.as_dict()["row"] == 3


def test_locations_and_problems_are_still_the_pairs_they_were() -> None:
    """Code written against ``(file, place)`` and ``(location, message)`` keeps working."""
    location = Location("counts.csv", "line 3", 3, None, ("tallies", 2))
    file, place = location
    assert (file, place) == ("counts.csv", "line 3")
    assert location == ("counts.csv", "line 3")
    problem = Problem.of("data.unit_empty", location)
    where, message = problem
    assert (where, message) == (("counts.csv", "line 3"), "the unit's name (单位) is empty")
    assert problem._replace(message="x").code == "data.unit_empty"
    assert location._replace(place="line 4").path == ("tallies", 2)
    with pytest.raises(AttributeError):
        location.row = 4  # type: ignore[misc]


def test_a_problem_from_outside_keeps_its_message() -> None:
    problem = Problem(Location("x.toml"), "something else")
    assert problem.code == "input"
    assert problem.text("zh") == "something else"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LC_MESSAGES": "zh_TW"}, "zh"),
        ({"TONGBAO_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"TONGBAO_LANG": "zh"}, "zh"),
        ({"TONGBAO_LANG": "fr", "LANG": "zh_CN"}, "zh"),
    ],
)
def test_the_locale_chooses_the_language(environ: dict[str, str], expected: str) -> None:
    assert locale_language(environ) == expected


# --- a whole notice from plain data -------------------------------------------------

FORM: dict[str, Any] = {
    "title": "关于信息报送情况的通报",
    "issuer": "办公室",
    "date": "2018-05-10",
    "period": "2018-03/2018-04",
    "tallies": [
        {"unit": "甲", "submitted": 2, "adopted": 1},
        {"unit": "乙", "group": "镇街", "submitted": 0, "adopted": 0},
    ],
    "attachment": {"title": "统计表", "order": "rate", "columns": ["rank", "unit", "rate"]},
}


def test_a_good_form_builds_the_notice_it_describes() -> None:
    notice = tongbao.notice_from(FORM)
    assert notice.period == PERIOD
    assert notice.tallies[1] == Tally(Unit("乙", group="镇街"), PERIOD, 0, 0)
    assert notice.attachment is not None
    assert notice.attachment.order == "rate"
    assert tongbao.validate(FORM) == ()


def test_validate_reports_every_problem_of_a_form_with_its_path() -> None:
    form = {
        **FORM,
        "date": "10 May",
        "tallies": [
            {"unit": "甲", "submitted": 2, "adopted": 3},
            {"unit": "", "submitted": 1, "adopted": 0},
            {"unit": "丙", "submitted": "x", "adopted": 0, "colour": "red"},
            {"unit": "丁", "submitted": 1},
        ],
        "attachment": {"title": "表", "order": "best"},
        "sender": "x",
    }
    found = [(p.path, p.code) for p in tongbao.validate(form)]
    assert found == [
        (("sender",), "build.unknown_key"),
        (("date",), "notice.not_a_date"),
        (("tallies", 0, "adopted"), "count.adopted_over_submitted"),
        (("tallies", 1, "name"), "value.empty"),
        (("tallies", 2, "colour"), "build.unknown_key"),
        (("tallies", 3, "adopted"), "build.missing_key"),
        (("attachment", "order"), "value.not_a_choice"),
    ]


def test_checks_across_parts_follow_once_the_parts_are_valid() -> None:
    form = {**FORM, "tallies": [{"unit": "甲", "adopted": 0}, {"unit": "甲", "adopted": 0}]}
    with pytest.raises(InputError) as caught:
        tongbao.notice_from(form)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        (("tallies", 1), "tally.duplicate"),
        (("attachment", "order"), "needs.figure_of_unit"),
        (("attachment", "columns", 2), "needs.figure_of_unit"),
    ]
    assert caught.value.problems[1].params["figure"] == "报送数"


# --- the command line -------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "env", "first"),
    [
        ([], {"LANG": "zh_CN.UTF-8"}, "error: "),  # English unless asked
        (["--lang", "zh"], {}, "错误: "),
        (["--lang", "auto"], {"LANG": "zh_CN.UTF-8"}, "错误: "),
        (["--lang", "auto"], {"LANG": "C.UTF-8"}, "error: "),
        ([], {"TONGBAO_LANG": "zh"}, "错误: "),
        (["--lang", "en"], {"TONGBAO_LANG": "zh"}, "error: "),
    ],
)
@pytest.mark.slow
def test_the_command_line_speaks_the_language_asked(
    words: list[str], env: dict[str, str], first: str
) -> None:
    import os
    import subprocess
    import sys

    bad = ROOT / "tests" / "bad" / "adopted-over-submitted.toml"
    clean = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    clean.pop("TONGBAO_LANG", None)
    result = subprocess.run(
        [sys.executable, "-m", "tongbao", "check", *words, str(bad)],
        capture_output=True,
        text=True,
        env={**clean, "PYTHONIOENCODING": "utf-8", **env},
    )
    assert result.returncode == 2
    assert result.stderr.startswith(first), result.stderr
    assert ("采纳数（30）大于报送数（7）" in result.stderr) == (first == "错误: ")


# --- files as bytes, limits, fonts: every problem has its code --------------------


def test_files_given_as_bytes_or_text_fail_with_codes() -> None:
    with pytest.raises(InputError) as caught:
        tongbao.read_counts(b"x", PERIOD, name="报表")  # bytes, and no kind=
    assert [p.code for p in caught.value.problems] == ["file.kind_needed"]
    assert caught.value.problems[0].location.file == "报表"
    with pytest.raises(InputError) as caught:
        tongbao.loads(b"title = 'x'")  # type: ignore[arg-type]
    assert [p.code for p in caught.value.problems] == ["toml.not_text"]
    text = (ROOT / "examples" / "chengzhong-2018-03-04" / "notice.toml").read_text("utf-8")
    with pytest.raises(InputError) as caught:
        tongbao.loads(text, files={}, name="通报.toml")
    (problem,) = caught.value.problems
    assert problem.code == "toml.data_file_not_given"
    assert problem.location.row is not None  # the line of data = "counts.csv"
    assert problem.text("zh").startswith("数据文件 'counts.csv' 不在随通报给出的文件中")


def test_limits_give_codes_and_paths() -> None:
    with pytest.raises(InputError) as caught:
        tongbao.Limits(units=0)
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == ("limit.not_positive", ("units",))
    csv = "单位,报送数,采纳数\n甲,1,0\n乙,2,1\n".encode()
    with pytest.raises(InputError) as caught:
        tongbao.read_counts(csv, PERIOD, kind="csv", limits=tongbao.Limits(units=1))
    (problem,) = caught.value.problems
    assert problem.code == "limit.units"
    assert problem.params == {"count": "2", "allowed": "1"}
    assert problem.text("zh") == "共 2 个单位；最多接受 1 个（Limits.units）"


def test_a_character_the_pdf_fonts_lack_has_a_code() -> None:
    notice = _notice(title="关于𠮷的通报")
    problems = tongbao.check_renderable(notice, "pdf")
    assert problems
    assert {p.code for p in problems} == {"render.missing_glyph"}
    title = next(p for p in problems if p.location.place == "title")
    assert title.params["role"] == "title"
    assert "U+20BB7" in title.params["chars"]
    assert title.text("zh").startswith("标题字体（")


def test_the_command_line_s_language_rule_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    from tongbao.errors import chosen_language

    assert chosen_language(None, {}) == "en"
    assert chosen_language(None, {"LANG": "zh_CN.UTF-8"}) == "en"  # English unless asked
    assert chosen_language("auto", {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert chosen_language(None, {"TONGBAO_LANG": "zh"}) == "zh"
    assert chosen_language("en", {"TONGBAO_LANG": "zh"}) == "en"
    assert chosen_language(None, {"TONGBAO_LANG": "auto", "LANG": "zh_CN"}) == "zh"
    for name in ("TONGBAO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert (locale_language(), chosen_language()) == ("en", "en")
    monkeypatch.setenv("TONGBAO_LANG", "zh")  # read from the process, through _settings
    assert (locale_language(), chosen_language()) == ("zh", "zh")
