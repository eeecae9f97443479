"""Notice → resolved document: every figure computed, every sentence worded, here only.

Renderers receive the :class:`~tongbao.document.Document` this module makes and lay it
out; nothing they print is computed anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._model import Tally
from ._notice import AttachmentSpec, Notice
from ._numfmt import format_date, format_rate
from ._stats import Ranked, rank, rate, totals
from ._template import fill
from .document import Attachment, Column, Document, Header, Imprint, Paragraph, Row, Table

__all__ = ["build_table", "compose", "placeholder_values"]


def compose(notice: Notice) -> Document:
    """Resolve ``notice`` into the document every renderer lays out."""
    values = placeholder_values(notice)
    paragraphs = tuple(Paragraph(fill(p.text, values), p.level) for p in notice.body)
    attachments: tuple[Attachment, ...] = ()
    notes: tuple[str, ...] = ()
    if notice.attachment is not None:
        spec = notice.attachment
        attachments = (
            Attachment(
                label="附件",
                title=spec.title.strip(),
                table=build_table(notice.tallies, spec),
                notes=_table_notes(notice, spec),
            ),
        )
        notes = (f"附件：{spec.title.strip()}",)
    header = None
    if notice.header is not None or notice.doc_number is not None:
        header = Header(issuer_mark=notice.header, doc_number=notice.doc_number)
    imprint = None
    if notice.cc or notice.printed_by is not None:
        imprint = Imprint(
            cc=f"抄送：{'，'.join(notice.cc)}。" if notice.cc else None,
            printed_by=notice.printed_by,
            printed_date=(
                f"{format_date(notice.printed_date)}印发" if notice.printed_date else None
            ),
        )
    return Document(
        title=notice.title.strip(),
        addressees=_addressees(notice.addressees),
        paragraphs=paragraphs,
        attachment_notes=notes,
        signature=notice.issuer.strip(),
        date=format_date(notice.date),
        issued=notice.date,
        sealed=notice.sealed,
        note=_note(notice.note),
        header=header,
        attachments=attachments,
        imprint=imprint,
    )


def placeholder_values(notice: Notice) -> dict[str, str]:
    """The text of every placeholder for ``notice`` (see :data:`tongbao.PLACEHOLDERS`)."""
    whole = totals(notice.tallies)
    zero = [t.unit.name for t in notice.tallies if t.submitted == 0]
    return {
        "period": notice.period.label(),
        "period_short": notice.period.short_label(),
        "submitted": str(whole.submitted),
        "adopted": str(whole.adopted),
        "rate": format_rate(whole.rate, 1),
        "units": str(whole.units),
        "zero_units": "、".join(zero) if zero else "无",
        "zero_count": str(len(zero)),
    }


def _addressees(names: Sequence[str]) -> str:
    return f"{'、'.join(name.strip() for name in names)}：" if names else ""


def _note(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    inner = text.strip().removeprefix("（").removeprefix("(").removesuffix("）").removesuffix(")")
    return f"（{inner}）"


def _table_notes(notice: Notice, spec: AttachmentSpec) -> tuple[str, ...]:
    notes = []
    if spec.list_zero_units:
        zero = [t.unit.name for t in notice.tallies if t.submitted == 0]
        if zero:
            notes.append(f"本期未报送信息的单位：{'、'.join(zero)}。")
    if notice.excluded:
        names = "、".join(
            f"{e.name}（{e.reason.strip()}）" if e.reason.strip() else e.name
            for e in notice.excluded
        )
        notes.append(f"注：{names}不参加本期统计。")
    return tuple(notes)


def _columns(ranked: bool) -> tuple[Column, ...]:
    first = Column("排名", "rank") if ranked else Column("序号", "no")
    return (
        first,
        Column("单位", "unit", "left"),
        Column("报送数", "submitted", "right"),
        Column("采纳数", "adopted", "right"),
        Column("采纳率", "rate", "right"),
    )


def _figures(items: Sequence[Tally], spec: AttachmentSpec) -> tuple[str, str, str]:
    whole = totals(items)
    return (
        str(whole.submitted),
        str(whole.adopted),
        format_rate(whole.rate, spec.rate_places, spec.undefined_rate),
    )


def _sections(
    tallies: Sequence[Tally], spec: AttachmentSpec
) -> list[tuple[str | None, list[Tally]]]:
    if not spec.grouped:
        return [(None, list(tallies))]
    members: dict[str | None, list[Tally]] = {group: [] for group in spec.groups}
    for tally in tallies:
        members.setdefault(tally.unit.group, []).append(tally)
    return [(group, items) for group, items in members.items() if items]


def build_table(tallies: Sequence[Tally], spec: AttachmentSpec) -> Table:
    """The attachment table for ``tallies`` as ``spec`` orders, groups and totals it."""
    ranked = spec.order != "given"
    rows: list[Row] = []
    number = 0
    for group, items in _sections(tallies, spec):
        if group is not None:
            rows.append(Row((group,), "group"))
        if spec.order != "given":
            entries: Sequence[Ranked] = rank(
                items,
                by=spec.order,
                ties=spec.ties,
                min_submitted=spec.min_submitted,
                rate_places=spec.rate_places if spec.rank_on == "shown" else None,
            )
        else:
            entries = [Ranked(None, t) for t in items]
        for entry in entries:
            number += 1
            tally = entry.tally
            first = (str(entry.rank) if entry.rank is not None else "—") if ranked else str(number)
            rows.append(
                Row(
                    (
                        first,
                        tally.unit.name,
                        str(tally.submitted),
                        str(tally.adopted),
                        format_rate(rate(tally), spec.rate_places, spec.undefined_rate),
                    )
                )
            )
        if group is not None:
            rows.append(Row(("", "小计", *_figures(items, spec)), "subtotal"))
    if spec.total:
        rows.append(Row(("", "合计", *_figures(tallies, spec)), "total"))
    return Table(_columns(ranked), tuple(rows))
