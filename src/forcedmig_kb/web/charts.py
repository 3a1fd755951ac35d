"""Pictures drawn on the server as SVG: bar charts, a claim's derivation chain, the provenance network.

Plain SVG (https://www.w3.org/TR/SVG2/) works without JavaScript, prints, and needs no library.
Every text is escaped; every mark that stands for a claim or a source is a link to its page, so
the pictures are keyboard-reachable; each has a ``<title>`` and a ``<desc>`` and the pages put
the same numbers in a table beside it. The network is drawn in columns here and laid out by a
force simulation in the browser (``static/network.js``), which reads the nodes and links from
this SVG.

>>> svg = bar_chart([Bar("A & B", (2, 1), "/x?a=1&b=2")], title="t", series=("direct", "derived"))
>>> "A &amp; B" in svg and "href='/x?a=1&amp;b=2'" in svg and "3 (2 + 1)" in svg
True
>>> wrap("Sales of the top 500 MNCs as a share of world GDP, 2014", 24, 2)
['Sales of the top 500', 'MNCs as a share of world…']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..research import models as m


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of a bar chart: its label, one value per series (stacked), a link, a tooltip."""

    label: str
    values: tuple[int, ...]
    href: str | None = None
    note: str = ""


def wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` broken into at most ``lines`` lines of about ``width`` characters (… when cut)."""
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = ""
            if len(out) == lines:
                out[-1] += "…"
                return out
        line = f"{line} {word}" if line else word
    if line:
        out.append(line if len(line) <= width + 8 else line[: width - 1] + "…")
    return out[:lines]


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _link(href: str | None, inner: str, cls: str = "", extra: str = "") -> str:
    if not href:
        return f"<g class='{cls}'{extra}>{inner}</g>"
    return f"<a href='{escape(href)}' class='{cls}'{extra}>{inner}</a>"


def bar_chart(
    bars: Sequence[Bar], *, title: str, series: Sequence[str], width: int = 640, label_width: int = 230
) -> Markup:
    """Horizontal bars, stacked when there are several series; each bar links to its page."""
    row, legend = 24, (26 if len(series) > 1 else 0)
    height = legend + row * max(len(bars), 1) + 6
    top = max([sum(b.values) for b in bars] + [1])
    scale = (width - label_width - 70) / top
    out = [
        f"<svg class='chart' viewBox='0 0 {width} {height}' width='{width}' height='{height}' role='group' "
        f"aria-label='{escape(title)}' xmlns='http://www.w3.org/2000/svg'><title>{escape(title)}</title>"
        f"<desc>{escape(title)}: {escape('; '.join(f'{b.label} {sum(b.values)}' for b in bars))}</desc>"
    ]
    if legend:
        key_x = label_width
        for i, name in enumerate(series):
            out.append(
                f"<rect class='s{i}' x='{key_x}' y='6' width='12' height='12'/>"
                f"<text class='legend' x='{key_x + 16}' y='16'>{escape(name)}</text>"
            )
            key_x += 24 + 8 * len(name)
    for i, bar in enumerate(bars):
        y = legend + i * row
        total = sum(bar.values)
        parts = [
            f"<title>{escape(bar.label)}: {escape(bar.note or str(total))}</title>",
            f"<text class='label' x='{label_width - 8}' y='{y + 16}' text-anchor='end'>"
            f"{escape(_short(bar.label, label_width // 7))}</text>",
        ]
        x = float(label_width)
        for j, value in enumerate(bar.values):
            w = value * scale
            if value:
                parts.append(f"<rect class='s{j}' x='{x:.1f}' y='{y + 4}' width='{w:.1f}' height='{row - 8}'/>")
            x += w
        shown = str(total) if len(bar.values) == 1 else f"{total} ({' + '.join(map(str, bar.values))})"
        parts.append(f"<text class='value' x='{x + 6:.1f}' y='{y + 16}'>{shown}</text>")
        out.append(_link(bar.href, "".join(parts), "bar"))
    out.append("</svg>")
    return Markup("".join(out))


# ------------------------------------------------------------------ a claim's derivation chain


@dataclass
class _Box:
    key: str
    kind: str  # "claim", "source", "missing"
    lines: list[str]
    figure: str = ""
    href: str | None = None
    current: bool = False
    layer: int = 0
    row: int = 0


def chain_graph(
    claim: m.ClaimDetail,
    claims: Mapping[str, m.ClaimDetail],
    *,
    figure: Callable[[m.ClaimDetail], str],
    source_label: Callable[[str], list[str]],
) -> Markup:
    """The claim among the figures it is computed from and those computed from it, each with
    the sources it cites: a column per step, each source just left of the first figure citing it."""
    members = [claim.id] + [d.id for d in claim.derived_from + claim.derived_into if d.id in claims]
    members = list(dict.fromkeys(members))
    inputs = {mid: [d.id for d in claims[mid].derived_from if d.direct and d.id in members] for mid in members}
    layer: dict[str, int] = {}

    def depth(mid: str, seen: frozenset[str] = frozenset()) -> int:
        if mid not in layer:
            layer[mid] = 1 + max((depth(i, seen | {mid}) for i in inputs[mid] if i not in seen), default=0)
        return layer[mid]

    boxes: dict[str, _Box] = {}
    edges: list[tuple[str, str, str]] = []
    for mid in members:
        c = claims[mid]
        boxes[mid] = _Box(
            mid,
            "claim",
            wrap(c.label or mid, 30, 2),
            figure(c),
            None if mid == claim.id else f"/claim/{mid}",
            mid == claim.id,
            depth(mid),
        )
        edges += [(i, mid, "derived") for i in inputs[mid]]
        for key in c.sources:
            box = boxes.setdefault(
                "src:" + key,
                _Box("src:" + key, "source", source_label(key), "", f"/source/{key}", layer=layer[mid] - 1),
            )
            box.layer = min(box.layer, layer[mid] - 1)
            edges.append(("src:" + key, mid, "rests"))
    if not claim.sources and not claim.derived_from:
        boxes["missing"] = _Box("missing", "missing", ["no source given", "in the text"], layer=layer[claim.id] - 1)
        edges.append(("missing", claim.id, "missing"))
    first = min(box.layer for box in boxes.values())
    for box in boxes.values():
        box.layer -= first
    columns: dict[int, list[_Box]] = {}
    for box in boxes.values():
        columns.setdefault(box.layer, []).append(box)
        box.row = len(columns[box.layer]) - 1
    col_w, box_w, box_h, row_h, pad = 250, 210, 62, 78, 10
    rows = max(len(c) for c in columns.values())
    width, height = pad * 2 + col_w * (max(columns) + 1) - (col_w - box_w), pad * 2 + rows * row_h - (row_h - box_h)

    def place(box: _Box) -> tuple[float, float]:
        n = len(columns[box.layer])
        offset = (rows - n) * row_h / 2
        return pad + box.layer * col_w, pad + offset + box.row * row_h

    out = [
        f"<svg class='chain' viewBox='0 0 {width} {height}' width='{width}' height='{height}' role='group' "
        "aria-labelledby='chain-title' xmlns='http://www.w3.org/2000/svg'>"
        "<title id='chain-title'>Derivation chain: sources, the figures this one is computed from, and those computed from it</title>"
        "<defs><marker id='arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' "
        "orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z'/></marker></defs>"
    ]
    for a, b, kind in edges:
        (x1, y1), (x2, y2) = place(boxes[a]), place(boxes[b])
        x1, y1, y2 = x1 + box_w, y1 + box_h / 2, y2 + box_h / 2
        mid_x = (x1 + x2) / 2
        out.append(
            f"<path class='edge {kind}' d='M{x1:.0f},{y1:.0f} C{mid_x:.0f},{y1:.0f} {mid_x:.0f},{y2:.0f} "
            f"{x2 - 2:.0f},{y2:.0f}' marker-end='url(#arrow)'><title>"
            + {"derived": "computed from", "rests": "rests on this source", "missing": "uncited"}[kind]
            + "</title></path>"
        )
    for box in boxes.values():
        x, y = place(box)
        cls = f"node {box.kind}" + (" current" if box.current else "")
        text = "".join(
            f"<text x='{x + 10}' y='{y + 20 + 16 * i}'>{escape(line)}</text>" for i, line in enumerate(box.lines)
        )
        if box.figure:
            text += f"<text class='figure' x='{x + 10}' y='{y + 20 + 16 * len(box.lines)}'>{escape(_short(box.figure, 30))}</text>"
        inner = f"<rect x='{x}' y='{y}' width='{box_w}' height='{box_h}' rx='6'/>{text}"
        out.append(_link(box.href, inner, cls, " aria-current='page'" if box.current else ""))
    out.append("</svg>")
    return Markup("".join(out))


# ------------------------------------------------------------------ the provenance network


@dataclass
class Node:
    id: str  # "claim:<id>" or "source:<key>"
    kind: str  # "claim" or "source"
    label: str
    href: str
    classes: list[str] = field(default_factory=list)
    weight: int = 1
    x: float = 0.0
    y: float = 0.0


@dataclass
class Network:
    """Claims, the sources they rest on and the derivations between claims, laid out in columns."""

    nodes: list[Node]
    links: list[tuple[str, str, str]]  # (from, to, "rests" | "derived")
    width: int
    height: int


def network(
    claims: Sequence[m.ClaimDetail], sources: Mapping[str, m.SourceDetail], source_label: Callable[[str], str]
) -> Network:
    """Every claim (in the text's order), every source one of them rests on, and the links:
    claim -> its primary source, derived claim -> each figure it is computed from directly.
    Sources sit beside the claims that cite them (ordered by the mean row of those claims)."""
    row, top = 15, 30
    claim_x, source_x = 470, 230
    nodes: list[Node] = []
    links: list[tuple[str, str, str]] = []
    rows: dict[str, int] = {}
    for i, c in enumerate(claims):
        rows[c.id] = i
        classes = ["claim"] + (["has-findings"] if c.findings else []) + (["derived"] if c.derived_from else [])
        if not c.sources and not c.derived_from:
            classes.append("unsourced")
        nodes.append(
            Node(f"claim:{c.id}", "claim", c.label or c.id, f"/claim/{c.id}", classes, x=claim_x, y=top + i * row)
        )
        links += [(f"claim:{c.id}", f"source:{k}", "rests") for k in c.sources if k in sources]
        links += [(f"claim:{c.id}", f"claim:{d.id}", "derived") for d in c.derived_from if d.direct]
    cited: dict[str, list[int]] = {}
    for c in claims:
        for k in c.sources:
            if k in sources:
                cited.setdefault(k, []).append(rows[c.id])
    order = sorted(cited, key=lambda k: (sum(cited[k]) / len(cited[k]), k))
    span = max(len(claims) - 1, 1) * row
    step = span / max(len(order) - 1, 1)
    for j, key in enumerate(order):
        nodes.append(
            Node(
                f"source:{key}",
                "source",
                source_label(key),
                f"/source/{key}",
                ["source"],
                weight=len(cited[key]),
                x=source_x,
                y=top + j * step,
            )
        )
    return Network(nodes, links, width=1000, height=top * 2 + span)


def network_svg(net: Network) -> Markup:
    """The network in columns: sources (squares, left), claims (circles, right) in the text's
    order, rests-on links between them and derivations as arcs beside the claims."""
    where = {n.id: n for n in net.nodes}
    out = [
        f"<svg id='network' class='network' viewBox='0 0 {net.width} {net.height}' role='group' "
        "aria-labelledby='network-title network-desc' xmlns='http://www.w3.org/2000/svg'>"
        "<title id='network-title'>Provenance network of the chapter</title>"
        f"<desc id='network-desc'>{sum(n.kind == 'claim' for n in net.nodes)} claims, "
        f"{sum(n.kind == 'source' for n in net.nodes)} sources they rest on, "
        f"{sum(k == 'rests' for *_, k in net.links)} rests-on links and "
        f"{sum(k == 'derived' for *_, k in net.links)} derivations.</desc><g class='viewport'><g class='links'>"
    ]
    for a, b, kind in net.links:
        p, q = where[a], where[b]
        if kind == "derived":
            bulge = 18 + abs(p.y - q.y) * 0.25
            d = f"M{p.x:.1f},{p.y:.1f} C{p.x - bulge:.1f},{p.y:.1f} {q.x - bulge:.1f},{q.y:.1f} {q.x:.1f},{q.y:.1f}"
        else:
            d = f"M{p.x:.1f},{p.y:.1f} L{q.x:.1f},{q.y:.1f}"
        out.append(f"<path class='link {kind}' data-source='{escape(a)}' data-target='{escape(b)}' d='{d}'/>")
    out.append("</g><g class='nodes'>")
    for n in net.nodes:
        r = 4 + 2 * math.sqrt(n.weight) if n.kind == "source" else 5
        mark = (
            f"<rect x='{-r:.1f}' y='{-r:.1f}' width='{2 * r:.1f}' height='{2 * r:.1f}'/>"
            if n.kind == "source"
            else f"<circle r='{r}'/>"
        )
        anchor, dx = ("end", -r - 5) if n.kind == "source" else ("start", r + 5)
        text = f"<text x='{dx:.1f}' y='4' text-anchor='{anchor}'>{escape(_short(n.label, 34 if n.kind == 'source' else 70))}</text>"
        inner = f"<title>{escape(n.label)}</title>{mark}{text}"
        out.append(
            f"<a href='{escape(n.href)}' class='node {' '.join(n.classes)}' data-id='{escape(n.id)}' "
            f"transform='translate({n.x:.1f},{n.y:.1f})'>{inner}</a>"
        )
    out.append("</g></g></svg>")
    return Markup("".join(out))
