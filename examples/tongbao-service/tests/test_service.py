"""The service over real HTTP on the loopback interface: uvicorn in a thread, urllib as client.

Each download is opened as its reader would: the PDF parsed with pypdf, the DOCX read
back with python-docx. Bad input comes back as 422 with every problem located in the
upload, under the name the user gave it.
"""

from __future__ import annotations

import io
import json
import secrets
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
import uvicorn
from tongbao_service import create_app

import tongbao

ROWS = [("南川东路办事处", 19, 9), ("总寨镇政府", 16, 8), ("区建设局", 0, 0), ("区教育局", 7, 7)]
FORM = {
    "title": "关于2018年3-4月份政府门户网站信息报送情况的通报",
    "issuer": "西宁市城中区人民政府办公室",
    "date": "2018-05-10",
    "period": "2018-03/2018-04",
}


def workbook(rows: list[tuple[Any, ...]] = ROWS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["单位", "报送数", "采纳数"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Server:
    """A running service: ``post`` and ``get`` talk to it over TCP on 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))  # a free port, chosen by the system
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]})

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert self.thread.is_alive(), "the server did not start"
            assert time.monotonic() < deadline, "the server took over a minute to start"
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.socket.close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> tuple[int, bytes]:
        with urllib.request.urlopen(self.url(path), timeout=60) as response:
            return int(response.status), bytes(response.read())

    def post(
        self, fields: dict[str, str], upload: tuple[str, bytes]
    ) -> tuple[int, dict[str, str], bytes]:
        boundary = secrets.token_hex(16)
        head = f"--{boundary}\r\nContent-Disposition: form-data; "
        parts = [f'{head}name="{key}"\r\n\r\n{value}\r\n'.encode() for key, value in fields.items()]
        filename, content = upload
        parts.append(
            f'{head}name="counts"; filename="{filename}"\r\n'.encode()
            + b"Content-Type: application/octet-stream\r\n\r\n"
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.url("/notice"),
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return int(response.status), dict(response.headers), bytes(response.read())
        except urllib.error.HTTPError as error:
            return int(error.code), dict(error.headers), bytes(error.read())


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    limits = tongbao.Limits(file_bytes=64 * 1024, units=100)
    with Server(create_app(limits=limits)) as running:
        yield running


def test_the_form(server: Server) -> None:
    status, page = server.get("/")
    assert status == 200
    text = page.decode()
    for field in ("title", "issuer", "date", "period", "counts", "format"):
        assert f'name="{field}"' in text


def test_a_workbook_becomes_a_docx_that_opens(server: Server) -> None:
    status, headers, data = server.post({**FORM, "format": "docx"}, ("报送.xlsx", workbook()))
    assert status == 200, data[:500]
    assert headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="notice.docx"' in headers["content-disposition"]
    word = docx.Document(io.BytesIO(data))
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    assert FORM["title"] in paragraphs.replace("\n", "")
    assert "累计报送各类信息42条，采纳发布24条，信息采发率57.1%。" in paragraphs
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    for name, _, _ in ROWS:
        assert name in cells


def test_a_csv_becomes_a_pdf_that_opens(server: Server) -> None:
    csv = "单位,报送数,采纳数\n" + "".join(f"{n},{s},{a}\n" for n, s, a in ROWS)
    status, headers, data = server.post({**FORM, "format": "pdf"}, ("counts.csv", csv.encode()))
    assert status == 200, data[:500]
    assert headers["content-type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(data))
    assert len(pdf.pages) >= 2  # the notice, then its attachment
    text = "".join("".join(page.extract_text().split()) for page in pdf.pages)
    assert "南川东路办事处" in text
    metadata = pdf.metadata
    assert metadata is not None
    assert metadata.title == FORM["title"]


def test_a_bad_cell_is_located_in_the_upload(server: Server) -> None:
    rows = [*ROWS, ("区财政局", 3, 5)]  # adopted more than submitted
    status, _, data = server.post(FORM, ("我的报表.xlsx", workbook(rows)))
    assert status == 422
    problems = json.loads(data)["problems"]
    assert problems
    assert all(p["where"].startswith("我的报表.xlsx") for p in problems), problems
    assert problems[-1]["code"] == "data.adopted_over_submitted", problems
    assert "采纳数（5）大于报送数（3）" in problems[-1]["message_zh"], problems
    assert "/tmp" not in data.decode()


@pytest.mark.parametrize(
    ("fields", "upload", "where"),
    [
        ({**FORM, "period": "2018-13"}, ("a.xlsx", b""), "period"),
        ({**FORM, "date": "明天"}, ("a.xlsx", b""), "date"),
        ({**FORM, "format": "exe"}, ("a.xlsx", b""), "format"),
        (FORM, ("a.pdf", b"%PDF-1.4"), "counts"),
        (FORM, ("a.xlsx", b"PK\x03\x04 not a workbook"), "a.xlsx"),
        (FORM, ("a.csv", b"x" * (64 * 1024 + 1)), "a.csv"),
    ],
    ids=["period", "date", "format", "kind", "not-a-workbook", "too-large"],
)
def test_bad_input_is_422_with_the_field(
    server: Server, fields: dict[str, str], upload: tuple[str, bytes], where: str
) -> None:
    status, _, data = server.post(fields, upload)
    assert status == 422, data[:300]
    problems = json.loads(data)["problems"]
    assert problems[0]["where"].startswith(where), problems


def test_too_many_units_are_refused(server: Server) -> None:
    rows = [(f"单位{i}", 1, 0) for i in range(101)]
    status, _, data = server.post(FORM, ("many.xlsx", workbook(rows)))
    assert status == 422
    assert "Limits.units" in data.decode()


def test_renders_in_worker_processes_give_the_same_bytes(server: Server) -> None:
    upload = ("报送.xlsx", workbook())
    _, _, threaded = server.post({**FORM, "format": "pdf"}, upload)
    with Server(create_app(processes=1)) as pooled:
        status, _, data = pooled.post({**FORM, "format": "pdf"}, upload)
    assert status == 200
    assert data == threaded
