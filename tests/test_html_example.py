"""The third-party example plugin, installed from examples/tongbao-html by .ci/run."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import tongbao
from tongbao import Notice, Period, Renderers, Tally
from tongbao.cli import main

from .conftest import EXAMPLE

PERIOD = Period.parse("2018-03/2018-04")


def test_listed_by_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"name": "html"' in out
    assert '"distribution": "tongbao-html"' in out
    assert main(["formats", "--no-plugins"]) == 0
    listed = capsys.readouterr().out.splitlines()  # (text's table_format may be html)
    assert not any(line.split()[:1] == ["html"] for line in listed)


def test_rendered_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "notice.html"
    assert main(["render", str(EXAMPLE / "notice.toml"), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<caption>3-4月网站信息报送情况统计表</caption>" in page
    assert '<th scope="col">采纳率</th>' in page
    assert '<td class="right">47%</td>' in page
    assert "@media print" in page
    assert main(["render", str(EXAMPLE / "notice.toml"), "--no-plugins", "-f", "html"]) == 2
    assert "unknown format 'html'; available: docx, pdf, text" in capsys.readouterr().err


def test_every_text_is_escaped() -> None:
    notice = Notice(
        title="<script>alert(1)</script>",
        issuer="A&B",
        date=datetime.date(2018, 5, 10),
        period=PERIOD,
        tallies=[Tally("<script>", PERIOD, 2, 1), Tally('"quoted" & <b>', PERIOD, 1, 1)],
        attachment=tongbao.AttachmentSpec(title="<i>表</i>"),
    )
    page = tongbao.render(notice, "html", renderers=Renderers(plugins=["html"])).decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<td class="left">&lt;script&gt;</td>' in page
    assert "&quot;quoted&quot; &amp; &lt;b&gt;" in page
    assert "<caption>&lt;i&gt;表&lt;/i&gt;</caption>" in page


def test_its_options(tmp_path: Path) -> None:
    notice = tongbao.load(EXAMPLE / "notice.toml")
    bare = tongbao.render(notice, "html", stylesheet="no", lang="zh-Hans")
    assert b"<style>" not in bare
    assert b'<html lang="zh-Hans">' in bare


@pytest.mark.slow
def test_check_renderer_passes() -> None:
    import re
    from html import unescape

    from tongbao_html import HtmlRenderer

    from tongbao.testing import check_renderer

    check_renderer(
        HtmlRenderer(), text_of=lambda data: unescape(re.sub(r"<[^>]+>", "", data.decode()))
    )


def test_its_options_are_declared_and_checked() -> None:
    from tongbao_html import HtmlRenderer

    with pytest.raises(tongbao.OptionError, match="html option lang='en'"):
        tongbao.render(tongbao.load(EXAMPLE / "notice.toml"), "html", lang="en")
    assert [o.name for o in HtmlRenderer.options] == ["stylesheet", "lang"]
