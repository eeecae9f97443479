"""Write the table of the document's fields into docs/plugins.md, from tongbao.document.

Every public class of ``tongbao.document`` with its fields (type, default and the
docstring under each), read from the module's source, so the page cannot drift from the
contract: ``tests/test_docs.py`` fails when the page's table is not what this writes.

    python docs/make_fields.py          # rewrite the table in docs/plugins.md
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PAGE = ROOT / "docs" / "plugins.md"
START, END = "<!-- document-fields -->", "<!-- /document-fields -->"


def _markdown(text: str) -> str:
    """reST inline markup as Markdown: ````x```` and ``:class:`X``` become ```x```."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def _cell(text: str) -> str:
    one = " ".join(_markdown(text).split())
    return one.replace("|", "\\|")


def fields_table() -> str:
    """The Markdown tables of every public class of ``tongbao.document``."""
    import attrs

    from tongbao import document

    tree = ast.parse(inspect.getsource(document))
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    out = []
    aliases = {}
    for here, after in zip(tree.body, [*tree.body[1:], None], strict=True):
        if (
            isinstance(here, ast.AnnAssign | ast.Assign)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            target = here.target if isinstance(here, ast.AnnAssign) else here.targets[0]
            if isinstance(target, ast.Name):
                aliases[target.id] = inspect.cleandoc(after.value.value)
    for name in document.__all__:
        cls = getattr(document, name)
        if name in aliases:
            out.append(f"### `{name}`\n\n{_markdown(aliases[name])}\n")
            continue
        if not attrs.has(cls):
            continue
        node = classes[name]
        docs: dict[str, str] = {}
        body = node.body
        for here, after in zip(body, [*body[1:], None], strict=True):
            if isinstance(here, ast.AnnAssign) and isinstance(here.target, ast.Name):
                if (
                    isinstance(after, ast.Expr)
                    and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)
                ):
                    docs[here.target.id] = after.value.value
                else:
                    docs[here.target.id] = ""
        out.append(f"### `{name}`\n\n{_markdown(inspect.getdoc(cls) or '')}\n")
        out.append("| field | type | default | what it is |")
        out.append("|---|---|---|---|")
        for field in attrs.fields(cls):
            default = "" if field.default is attrs.NOTHING else f"`{field.default!r}`"
            kind = _cell(str(field.type))
            what = _cell(docs.get(field.name, ""))
            out.append(f"| `{field.name}` | `{kind}` | {default} | {what} |")
        methods = [
            m
            for m, v in vars(cls).items()
            if not m.startswith("_") and (inspect.isfunction(v) or isinstance(v, property))
        ]
        for method in methods:
            member = getattr(cls, method)
            text = inspect.getdoc(member) or ""
            call = "" if isinstance(vars(cls)[method], property) else "()"
            first = text.split("\n\n")[0]
            out.append(f"| `{method}{call}` | | | {_cell(first)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def page_with_table(page: str) -> str:
    """``page`` with the text between the markers replaced by :func:`fields_table`."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(page):
        raise SystemExit(f"{PAGE}: the markers {START} … {END} are missing")
    return pattern.sub(lambda _: f"{START}\n\n{fields_table()}\n{END}", page)


if __name__ == "__main__":
    PAGE.write_text(page_with_table(PAGE.read_text("utf-8")), "utf-8")
    print(f"{PAGE.relative_to(ROOT)}: document fields written")
