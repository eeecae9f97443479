"""tongbao in a web service: a form and an uploaded workbook in, a DOCX or PDF notice out.

The patterns of docs/embedding.md, each in its place:

- one :class:`tongbao.Renderers` made at start-up (built-in formats only, no plugin
  found by accident), warmed up so the first request does not pay for imports and fonts;
- the upload handed to tongbao as bytes, with its kind chosen here and the name the
  user gave it, so no temporary path can reach an error message;
- :class:`tongbao.Limits` on every read and render: web-safe sizes, units, text lengths;
- bad input answered as 422 with every problem, where it is and its code, never a
  traceback;
- renders, which are CPU-bound, run off the event loop: in a thread, or with
  ``processes=N`` in a pool of worker processes, each with its own Renderers (the
  notice goes to the worker pickled, the bytes come back).
"""

from __future__ import annotations

import asyncio
import datetime
import html
import multiprocessing
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import asynccontextmanager
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

import tongbao

__all__ = ["create_app", "main", "make_notice"]

FORMATS = ("docx", "pdf")
KINDS = {".csv": "csv", ".xlsx": "xlsx"}
BODY = "{period}累计报送各类信息{submitted}条，采纳发布{adopted}条，信息采发率{rate}。"

FORM = """<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>信息报送情况通报</title>
<h1>信息报送情况通报</h1>
<form method="post" action="/notice" enctype="multipart/form-data">
<p><label>标题 <input name="title" required size="60"></label>
<p><label>发文机关 <input name="issuer" required></label>
<p><label>成文日期 <input name="date" type="date" required></label>
<p><label>统计期间 <input name="period" placeholder="2018-03/2018-04" required></label>
<p><label>报送数据（.xlsx 或 .csv）
<input name="counts" type="file" accept=".xlsx,.csv" required></label>
<p><label>格式 <select name="format">{options}</select></label>
<p><button>生成通报</button>
</form>
"""


def make_notice(
    title: str,
    issuer: str,
    date: datetime.date,
    period: tongbao.Period,
    tallies: list[tongbao.Tally],
) -> tongbao.Notice:
    """The notice the form describes, its table ranked by rate with a total row."""
    return tongbao.Notice(
        title=title,
        issuer=issuer,
        date=date,
        period=period,
        body=[BODY],
        tallies=tallies,
        attachment=tongbao.AttachmentSpec(
            title=f"{period.label()}信息报送情况统计表", order="rate", total=True
        ),
    )


def _problems(error: tongbao.InputError) -> JSONResponse:
    """Bad input: 422 and every problem, each with where it is (the upload's own name),
    its stable code (docs/errors.md) and its message in English and in Chinese."""
    problems = [
        {
            "where": str(p.location),
            "message": p.message,
            "code": p.code,
            "message_zh": p.text("zh"),
        }
        for p in error.problems
    ]
    return JSONResponse({"problems": problems}, status_code=422)


def _field(field: str, message: str) -> JSONResponse:
    return JSONResponse({"problems": [{"where": field, "message": message}]}, status_code=422)


# --- the worker processes (processes=N): one Renderers each, made once -----------------

_WORKER: dict[str, tongbao.Renderers] = {}


def _start_worker(limits: tongbao.Limits) -> None:
    _WORKER["renderers"] = tongbao.Renderers(autoload=False, limits=limits)
    _WORKER["renderers"].warm_up()


def _render_in_worker(notice: tongbao.Notice, fmt: str) -> bytes:
    return tongbao.render(notice, fmt, renderers=_WORKER["renderers"])


def create_app(*, limits: tongbao.Limits | None = None, processes: int = 0) -> FastAPI:
    """The service.

    Args:
        limits: what one request may hold (default: :class:`tongbao.Limits`' web-safe
            defaults).
        processes: render in a pool of this many worker processes (0: in threads).
    """
    bounds = limits or tongbao.Limits()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Made once: plugins, environment and settings are read here, not per request.
        renderers = tongbao.Renderers(autoload=False, limits=bounds)
        await run_in_threadpool(renderers.warm_up, FORMATS)
        state["renderers"] = renderers
        pool: Executor | None = None
        if processes:
            # spawn, not fork: forking a process that runs threads (the server's) can
            # copy a lock held by another thread and hang the child.
            pool = ProcessPoolExecutor(
                processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(bounds,),
            )
        state["pool"] = pool
        try:
            yield
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)

    app = FastAPI(title="tongbao service", lifespan=lifespan)

    async def render(notice: tongbao.Notice, fmt: str) -> bytes:
        pool: Executor | None = state["pool"]
        if pool is not None:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(pool, _render_in_worker, notice, fmt)
        renderers: tongbao.Renderers = state["renderers"]
        job: Callable[[], bytes] = lambda: tongbao.render(notice, fmt, renderers=renderers)  # noqa: E731
        return await run_in_threadpool(job)

    @app.get("/", response_class=HTMLResponse)
    async def form() -> str:
        options = "".join(f'<option value="{f}">{f.upper()}</option>' for f in FORMATS)
        return FORM.format(options=options)

    @app.post("/notice", response_model=None)
    async def notice(  # noqa: PLR0917 - FastAPI reads the form's fields from the parameters
        title: Annotated[str, Form()],
        issuer: Annotated[str, Form()],
        date: Annotated[str, Form()],
        period: Annotated[str, Form()],
        counts: Annotated[UploadFile, File()],
        format: Annotated[str, Form()] = "docx",
    ) -> Response:
        if format not in FORMATS:
            return _field("format", f"format must be one of {', '.join(FORMATS)}")
        name = PurePath(counts.filename or "upload").name
        kind = KINDS.get(PurePath(name).suffix.lower())
        if kind is None:
            return _field("counts", f"{html.escape(name)}: upload a .xlsx or .csv file")
        try:
            issued = datetime.date.fromisoformat(date)
        except ValueError:
            return _field("date", "成文日期 must be a date like 2018-05-10")
        try:
            within = tongbao.Period.parse(period)
        except ValueError as exc:
            return _field("period", str(exc))
        # One byte past the limit is enough for tongbao to refuse the file, naming it.
        data = await counts.read(bounds.file_bytes + 1)
        try:
            tallies = tongbao.read_counts(data, within, kind=kind, name=name, limits=bounds)
            built = make_notice(title, issuer, issued, within, tallies)
            output = await render(built, format)
        except tongbao.InputError as error:
            return _problems(error)
        except tongbao.OptionError as error:
            return _field("format", str(error))
        renderers: tongbao.Renderers = state["renderers"]
        entry = renderers[format]
        return Response(
            output,
            media_type=entry.media_type,
            headers={"Content-Disposition": f'attachment; filename="notice{entry.suffix}"'},
        )

    return app


def main() -> None:
    """Serve on http://127.0.0.1:8000 (``tongbao-service``)."""
    import uvicorn  # noqa: PLC0415

    uvicorn.run(create_app(), host="127.0.0.1", port=8000)
