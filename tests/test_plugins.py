"""Finding renderers: built-ins, entry points, and every way a plugin can be broken."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

import tongbao
from tongbao import OptionError, PluginError, PluginWarning, RenderError, Renderers
from tongbao.document import Document
from tongbao.hookspecs import hookimpl

from .conftest import EXAMPLE
from .plugin_helpers import install, renderer_module

BUILTIN = ["docx", "pdf", "text"]


@pytest.fixture(scope="module")
def notice() -> tongbao.Notice:
    return tongbao.load(EXAMPLE / "notice.toml")


class Fixed:
    """A renderer whose behaviour a test chooses."""

    def __init__(self, name: str, result: Any = b"ok", suffix: str = ".fx") -> None:
        self.name = name
        self.suffix = suffix
        self.media_type = "text/x-fixed"
        self.result = result

    def render(self, document: Document, options: Any) -> Any:
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def plugin(*renderers: Any, name: str = "fake") -> Any:
    class Plugin:
        __name__ = name

        @hookimpl
        def register_renderers(self, register: Any) -> None:
            for renderer in renderers:
                register(renderer)

    return Plugin()


def test_builtins_are_there_without_autoload() -> None:
    found = Renderers(autoload=False)
    assert list(found) == BUILTIN
    assert found["text"].provider.builtin
    assert str(found["text"].provider) == "built in"


def test_the_html_example_is_found_through_its_entry_point() -> None:
    found = Renderers()
    assert found["html"].provider.distribution == "tongbao-html"
    assert str(found["html"].provider).startswith("plugin 'html' (tongbao-html ")
    assert "html" not in Renderers(autoload=False)
    assert "html" in Renderers(autoload=False, plugins=["html"])


def test_environment_switch_disables_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAO_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert "html" not in Renderers()
    assert list(Renderers(plugins=["html"])) == sorted([*BUILTIN, "html"])


def test_asking_for_a_missing_plugin() -> None:
    with pytest.raises(PluginError, match="no plugin named nope; installed plugins: "):
        Renderers(autoload=False, plugins=["nope"])


def test_render_api_matches_the_renderer(notice: tongbao.Notice) -> None:
    text = tongbao.render(notice, "text")
    assert text == tongbao.render(tongbao.compose(notice), "text")
    assert text.startswith("关于2018年3-4月份".encode())
    assert [f.name for f in tongbao.formats(Renderers(autoload=False))] == BUILTIN


def test_unknown_format_lists_the_available(notice: tongbao.Notice) -> None:
    with pytest.raises(OptionError, match="unknown format 'docs'; available: docx, pdf, text"):
        tongbao.render(notice, "docs", renderers=Renderers(autoload=False))


def test_unknown_option_names_the_known(notice: tongbao.Notice) -> None:
    with pytest.raises(OptionError, match="unknown option colour for text; known: table_format"):
        tongbao.render(notice, "text", colour="red")


@pytest.mark.parametrize(
    ("result", "error", "message"),
    [
        (
            ZeroDivisionError("oops"),
            RenderError,
            "'bad' renderer (plugin 'fake' (?)) failed: ZeroDivisionError: oops",
        ),
        ("text, not bytes", RenderError, "returned str, not bytes"),
        (None, RenderError, "returned NoneType, not bytes"),
        (OptionError("no such paper size"), OptionError, "no such paper size"),
    ],
)
def test_a_failing_renderer_is_named(
    notice: tongbao.Notice, result: Any, error: type[Exception], message: str
) -> None:
    found = Renderers(autoload=False, extra=[plugin(Fixed("bad", result))])
    with pytest.raises(error) as info:
        found.render(notice, "bad")
    assert message in str(info.value)
    assert found.render(notice, "text")  # everything else keeps working


@pytest.mark.parametrize(
    ("renderer", "message"),
    [
        (Fixed("PDF"), "name 'PDF' is not lowercase"),
        (Fixed("x", suffix="pdf"), "suffix 'pdf' must start with a dot"),
        (object(), "name None"),
    ],
)
def test_invalid_renderers_are_skipped_with_a_warning(renderer: Any, message: str) -> None:
    with pytest.warns(PluginWarning, match=message):
        found = Renderers(autoload=False, extra=[plugin(renderer)])
    assert list(found) == BUILTIN
    with pytest.raises(PluginError, match=message):
        Renderers(autoload=False, extra=[plugin(renderer)], strict=True)


def test_a_clash_between_plugins_names_both(notice: tongbao.Notice) -> None:
    with pytest.warns(PluginWarning, match="format 'same' is registered by plugin 'one'"):
        found = Renderers(
            autoload=False,
            extra=[plugin(Fixed("same"), name="one"), plugin(Fixed("same"), name="two")],
        )
    assert "same" not in found
    with pytest.raises(PluginError, match="registered by plugin 'one' \\(\\?\\) and plugin 'two'"):
        found.render(notice, "same")


def test_a_builtin_name_cannot_be_taken(notice: tongbao.Notice) -> None:
    with pytest.warns(PluginWarning, match="registers format 'text', which is built in"):
        found = Renderers(autoload=False, extra=[plugin(Fixed("text", b"hijacked"))])
    assert found.render(notice, "text") != b"hijacked"


def test_a_misspelled_hook_is_an_error_not_silence() -> None:
    class Misspelled:
        __name__ = "typo"

        @hookimpl
        def register_renderer(self, register: Any) -> None:
            raise AssertionError("never called")

    with pytest.warns(PluginWarning, match="plugin 'typo' .* is not a valid tongbao plugin"):
        found = Renderers(autoload=False, extra=[Misspelled()])
    assert list(found) == BUILTIN


def test_a_register_hook_that_raises_is_contained() -> None:
    class Raising:
        __name__ = "raising"

        @hookimpl
        def register_renderers(self, register: Any) -> None:
            raise RuntimeError("cannot find my templates")

    with pytest.warns(PluginWarning, match="failed to register: RuntimeError: cannot find my"):
        assert list(Renderers(autoload=False, extra=[Raising()])) == BUILTIN


def test_entry_point_failures_name_the_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notice: tongbao.Notice
) -> None:
    install(
        tmp_path / "site",
        monkeypatch,
        "tongbao-broken",
        {"broken": "tongbao_broken_mod", "good": "tongbao_good_mod"},
        {
            "tongbao_broken_mod": "raise ImportError('needs libfoo')\n",
            "tongbao_good_mod": renderer_module("good"),
        },
        version="2.3",
    )
    with pytest.warns(PluginWarning) as caught:
        found = Renderers()
    messages = [str(w.message) for w in caught]
    assert any(
        "plugin 'broken' (tongbao-broken 2.3) failed to load (tongbao_broken_mod): "
        "ImportError: needs libfoo" in m
        for m in messages
    )
    assert found.render(notice, "good") == notice.title.encode()
    assert found["good"].provider.version == "2.3"
    monkeypatch.setenv("TONGBAO_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match="needs libfoo"):
        Renderers()


@pytest.mark.slow
def test_parallel_renders_give_the_same_bytes(notice: tongbao.Notice) -> None:
    serial = [tongbao.render(notice, "text"), tongbao.render(notice, "text")]
    results: list[bytes] = []

    def work() -> None:
        results.append(tongbao.render(notice, "text"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [serial[0]] * 4 == [serial[1]] * 4


FORGOTTEN = """
from tongbao.hookspecs import hookimpl

def register_renderers(register):  # @hookimpl forgotten
    raise AssertionError("never called")
"""

SILENT = """
from tongbao.hookspecs import hookimpl

@hookimpl
def register_renderers(register):
    pass
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "message"),
    [
        (FORGOTTEN, "implements no tongbao hook: is @hookimpl missing"),
        (SILENT, "registers no format: register_renderers never called register()"),
    ],
    ids=["no-hookimpl", "no-register"],
)
def test_a_plugin_that_adds_nothing_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, message: str
) -> None:
    name = f"tongbao_empty_{len(message)}"  # a module name per case: imports are cached
    install(
        tmp_path / "site",
        monkeypatch,
        "tongbao-empty",
        {"empty": name},
        {name: module},
        version="0.1",
    )
    with pytest.warns(PluginWarning) as caught:
        found = Renderers()
    assert any(f"plugin 'empty' (tongbao-empty 0.1) {message}" in str(w.message) for w in caught)
    assert "empty" not in found
    monkeypatch.setenv("TONGBAO_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match=r"tongbao-empty 0\.1"):
        Renderers()


@pytest.mark.slow
def test_traceback_of_a_failing_plugin_on_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tongbao.cli import main

    body = "raise KeyError('deep inside')"
    install(
        tmp_path / "site",
        monkeypatch,
        "tongbao-bad",
        {"bad": "tongbao_bad_mod"},
        {"tongbao_bad_mod": renderer_module("bad", body)},
    )
    args = ["render", str(EXAMPLE / "notice.toml"), "-f", "bad"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "KeyError: 'deep inside'" in err
    assert "Traceback" not in err
    assert "run with --traceback, or TONGBAO_DEBUG=1" in err
    assert main([*args, "--traceback"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert 'tongbao_bad_mod.py", line' in err
    monkeypatch.setenv("TONGBAO_DEBUG", "1")
    assert main(args) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_an_option_error_names_the_format(notice: tongbao.Notice) -> None:
    class Picky(Fixed):
        def render(self, document: Document, options: Any) -> Any:
            raise OptionError("colour must be red or blue")

    found = Renderers(autoload=False, extra=[plugin(Picky("picky"))])
    with pytest.raises(OptionError, match=r"^picky: colour must be red or blue$"):
        found.render(notice, "picky")
