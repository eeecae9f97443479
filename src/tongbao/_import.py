"""A published notice → a notice tongbao renders again: the start of next period's notice.

:func:`import_published` turns a :class:`~tongbao._published.Published` notice into a
:class:`~tongbao.Notice` and the two files that describe it, ``notice.toml`` and
``counts.csv``. Body figures that equal a computed total become placeholders
(``{submitted}``, ``{adopted}``, ``{rate}``, ``{period}`` …) so the next notice
recomputes them; a figure that does not match stays as printed and is reported. Pure:
the files come back as bytes, for the caller to write.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from fractions import Fraction

import attrs

from ._audit import Finding, audit, rate_agrees, text_figures
from ._compose import DEFAULT_HEADINGS
from ._model import Tally, Unit
from ._notice import AttachmentSpec, ColumnSpec, Excluded, Notice, Order
from ._numfmt import format_rate
from ._period import Period
from ._problems import Collector
from ._published import Published, PublishedAttachment, PublishedTable, parse_count, parse_rate
from ._stats import TIES, rank, totals
from ._template import fill
from .errors import InputError

__all__ = ["Imported", "import_published"]

_PERIOD_LABEL = re.compile(
    r"\d{4}年(?:\d{1,2}月?(?:[-－—–~～至到]\d{1,2})?月份?|第[一二三四]季度|[一二三四]季度|[上下]半年|度|全年)"
)
_SHORT_LABEL = re.compile(r"(?<![\d年])(\d{1,2})(?:月?[-－—–~～至到](\d{1,2}))?月")
_SUBJECT = re.compile(r"现将(.+?)(?:通报|通知|公布)如下")
_DEFAULT_COLUMNS = ("unit", "submitted", "adopted", "rate")


@attrs.frozen
class Imported:
    """An imported notice: the notice, its files, and what the import reports.

    ``files`` maps ``notice.toml`` and ``counts.csv`` to their bytes; ``findings`` are
    the audit's findings plus the import's own notes (a title made from the body, a
    body figure left as printed).
    """

    notice: Notice
    files: Mapping[str, bytes]
    findings: tuple[Finding, ...]


def _period(published: Published) -> Period | None:
    """The period counted: a label with its year in the title, the body or a table title."""
    texts = [
        published.title or "",
        *published.paragraphs,
        *(a.title for a in published.attachments),
    ]
    for text in texts:
        for match in _PERIOD_LABEL.finditer(text):
            try:
                return Period.parse(match[0].removesuffix("份"))
            except ValueError:
                continue
    if published.date is not None:
        for text in texts:
            short = _SHORT_LABEL.search(text)
            if short is None:
                continue
            first, last = int(short[1]), int(short[2] or short[1])
            if not (1 <= first <= last <= 12):
                continue
            year = published.date.year - (1 if first > published.date.month else 0)
            return Period.months_of(year, first, year, last)
    return None


def _main_table(published: Published) -> tuple[PublishedAttachment, PublishedTable]:
    for attachment in published.attachments:
        if attachment.table is not None and any(r.kind == "unit" for r in attachment.table.rows):
            return attachment, attachment.table
    raise InputError.of("import.no_unit_rows", published.source)


def _tallies(label: str, table: PublishedTable, period: Period, problems: Collector) -> list[Tally]:
    """The units' rows as tallies; each row that cannot be read is a problem."""
    tallies = []
    group: str | None = None
    for row in table.rows:
        if row.kind == "group":
            group = row.cells[0]
            continue
        if row.kind != "unit":
            continue
        name = table.cell(row, "unit") or ""
        where = f"{label}第{row.number}行 {name}"
        counts = {}
        for field in ("submitted", "adopted"):
            cell = table.cell(row, field)
            value = parse_count(cell) if cell is not None else None
            if value is None:
                problems.add(
                    "import.count_unreadable",
                    f"{where} {table.heading(field)}",
                    heading=table.heading(field),
                    value=repr(cell),
                )
            counts[field] = value
        submitted, adopted = counts["submitted"], counts["adopted"]
        if submitted is None or adopted is None:
            continue
        rate_cell = table.cell(row, "rate")
        if rate_cell is not None and parse_rate(rate_cell) is None and submitted:
            problems.add(
                "import.rate_unreadable",
                f"{where} {table.heading('rate')}",
                heading=table.heading("rate"),
                value=repr(rate_cell),
                adopted=adopted,
                submitted=submitted,
            )
        own_group = table.cell(row, "group") or group
        score_cell = table.cell(row, "score")
        try:
            tallies.append(
                Tally(
                    Unit(name, group=own_group or None),
                    period,
                    submitted,
                    adopted,
                    score=score_cell if score_cell and score_cell != "—" else None,
                )
            )
        except InputError as exc:
            problems.adopt(exc, where)
    return tallies


def _spec(
    published: Published,
    attachment: PublishedAttachment,
    table: PublishedTable,
    tallies: list[Tally],
) -> tuple[AttachmentSpec, tuple[Excluded, ...]]:
    rows = [r for r in table.rows if r.kind == "unit"]
    rates = [parse_rate(table.cell(r, "rate") or "") for r in rows]
    places = max((p[1] for p in rates if isinstance(p, tuple)), default=0)
    undefined = "—"
    for tally, row in zip(tallies, rows, strict=False):
        cell = table.cell(row, "rate")
        if tally.submitted == 0 and cell is not None and parse_rate(cell) == "undefined" and cell:
            undefined = cell
    order: Order = "given"
    ties = "competition"
    if table.column("rank") is not None:
        order, ties = _ranked_by(table, tallies, places)
    title = published.attachment_notes[0] if published.attachment_notes else attachment.title
    notes = attachment.notes
    list_zero = any(n.startswith("本期未报送信息的单位") for n in notes)
    excluded: list[Excluded] = []
    for note in notes:
        match = re.fullmatch(r"注：(.+)不参加本期统计。", note)
        if match:
            for item in match[1].split("、"):
                name, _, reason = item.partition("（")
                excluded.append(Excluded(name, reason.removesuffix("）")))
    grouped = any(r.kind == "group" for r in table.rows)
    first = "rank" if order != "given" else "no"
    figures = [f for f in table.fields if f is not None and not f.startswith("level:")]
    default = [first, *_DEFAULT_COLUMNS]
    columns: tuple[ColumnSpec, ...] = ()
    headings_default = all(
        table.headings[k] == DEFAULT_HEADINGS.get(f or "")
        for k, f in enumerate(table.fields)
        if f is not None
    )
    if figures != default or not headings_default:
        columns = tuple(
            ColumnSpec(
                f,
                None if table.heading(f) == DEFAULT_HEADINGS.get(f) else table.heading(f),
            )
            for f in figures
        )
    spec = AttachmentSpec(
        title=title,
        order=order,
        ties=ties,  # type: ignore[arg-type]
        rate_places=places,
        total=any(r.kind == "total" for r in table.rows),
        grouped=grouped,
        undefined_rate=undefined,
        list_zero_units=list_zero,
        columns=columns,
    )
    return spec, tuple(excluded)


def _ranked_by(table: PublishedTable, tallies: list[Tally], places: int) -> tuple[Order, str]:
    """The ranking (by, ties) that gives the printed 排名 column, rate first."""
    rows = [r for r in table.rows if r.kind == "unit"]
    printed = [parse_count(table.cell(r, "rank") or "") for r in rows]
    best: tuple[int, Order, str] = (-1, "rate", "competition")
    for by in ("rate", "adopted", "submitted"):
        for ties in TIES:
            ranking = rank(tallies, by, ties=ties)
            if [e.tally for e in ranking] != tallies:
                continue  # the table is not in this order
            score = sum(1 for e, p in zip(ranking, printed, strict=False) if e.rank == p)
            if score > best[0]:
                best = (score, by, ties)
    return best[1], best[2]


def _template(
    text: str, index: int, values: dict[str, str], figures: list[tuple[int, int, str]]
) -> str:
    """``text`` with the figures at ``figures`` (start, end, placeholder) and the period
    labels replaced by placeholders; literal braces doubled."""
    pieces = []
    position = 0
    for start, end, name in sorted(figures):
        pieces.append(_periods(text[position:start], values))
        pieces.append("{" + name + "}")
        position = end
    pieces.append(_periods(text[position:], values))
    return "".join(pieces)


def _periods(text: str, values: dict[str, str]) -> str:
    text = text.replace("{", "{{").replace("}", "}}")
    long, short = values["period"], values["period_short"]
    parts = text.split(long)
    if short != long:
        parts = [p.replace(short, "{period_short}") for p in parts]
    return "{period}".join(parts)


def _body(
    published: Published, notice_values: dict[str, str], tallies: list[Tally]
) -> tuple[list[str], list[Finding]]:
    whole = totals(tallies)
    findings = []
    by_paragraph: dict[int, list[tuple[int, int, str]]] = {}
    names = [t.unit.name for t in tallies]
    for figure in text_figures(published.paragraphs, names):
        where = f"正文第{figure.paragraph + 1}段"
        if figure.figure == "rate":
            matches = (
                whole.rate is not None
                and figure.places == 1
                and rate_agrees(whole.rate, figure.printed, 1)
                and format_rate(whole.rate, 1) == f"{figure.printed}%"
            )
            name = "rate"
            printed = f"{figure.printed}%"
            end = figure.end
        else:
            value = whole.submitted if figure.figure == "submitted" else whole.adopted
            matches = parse_count(figure.printed) == value and figure.printed == str(value)
            name = figure.figure
            printed = figure.printed
            end = figure.end
        if matches:
            by_paragraph.setdefault(figure.paragraph, []).append((figure.start, end, name))
        else:
            findings.append(
                Finding(
                    "text_total",
                    where,
                    printed,
                    notice_values[name],
                    f"{where} {printed} 与附件算出的 {notice_values[name]} 不符，"
                    "保留原文，未改为占位符",
                )
            )
    body = []
    for index, text in enumerate(published.paragraphs):
        template = _template(text, index, notice_values, by_paragraph.get(index, []))
        if fill(template, notice_values) != text:  # cannot happen; keep the text as printed
            template = text.replace("{", "{{").replace("}", "}}")
        body.append(template)
    return body, findings


def import_published(published: Published) -> Imported:
    """The notice ``published`` describes, its ``notice.toml`` and ``counts.csv``.

    Raises:
        InputError: a part a notice needs cannot be found (the period, the signature,
            the date) or a unit's counts cannot be read; each problem is placed.
    """
    problems = Collector(published.source)
    notes: list[Finding] = []
    period = _period(published)
    if period is None:
        problems.add("import.no_period")
    if published.signature is None:
        problems.add("import.no_signature")
    if published.date is None:
        problems.add("import.no_date")
    attachment, table = _main_table(published)
    tallies: list[Tally] = []
    if period is not None:
        tallies = _tallies(attachment.label, table, period, problems)
    if problems or period is None or published.date is None or published.signature is None:
        raise InputError(problems.problems())
    title = published.title
    if title is None:
        match = next(
            (m for p in published.paragraphs[:2] if (m := _SUBJECT.search(p)) is not None), None
        )
        subject = match[1] if match else "信息报送情况"
        short = period.short_label()
        if subject.startswith(short):
            subject = period.label() + subject.removeprefix(short)
        elif period.label() not in subject:
            subject = period.label() + subject
        title = f"关于{subject}的通报"
        notes.append(
            Finding(
                "inferred",
                "标题",
                "",
                title,
                f"原文没有标题，按正文拟为 “{title}”，请核对",
            )
        )
    spec, excluded = _spec(published, attachment, table, tallies)
    dropped = [
        h
        for h, f in zip(table.headings, table.fields, strict=True)
        if f is None or f.startswith("level:")
    ]
    if dropped:
        notes.append(
            Finding(
                "inferred",
                f"{attachment.label}表头",
                "、".join(dropped),
                None,
                f"{attachment.label}的“{'、'.join(dropped)}”列未导入（tongbao 不读这些列，"
                "或分级采用需在通报文件的 [scoring] 中设定），请核对",
            )
        )
    base = Notice(
        title=title,
        issuer=published.signature,
        date=published.date,
        period=period,
        tallies=tallies,
        attachment=spec,
        excluded=excluded,  # type: ignore[arg-type]  # attrs types converter=tuple loosely
    )
    from ._compose import placeholder_values  # noqa: PLC0415

    values = placeholder_values(base)
    body, literal = _body(published, values, tallies)
    notice = attrs.evolve(
        base,
        addressees=published.addressee_names,
        body=body,
        note=published.note,
        doc_number=published.doc_number,
        header=published.header,
        cc=published.cc,
        printed_by=published.printed_by,
        printed_date=published.printed_date,
    )
    kept = {(f.place, f.printed) for f in literal}
    findings = [
        *notes,
        *literal,
        *(f for f in audit(published) if (f.place, f.printed) not in kept),
    ]
    # counts.csv first: a notice.toml is written only when the data it names is there.
    files = {"counts.csv": _csv(notice), "notice.toml": _toml(notice, published)}
    return Imported(notice, files, tuple(findings))


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _toml(notice: Notice, published: Published) -> bytes:
    lines = [
        f"# Imported by tongbao from {published.form.upper()}: {published.source}",
        "# Body figures that equal the table's totals are placeholders; check the rest.",
        "",
        f"title = {_string(notice.title)}",
        f"issuer = {_string(notice.issuer)}",
        f"date = {notice.date.isoformat()}",
        f"period = {_string(notice.period.iso_range())}",
    ]
    if notice.addressees:
        lines.append(f"addressees = [{', '.join(_string(a) for a in notice.addressees)}]")
    for key in ("doc_number", "header", "note", "printed_by"):
        value = getattr(notice, key)
        if value is not None:
            lines.append(f"{key} = {_string(value.strip('（）') if key == 'note' else value)}")
    if notice.printed_date is not None:
        lines.append(f"printed_date = {notice.printed_date.isoformat()}")
    if notice.cc:
        lines.append(f"cc = [{', '.join(_string(a) for a in notice.cc)}]")
    if notice.excluded:
        items = ", ".join(
            f"{{ name = {_string(e.name)}, reason = {_string(e.reason)} }}" for e in notice.excluded
        )
        lines.append(f"excluded = [{items}]")
    lines.append("body = [")
    lines.extend(f"  {_string(p.text)}," for p in notice.body)
    lines.append("]")
    lines.append('data = "counts.csv"')
    spec = notice.attachment
    assert spec is not None
    lines += [
        "",
        "[attachment]",
        f"title = {_string(spec.title)}",
        f"order = {_string(spec.order)}",
    ]
    defaults = AttachmentSpec(title=spec.title)
    for key in ("ties", "rate_places", "total", "grouped", "undefined_rate", "list_zero_units"):
        value = getattr(spec, key)
        if value != getattr(defaults, key):
            shown = _string(value) if isinstance(value, str) else str(value).lower()
            lines.append(f"{key} = {shown}")
    if spec.columns:
        items = ", ".join(
            f"{{ figure = {_string(c.figure)}, heading = {_string(c.heading)} }}"
            if c.heading
            else _string(c.figure)
            for c in spec.columns
        )
        lines.append(f"columns = [{items}]")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _csv(notice: Notice) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    grouped = any(t.unit.group for t in notice.tallies)
    scored = any(t.score is not None for t in notice.tallies)
    writer.writerow(
        ["单位", *(["类别"] if grouped else []), "报送数", "采纳数", *(["得分"] if scored else [])]
    )
    for tally in notice.tallies:
        writer.writerow(
            [
                tally.unit.name,
                *([tally.unit.group or ""] if grouped else []),
                tally.submitted,
                tally.adopted,
                *([_score(tally.score)] if scored else []),
            ]
        )
    return out.getvalue().encode("utf-8")


def _score(value: Fraction | None) -> str:
    if value is None:
        return ""
    from ._scoring import format_score  # noqa: PLC0415

    return format_score(value)
