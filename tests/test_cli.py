"""The command line: output, exit status, and no traceback for bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import wcwidth

from tongbao.cli import main

from .conftest import EXAMPLE, ROOT

NOTICE = str(EXAMPLE / "notice.toml")
CSV = str(EXAMPLE / "counts.csv")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_check_ok(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["check", NOTICE], capsys)
    assert status == 0
    assert "2018年3-4月, 27 units, 报送 578, 采纳 250, 采纳率 43.3%" in out
    assert err == ""


def test_rank_prints_an_aligned_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["rank", NOTICE], capsys)
    assert status == 0
    lines = out.rstrip("\n").split("\n")
    assert lines[0].split() == ["排名", "单位", "报送数", "采纳数", "采纳率"]
    assert lines[2].split() == ["1", "区政府办公室", "14", "14", "100%"]
    assert lines[-1].split() == ["合计", "578", "250", "43%"]
    # Every line has the same display width: Chinese columns line up.
    assert (
        len(
            {wcwidth.wcswidth(line.rstrip()) for line in lines[2:-1]} | {wcwidth.wcswidth(lines[1])}
        )
        == 1
    )


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["--by", "adopted"], ["1", "市政公用服务中心", "41", "21", "51%"]),
        (["--by", "submitted", "--ties", "dense"], ["1", "人民街办事处", "52", "19", "37%"]),
        (["--min-submitted", "10"], ["1", "区政府办公室", "14", "14", "100%"]),
        (["--places", "1"], ["1", "区政府办公室", "14", "14", "100.0%"]),
    ],
)
def test_rank_options(
    args: list[str], first: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(["rank", CSV, "--period", "2018-03/2018-04", *args], capsys)
    assert status == 0
    assert out.split("\n")[2].split() == first


def test_rank_by_group(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["rank", NOTICE, "--group"], capsys)
    assert status == 0
    lines = [line.split() for line in out.split("\n")]
    assert ["镇街"] in lines
    assert ["部门"] in lines
    assert ["小计", "271", "109", "40%"] in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "required: COMMAND"),
        (["rank"], "required: source"),
        (["rank", CSV, "--by", "points"], "invalid choice: 'points'"),
        (["rank", CSV, "--period", "2018-03/2018-04", "--by", "score"], "no score"),
        (["rank", CSV, "--period", "2018-13"], "--period: month 13"),
        (["rank", CSV, "--period", "2018-03/2018-04", "--min-submitted", "-1"], "0 or more"),
        (["rank", NOTICE, "--period", "2018-03"], "for data files"),
        (["check", "/nonexistent.toml"], "cannot read the notice file"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(args, capsys)
    assert status == 2
    assert message in err
    assert "Traceback" not in err


def test_a_bug_exits_1(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import tongbao.cli

    def broken(path: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(tongbao.cli, "read_notice", broken)
    status, _, err = run(["check", NOTICE], capsys)
    assert status == 1
    assert "internal error" in err


@pytest.mark.slow
def test_python_dash_m_and_real_exit_status(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "tongbao", "check", NOTICE], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("title = 1\n", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "tongbao", "check", str(bad)], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "line 1, title" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.slow
def test_render_to_a_file_and_to_stdout(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    out = tmp_path / "notice.txt"
    assert main(["render", NOTICE, "-o", str(out)]) == 0  # format from the suffix
    assert main(["render", NOTICE, "-f", "text"]) == 0
    assert capsysbinary.readouterr().out == out.read_bytes()
    assert main(["render", NOTICE, "-f", "text", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out == out.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "notice.odt"], "no format writes '.odt'; choose one with -f"),
        ([], "give the format with -f FORMAT"),
        (["-f", "text", "--option", "colour=red"], "unknown option colour for text"),
        (["-f", "text", "--option", "colour"], "expected KEY=VALUE"),
        (["-f", "text", "-p", "nope"], "no plugin named nope"),
        (["-f", "text", "-o", "missing/notice.txt"], "cannot write missing/notice.txt"),
    ],
)
def test_render_errors_write_nothing(
    args: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notice.docx").write_bytes(b"previous")
    status = main(["render", NOTICE, *args])
    _, err = capsys.readouterr()
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.docx"]
    assert (tmp_path / "notice.docx").read_bytes() == b"previous"


def test_a_failing_plugin_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from .plugin_helpers import install, renderer_module

    install(
        tmp_path / "site",
        monkeypatch,
        "tongbao-crash",
        {"crash": "tongbao_crash_mod"},
        {"tongbao_crash_mod": renderer_module("crash", "raise MemoryError('half way')", ".cr")},
    )
    out = tmp_path / "notice.cr"
    out.write_bytes(b"previous")
    assert (
        main(["render", NOTICE, "-o", str(out)]) == 1
    )  # a renderer failing inside is a bug, not bad input (#19)
    err = capsys.readouterr().err
    assert "the 'crash' renderer (plugin 'crash' (tongbao-crash 1.0)) failed: MemoryError" in err
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.cr", "site"]


def test_formats_lists_providers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats", "--no-plugins"]) == 0
    out = capsys.readouterr().out.split("\n")
    assert out[0].split() == ["format", "suffix", "media", "type", "from"]
    rows = [line.split() for line in out[2 : out.index("")]]
    assert [(r[0], r[1], " ".join(r[-2:])) for r in rows] == [
        ("docx", ".docx", "built in"),
        ("pdf", ".pdf", "built in"),
        ("text", ".txt", "built in"),
    ]


def test_formats_lists_declared_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats", "--no-plugins"]) == 0
    out = capsys.readouterr().out
    assert "text options (--option KEY=VALUE, or [options.text] in a notice):" in out
    assert "  line_pitch = 28.95  (float from 12 to 72): body line pitch" in out
    assert "  page_numbers = true  (true or false)" in out
    assert main(["formats", "--no-plugins", "--json"]) == 0
    records = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    pitch = next(o for o in records["pdf"]["options"] if o["name"] == "line_pitch")
    assert (pitch["default"], pitch["minimum"], pitch["maximum"]) == (28.95, 12.0, 72.0)
    assert {o["name"] for o in records["text"]["options"]} == {"table_format"}


def test_render_help_points_to_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["render", "--help"])
    assert "'tongbao formats'" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("table", "place", "message"),
    [
        ("[options.pdf]\nline_pitch = 500", "options.pdf", "pdf option line_pitch is 500.0"),
        ("[options.html]\nno_such = 1", "options.html.no_such", "unknown option no_such for html"),
        ("[options.html]\nstylesheet = 'maybe'", "options.html.stylesheet", "html: option"),
        ("[options.nosuch]\nx = 1", "options.nosuch", "no format named 'nosuch'"),
    ],
)
def test_check_holds_options_to_their_declarations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, place: str, message: str
) -> None:
    notice = tmp_path / "notice.toml"
    text = (EXAMPLE / "notice.toml").read_text(encoding="utf-8")
    notice.write_text(text + "\n" + table + "\n", encoding="utf-8")
    (tmp_path / "counts.csv").write_bytes((EXAMPLE / "counts.csv").read_bytes())
    assert main(["check", str(notice)]) == 2
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(notice))}, line \d+, {re.escape(place)}: ", err)
    assert message in err


def test_fonts_lists_every_role(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["fonts"]) == 0
    rows = [line.split()[0] for line in capsys.readouterr().out.split("\n")[2:] if line]
    assert rows == ["title", "body", "heading", "kai", "page_number"]
    otf = tmp_path / "x.otf"
    otf.write_bytes(b"OTTO0000")
    assert main(["fonts", "--option", f"body_font_file={otf}"]) == 2
    assert "PostScript (CFF) outlines" in capsys.readouterr().err
    assert main(["fonts", "--option", "colour=red"]) == 2
    assert "expected one of title_font_file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "status", "expected"),
    [
        (["--by", "score"], 0, "合计"),
        (["--by", "adopted"], 0, "合计"),
        ([], 2, "--by rate needs the items submitted (报送数)"),
        (["--min-submitted", "1", "--by", "score"], 2, "--min-submitted needs the items submitted"),
    ],
)
def test_rank_data_without_submitted(
    args: list[str], status: int, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = str(ROOT / "examples" / "adoptions-by-level" / "notice.toml")
    code, out, err = run(["rank", notice, *args], capsys)
    assert code == status
    assert expected in (out if status == 0 else err)


def test_check_verbose_names_each_heading(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["check", "-v", str(ROOT / "examples" / "office-headers" / "notice.toml")], capsys
    )
    assert code == 0
    assert "本季度报送 → 报送数 (submitted)" in out


def test_a_renderer_failing_inside_is_a_bug_not_bad_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tongbao.renderers.text

    def broken(*_args: object, **_kwargs: object) -> str:
        raise ZeroDivisionError("inside the renderer")

    monkeypatch.setattr(tongbao.renderers.text, "format_table", broken)
    code, _, err = run(["render", NOTICE, "-f", "text"], capsys)
    assert code == 1
    assert "ZeroDivisionError: inside the renderer" in err
    assert "internal error" in err


SEED_TEXT = str(Path(__file__).resolve().parent / "data" / "seed-scraped.txt")


def test_import_writes_a_notice_that_checks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(["import", SEED_TEXT, "-o", str(tmp_path)], capsys)
    assert status == 0
    assert "2018年3-4月, 27 units, 报送 578, 采纳 250, 采纳率 43.3%" in out
    assert 'note: 附件第17行 区建设局 采纳率 "?" 无法识别' in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counts.csv", "notice.toml"]
    status, out, _ = run(["check", str(tmp_path / "notice.toml")], capsys)
    assert status == 0
    assert "27 units, 报送 578, 采纳 250, 采纳率 43.3%" in out


def test_import_makes_the_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, _ = run(["import", SEED_TEXT, "-o", str(tmp_path / "new" / "folder")], capsys)
    assert status == 0
    assert (tmp_path / "new" / "folder" / "notice.toml").is_file()


def test_import_into_a_file_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    status, _, err = run(["import", SEED_TEXT, "-o", str(tmp_path / "file")], capsys)
    assert status == 2
    assert "cannot make the output folder" in err


def test_audit_exit_status_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["audit", SEED_TEXT], capsys)
    assert status == 3
    assert out.splitlines()[1] == '附件第17行 区建设局 采纳率 "?" 无法识别'
    assert out.splitlines()[-1].endswith(": 2 findings")


def test_audit_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    status, out, _ = run(["audit", "--json", SEED_TEXT], capsys)
    assert status == 3
    findings = json.loads(out)
    assert [f["kind"] for f in findings] == ["attachment_title", "unreadable"]
    assert findings[1]["place"] == "附件第17行 区建设局 采纳率"


@pytest.mark.slow
def test_audit_of_an_agreeing_notice(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, _ = run(["render", NOTICE, "-o", str(tmp_path / "n.docx")], capsys)
    assert status == 0
    status, out, _ = run(["audit", str(tmp_path / "n.docx")], capsys)
    assert status == 0
    assert out.strip().endswith("every figure agrees")


@pytest.mark.parametrize("command", ["import", "audit"])
def test_unreadable_input_is_exit_2(
    command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run([command, str(EXAMPLE / "monthly.xlsx")], capsys)
    assert status == 2
    assert "Excel workbook" in err
    assert "Traceback" not in err


# --- issue 14: inputs are never overwritten, special files, encodings, formats --------


def _copy_example(tmp_path: Path) -> Path:
    for name in ("notice.toml", "counts.csv"):
        (tmp_path / name).write_bytes((EXAMPLE / name).read_bytes())
    return tmp_path / "notice.toml"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("output", "fmt"),
    [("notice.toml", "text"), ("counts.csv", "docx"), ("link-to-data.txt", "text")],
)
def test_render_refuses_to_overwrite_what_the_notice_reads(
    output: str, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = _copy_example(tmp_path)
    (tmp_path / "link-to-data.txt").symlink_to(tmp_path / "counts.csv")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    status, _out, err = run(
        ["render", str(notice), "-f", fmt, "-o", str(tmp_path / output)], capsys
    )
    assert status == 2
    assert "which this notice reads; refusing to write over an input" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_render_refuses_to_overwrite_a_font_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = _copy_example(tmp_path)
    font = tmp_path / "font.ttf"
    font.write_bytes(b"not really a font")
    args = ["render", str(notice), "-f", "text", "-o", str(font)]
    status, _, err = run([*args, "--option", f"body_font_file={font}"], capsys)
    assert status == 2
    assert "refusing to write over an input" in err
    assert font.read_bytes() == b"not really a font"


def test_render_writes_through_dev_null(capsys: pytest.CaptureFixture[str]) -> None:
    before = Path("/dev/null").lstat()
    status, _, err = run(["render", NOTICE, "-f", "text", "-o", "/dev/null"], capsys)
    assert (status, err) == (0, "")
    after = Path("/dev/null").lstat()
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_check_refuses_special_notice_files(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    path = {"device": Path("/dev/zero"), "fifo": tmp_path / "fifo", "folder": tmp_path}[kind]
    if kind == "fifo":
        os.mkfifo(path)  # nobody writes to it: reading it would hang
    status, _out, err = run(["check", str(path)], capsys)
    assert status == 2
    assert "not a regular file" in err
    assert "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize(("command", "escaped"), [("check", "年"), ("rank", "合计")])
def test_a_terminal_that_cannot_encode_chinese(command: str, escaped: str) -> None:
    env = {"PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "tongbao", command, NOTICE], capture_output=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert escaped.encode("ascii", "backslashreplace") in result.stdout


@pytest.mark.parametrize("fmt", ["unsafehtml", "mediawiki", "latex_raw", "tsv", "nonsense"])
def test_rank_refuses_formats_that_pass_names_through(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["rank", CSV, "--period", "2018-03/2018-04", "--format", fmt], capsys)
    assert status == 2
    assert out == ""
    assert "--format: invalid choice" in err


def test_rank_html_escapes_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "c.csv"
    data.write_text("单位,报送数,采纳数\n<b>甲</b>,3,1\n", encoding="utf-8")
    status, out, _ = run(["rank", str(data), "--period", "2018-03", "--format", "html"], capsys)
    assert status == 0
    assert "&lt;b&gt;甲&lt;/b&gt;" in out
    assert "<b>甲" not in out


def test_root_confines_the_data_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("单位,报送数,采纳数\n机密单位,9,9\n", encoding="utf-8")
    inside = tmp_path / "inside"
    inside.mkdir()
    text = (EXAMPLE / "notice.toml").read_text(encoding="utf-8")
    (inside / "notice.toml").write_text(
        text.replace('data = "counts.csv"', 'data = "../outside/secret.csv"'), encoding="utf-8"
    )
    status, _, err = run(["check", str(inside / "notice.toml"), "--root", str(inside)], capsys)
    assert status == 2
    assert "outside the allowed folder" in err
    assert "机密单位" not in err


def test_a_plugin_calling_sys_exit_is_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from .plugin_helpers import install, renderer_module

    install(
        tmp_path / "site",
        monkeypatch,
        "tongbao-quit",
        {"quit": "tongbao_quit_mod"},
        {"tongbao_quit_mod": renderer_module("quit", "import sys; sys.exit(0)", ".qt")},
    )
    out = tmp_path / "notice.qt"
    assert main(["render", NOTICE, "-o", str(out)]) == 1  # a plugin's fault: never success
    assert "the 'quit' renderer (plugin 'quit' (tongbao-quit 1.0)) failed: SystemExit" in (
        capsys.readouterr().err
    )
    assert not out.exists()


@pytest.mark.slow
def test_a_plugin_cannot_take_a_built_in_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from .plugin_helpers import install, renderer_module

    install(
        tmp_path / "site",
        monkeypatch,
        "tongbao-fakepdf",
        {"fakepdf": "tongbao_fakepdf_mod"},
        {"tongbao_fakepdf_mod": renderer_module("fakepdf", "return b'fake'", ".pdf")},
    )
    out = tmp_path / "notice.pdf"
    assert main(["render", NOTICE, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_render_to_dev_stdout_writes_to_the_pipe() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tongbao", "render", NOTICE, "-f", "text", "-o", "/dev/stdout"],
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("关于2018年3-4月份政府门户网站信息报送情况的通报")
    assert Path("/dev/stdout").is_symlink()


def test_an_output_name_too_long_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / ("长" * 100 + ".txt")  # 304 bytes: over the 255-byte limit
    status, _, err = run(["render", NOTICE, "-o", str(out)], capsys)
    assert status == 2
    assert "File name too long" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
