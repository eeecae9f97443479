"""The environment variables: read in one place, each malformed one named with its form."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys

import pytest

import tongbao
from tongbao._settings import VARIABLES, metadata_time, read_environment
from tongbao.testing import sample_document

from .conftest import ROOT


def test_defaults_from_an_empty_environment() -> None:
    env = read_environment({})
    assert env.source_date is None
    assert not env.disable_autoload
    assert not env.strict_plugins
    assert env.import_timeout == 10.0
    assert not env.debug


def test_values_are_read() -> None:
    env = read_environment(
        {
            "SOURCE_DATE_EPOCH": " 1600000000 ",
            "TONGBAO_DISABLE_PLUGIN_AUTOLOAD": "Yes",
            "TONGBAO_STRICT_PLUGINS": "1",
            "TONGBAO_PLUGIN_IMPORT_TIMEOUT": "2.5",
            "TONGBAO_DEBUG": "on",
        }
    )
    assert env.source_date == datetime.datetime(2020, 9, 13, 12, 26, 40, tzinfo=datetime.UTC)
    assert env.disable_autoload
    assert env.strict_plugins
    assert env.import_timeout == 2.5
    assert env.debug


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SOURCE_DATE_EPOCH", "soon"),
        ("SOURCE_DATE_EPOCH", "1.5"),
        ("SOURCE_DATE_EPOCH", "9" * 30),
        ("TONGBAO_DISABLE_PLUGIN_AUTOLOAD", "maybe"),
        ("TONGBAO_STRICT_PLUGINS", "2"),
        ("TONGBAO_PLUGIN_IMPORT_TIMEOUT", "ten"),
        ("TONGBAO_PLUGIN_IMPORT_TIMEOUT", "-1"),
        ("TONGBAO_PLUGIN_IMPORT_TIMEOUT", "inf"),
        ("TONGBAO_DEBUG", "please"),
    ],
)
def test_a_malformed_variable_is_named_with_its_form(name: str, value: str) -> None:
    with pytest.raises(tongbao.OptionError) as caught:
        read_environment({name: value})
    message = str(caught.value)
    assert message.startswith(f"{name}={value!r} is not valid: expected ")
    assert VARIABLES[name] in message


def test_every_malformed_variable_is_reported_at_once() -> None:
    with pytest.raises(tongbao.OptionError) as caught:
        read_environment({"SOURCE_DATE_EPOCH": "x", "TONGBAO_STRICT_PLUGINS": "y"})
    assert "SOURCE_DATE_EPOCH" in str(caught.value)
    assert "TONGBAO_STRICT_PLUGINS" in str(caught.value)


def test_ignored_variables_are_not_read() -> None:
    env = read_environment({"SOURCE_DATE_EPOCH": "soon"}, ignore=frozenset({"SOURCE_DATE_EPOCH"}))
    assert env.source_date is None


def test_a_bad_variable_fails_making_the_renderers_once_not_each_render(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notice = tongbao.load(ROOT / "examples" / "chengzhong-2018-03-04" / "notice.toml")
    kept = tongbao.Renderers(autoload=False)  # made while the environment was sound
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(tongbao.OptionError, match=r"SOURCE_DATE_EPOCH='soon' .*whole number"):
        tongbao.Renderers(autoload=False)
    # A registry made earlier, or told its date, renders whatever the variable says now.
    assert kept.render(notice, "docx")
    fixed = tongbao.Renderers(autoload=False, source_date=datetime.date(2018, 5, 10))
    assert fixed.render(notice, "docx") == kept.render(notice, "docx")


def test_the_command_line_s_own_variable_does_not_stop_a_render() -> None:
    registry = tongbao.Renderers(autoload=False, environ={"TONGBAO_DEBUG": "please"})
    assert registry.render(sample_document(), "text")


@pytest.mark.slow
def test_the_command_line_names_the_bad_variable() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tongbao", "formats"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "TONGBAO_STRICT_PLUGINS": "sometimes"},
    )
    assert result.returncode == 2
    assert "TONGBAO_STRICT_PLUGINS='sometimes' is not valid: expected 1, true" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("value", ["fr", "chinese", "zh_CN"])
def test_the_command_line_names_a_bad_language(value: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tongbao", "formats"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "TONGBAO_LANG": value},
    )
    assert result.returncode == 2
    assert f"TONGBAO_LANG={value!r} is not valid: expected en, zh or auto" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["", "en", "ZH", " auto "])
def test_a_language_tongbao_knows_is_read(value: str) -> None:
    assert read_environment({"TONGBAO_LANG": value}) == read_environment({})


def test_metadata_time_outside_a_render(monkeypatch: pytest.MonkeyPatch) -> None:
    document = sample_document()
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert metadata_time(document) == datetime.datetime(2018, 5, 10, tzinfo=datetime.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert metadata_time(document) == datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def test_only_the_settings_module_reads_the_environment() -> None:
    """tongbao's variables are read in _settings.py; other reads are named here, with why."""
    allowed = {
        "_settings.py": "the one place",
        "renderers/_fonts.py": "WINDIR: where Windows keeps its fonts, not a tongbao setting",
        "testing.py": "the child process check_renderer starts, and its clean environment",
        "_resolve.py": "data.url_env: the variable a notice names for its database's URL",
    }
    source = ROOT / "src" / "tongbao"
    readers = {
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if re.search(r"os\.environ|getenv|environ\.get", path.read_text("utf-8"))
    }
    assert readers == set(allowed)
