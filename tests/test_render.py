"""Rendering through a kept Renderers: its settings, the default registry, pickling."""

from __future__ import annotations

import datetime
import io
import pickle
import zipfile
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pypdf
import pytest

import tongbao
from tongbao import InputError, Limits, OptionError, Renderers
from tongbao._render import default_renderers
from tongbao.document import Document
from tongbao.renderers import _chartpng
from tongbao.renderers._chartpng import FONT_FILES
from tongbao.renderers._fonts import find_font
from tongbao.testing import _full_notice, sample_document, sample_notice

from .conftest import EXAMPLE

CID = {"find_fonts": False}
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(scope="module")
def notice() -> tongbao.Notice:
    return tongbao.load(EXAMPLE / "notice.toml")


def created(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml").decode()
    start = core.index("<dcterms:created")
    return core[core.index(">", start) + 1 : core.index("</dcterms:created>")]


def test_the_default_registry_is_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    first = default_renderers()
    assert default_renderers() is first
    made: list[object] = []
    real = tongbao._render.Renderers  # type: ignore[attr-defined]

    def counting(**kwargs: Any) -> Renderers:
        made.append(kwargs)
        return real(**kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(tongbao._render, "Renderers", counting)  # type: ignore[attr-defined]
    document = sample_document()
    for _ in range(3):
        tongbao.render(document, "text")
        tongbao.formats()
    assert made == []
    monkeypatch.setenv("TONGBAO_DISABLE_PLUGIN_AUTOLOAD", "1")  # a setting changed: made anew
    assert [f.name for f in tongbao.formats()] == ["docx", "pdf", "text"]
    assert len(made) == 1


def test_default_options_under_the_notice_s_and_the_call_s(notice: tongbao.Notice) -> None:
    ruled = Renderers(autoload=False, options={"pdf": {"page_numbers": "no"}})
    assert ruled.options["pdf"]["page_numbers"] == "no"
    plain = Renderers(autoload=False)
    without = plain.render(notice, "pdf", page_numbers="no", **CID)
    assert ruled.render(notice, "pdf", **CID) == without
    assert ruled.render(notice, "pdf", page_numbers="yes", **CID) == plain.render(
        notice, "pdf", **CID
    )
    with pytest.raises(TypeError):
        ruled.options["pdf"]["page_numbers"] = "yes"  # type: ignore[index]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"pdf": {"no_such_option": 1}}, "options.pdf.no_such_option"),
        ({"nope": {}}, "no format named 'nope'"),
    ],
)
def test_default_options_are_checked_when_made(options: Any, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        Renderers(autoload=False, options=options)


def test_fonts_are_the_pdf_s_font_files(tmp_path: Any) -> None:
    with pytest.raises(OptionError, match="no font role 'bold'"):
        Renderers(autoload=False, fonts={"bold": "x.ttf"})
    font = tmp_path / "body.ttf"
    registry = Renderers(autoload=False, fonts={"body": font})
    assert registry.options["pdf"]["body_font_file"] == str(font)
    with pytest.raises(tongbao.TongbaoError, match=r"body font file .* does not exist"):
        registry.render(sample_document(), "pdf")


@pytest.mark.parametrize(
    ("given", "stamp"),
    [
        (datetime.date(2019, 1, 2), "2019-01-02T00:00:00Z"),
        (datetime.datetime(2019, 1, 2, 3, 4, 5), "2019-01-02T03:04:05Z"),
        (
            datetime.datetime(2019, 1, 2, 11, 4, 5, tzinfo=BEIJING),
            "2019-01-02T03:04:05Z",
        ),
        (1600000000, "2020-09-13T12:26:40Z"),
    ],
)
def test_the_date_source(
    given: Any, stamp: str, notice: tongbao.Notice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # a given date wins over the variable
    data = Renderers(autoload=False, source_date=given).render(notice, "docx")
    assert created(data) == stamp


def test_the_environment_read_once_or_not_at_all(
    notice: tongbao.Notice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    from_env = Renderers(autoload=False)
    isolated = Renderers(autoload=False, environ={})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    assert created(from_env.render(notice, "docx")) == "2020-09-13T12:26:40Z"
    assert created(isolated.render(notice, "docx")) == "2018-05-10T00:00:00Z"
    pdf = pypdf.PdfReader(io.BytesIO(from_env.render(notice, "pdf", **CID)))
    assert pdf.metadata is not None
    assert pdf.metadata["/CreationDate"].startswith("D:20200913122640")


def test_a_bad_source_date_is_refused() -> None:
    with pytest.raises(OptionError, match="source_date"):
        Renderers(autoload=False, source_date="yesterday")  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="source_date=10000000000000000"):
        Renderers(autoload=False, source_date=10**16)


@pytest.mark.slow
def test_concurrent_renders_keep_their_own_dates(notice: tongbao.Notice) -> None:
    registries = [
        Renderers(autoload=False, source_date=datetime.date(2019, 1, day)) for day in (1, 2)
    ]
    jobs = [registries[i % 2] for i in range(16)]
    with ThreadPoolExecutor(8) as pool:
        stamps = list(pool.map(lambda r: created(r.render(notice, "docx")), jobs))
    assert stamps == [f"2019-01-0{1 + i % 2}T00:00:00Z" for i in range(16)]


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Document]]:
    """Each (format, document) tongbao.render hands a renderer, in order, while the test runs."""
    seen: list[tuple[str, Document]] = []
    real = tongbao._render._call  # type: ignore[attr-defined]

    def spy(entry: Any, document: Document, options: Any, registry: Any) -> bytes:
        seen.append((entry.name, document))
        return real(entry, document, options, registry)  # type: ignore[no-any-return]

    monkeypatch.setattr(tongbao._render, "_call", spy)  # type: ignore[attr-defined]
    return seen


@pytest.mark.slow
def test_warm_up_renders_each_built_in_format(rendered: list[tuple[str, Document]]) -> None:
    seen = rendered
    Renderers(autoload=False, options={"pdf": CID}).warm_up()
    assert [name for name, _ in seen] == ["docx", "pdf", "text"]
    # the full sample: charts too, where a Chinese TrueType font can draw the DOCX's
    has_font = find_font(FONT_FILES) is not None
    assert (seen[0][1].attachments[0].chart is not None) is has_font
    assert seen[1][1].attachments[0].chart is not None  # the PDF draws it with any font
    seen.clear()
    Renderers(autoload=False).warm_up(["text"])
    assert [name for name, _ in seen] == ["text"]


def test_warm_up_without_a_chinese_font_leaves_the_docx_chart_out(
    monkeypatch: pytest.MonkeyPatch, rendered: list[tuple[str, Document]]
) -> None:
    """A machine with no CJK TrueType font renders notices without charts: it warms up."""
    seen = rendered
    monkeypatch.setattr(_chartpng, "find_font", lambda *names: None)
    Renderers(autoload=False, options={"pdf": CID}).warm_up(["docx", "pdf"])
    assert [(name, d.attachments[0].chart is None) for name, d in seen] == [
        ("docx", True),
        ("pdf", False),
    ]


def test_limits_are_applied_by_render(notice: tongbao.Notice) -> None:
    units = len(notice.tallies)
    tight = Renderers(autoload=False, limits=Limits(units=units - 1))
    with pytest.raises(InputError, match=f"{units:,} units; at most {units - 1:,}"):
        tight.render(notice, "text")
    with pytest.raises(InputError, match=r"attachments: .* unit rows"):
        tight.render(tongbao.compose(notice), "text")
    assert Renderers(autoload=False, limits=Limits(units=units)).render(notice, "text")
    short = Renderers(autoload=False, limits=Limits(text_length=10))
    with pytest.raises(InputError) as caught:
        short.render(notice, "text")
    assert caught.value.problems[0].location.place == "title"


@pytest.mark.parametrize("value", [sample_notice(), _full_notice()], ids=["small", "full"])
def test_notices_and_documents_pickle(value: tongbao.Notice) -> None:
    """The process-pool pattern sends notices to workers and documents back."""
    for thing in (value, tongbao.compose(value)):
        again = pickle.loads(pickle.dumps(thing))
        assert again == thing
        assert type(again) is type(thing)
    assert tongbao.render(pickle.loads(pickle.dumps(value)), "text") == tongbao.render(
        value, "text"
    )


def test_a_loaded_notice_pickles(notice: tongbao.Notice) -> None:
    assert pickle.loads(pickle.dumps(notice)) == notice
    assert pickle.loads(pickle.dumps(Limits())) == Limits()
