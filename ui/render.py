"""Graphs as self-contained pyvis HTML: colour and shape by kind, edge labels by type, a legend, nothing remote.

Everything that comes from notes is escaped before it reaches HTML:

* ``title`` (the hover tooltip) is HTML-escaped here, because pyvis's own template puts titles into the DOM
  as HTML; our template turns the escaped string back into a text-only element.
* Labels and the details panel's data travel as JSON inside the page's script (Jinja's ``tojson`` escapes
  ``<``, ``>``, ``&`` and quotes) and are drawn on the canvas or set with ``textContent``, never as HTML.

vis-network's JavaScript and CSS are inlined from the copies pyvis ships (``pyvis/lib/vis-9.1.2``); the
template has no bootstrap and no CDN link, so the page draws offline.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("service:amazon-s3", kind="service", name="Amazon S3", evidence=[{"file": "n.md", "line": 1, "text": "<b>S3</b>"}])
>>> print(node_title(g.nodes["service:amazon-s3"]))
Amazon S3 (service)
n.md:1  &lt;b&gt;S3&lt;/b&gt;
>>> page = graph_html(g)
>>> "<b>S3</b>" in page, "cdnjs" in page
(False, False)
"""

from __future__ import annotations

import html
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import jinja2
import networkx as nx
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from graph.queries.facts import limit_facts, use_when_facts


@dataclass(frozen=True)
class KindStyle:
    colour: str
    shape: str
    size: int  # of dots and diamonds (boxes fit their label)


KIND_STYLES = {
    "service": KindStyle("#f59e0b", "box", 25),
    "concept": KindStyle("#60a5fa", "dot", 12),
    "limit": KindStyle("#34d399", "diamond", 9),
}
EDGE_COLOURS = {
    "USE_WHEN": "#dc2626",
    "HAS_LIMIT": "#059669",
    "PREREQUISITE_OF": "#7c3aed",
    "PART_OF": "#64748b",
    "INTEGRATES_WITH": "#0284c7",
    "COMPARED_WITH": "#db2777",
}
HIGHLIGHT_COLOUR = "#ef4444"
PANEL_FACTS = 8  # limits and USE_WHEN conditions each, in the details panel
TOOLTIP_EVIDENCE = 3  # note lines in a tooltip; the details panel shows them all
PANEL_EVIDENCE = 50

_TEMPLATES = Path(__file__).parent / "templates"
_VIS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True)


@lru_cache(maxsize=1)
def vis_assets() -> tuple[Markup, Markup]:
    """vis-network's (JavaScript, CSS) as pyvis ships them, to inline (neither contains a closing tag)."""
    return (Markup((_VIS / "vis-network.min.js").read_text(encoding="utf-8")),
            Markup((_VIS / "vis-network.css").read_text(encoding="utf-8")))


def escape(text: Any) -> str:
    """HTML-escaped text (quotes too): safe inside an element or an attribute.

    >>> escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape("" if text is None else str(text), quote=True)


def evidence_line(ev: dict[str, Any]) -> str:
    """``file:line  text`` — how a note line is cited everywhere in the app (plain text, not escaped)."""
    return f"{ev.get('file', '?')}:{ev.get('line', '?')}  {ev.get('text', '')}"


def node_title(attrs: dict[str, Any]) -> str:
    """The node's tooltip, HTML-escaped: name, kind (and category), its first note lines."""
    kind = attrs.get("kind", "")
    head = f"{attrs.get('name', '')} ({kind}{', ' + attrs['category'] if attrs.get('category') else ''})"
    lines = [head]
    if attrs.get("definition"):
        lines.append(f"= {attrs['definition']}")
    lines += [evidence_line(ev) for ev in (attrs.get("evidence") or ())[:TOOLTIP_EVIDENCE]]
    return escape("\n".join(lines))


def edge_title(attrs: dict[str, Any]) -> str:
    head = attrs.get("type", "")
    if attrs.get("condition"):
        head += f": {attrs['condition']}"
    lines = [head, *(evidence_line(ev) for ev in (attrs.get("evidence") or ())[:TOOLTIP_EVIDENCE])]
    return escape("\n".join(lines))


def node_facts(graph: nx.MultiDiGraph, node_id: str) -> list[str]:
    """What the details panel lists for a node: aliases, definition, category, limits, USE_WHEN and conflicts.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("service:sqs", kind="service", name="SQS", aliases=["Simple Queue Service"], evidence=[])
    >>> g.add_node("limit:sqs:size", kind="limit", bound="message size", qualifier="max", text="256 KB",
    ...            conflicts=["limit:sqs:size-2"], evidence=[])
    >>> _ = g.add_edge("service:sqs", "limit:sqs:size", type="HAS_LIMIT", evidence=[])
    >>> _ = g.add_edge("service:sqs", "service:sqs", type="USE_WHEN", condition="decoupling", evidence=[])
    >>> node_facts(g, "service:sqs")
    ['aliases: Simple Queue Service', 'limit: max message size: 256 KB (other notes disagree)', 'use when: decoupling']
    """
    attrs = graph.nodes[node_id]
    facts = [line for line in (
        "aliases: " + ", ".join(attrs["aliases"]) if attrs.get("aliases") else "",
        "definition: " + attrs["definition"] if attrs.get("definition") else "",
        "category: " + attrs["category"] if attrs.get("category") else "",
    ) if line]
    for fact in limit_facts(graph, node_id)[:PANEL_FACTS]:
        facts.append(f"limit: {fact.label}" + (" (other notes disagree)" if fact.conflicts else ""))
    for use in use_when_facts(graph, node_id)[:PANEL_FACTS]:
        facts.append(f"use when: {use.condition}")
    if attrs.get("kind") == "limit" and attrs.get("conflicts"):
        facts.append("conflicts with: " + ", ".join(graph.nodes[c].get("name") or c for c in attrs["conflicts"] if c in graph))
    return facts


def vis_nodes(graph: nx.MultiDiGraph, *, highlight: Iterable[str] = (), centre: str | None = None,
              positions: dict[str, tuple[float, float]] | None = None,
              details_from: nx.MultiDiGraph | None = None) -> list[dict[str, Any]]:
    """vis-network node records; ``highlight`` nodes get a red border, ``centre`` a larger font.

    The details panel's facts come from ``details_from`` (the whole graph) when given, so a node's
    limits and USE_WHEN conditions show even when the view has filtered those edges out."""
    marked = set(highlight)
    nodes = []
    for node_id, attrs in graph.nodes(data=True):
        kind = attrs.get("kind", "concept")
        style = KIND_STYLES.get(kind, KIND_STYLES["concept"])
        label = attrs.get("name") or node_id
        record: dict[str, Any] = {
            "id": node_id,
            "label": label if len(label) <= 40 else label[:39] + "…",
            "title": node_title(attrs),
            "shape": style.shape,
            "size": style.size,
            "color": {"background": style.colour, "border": HIGHLIGHT_COLOUR if node_id in marked else style.colour},
            "borderWidth": 4 if node_id in marked else 1,
            "kind": kind,
            "name": attrs.get("name") or node_id,
            "facts": node_facts(details_from if details_from is not None else graph, node_id),
            "evidence": [evidence_line(ev) for ev in (attrs.get("evidence") or ())[:PANEL_EVIDENCE]],
        }
        if node_id == centre:
            record["font"] = {"size": 22, "bold": True}
        if positions and node_id in positions:
            record["x"], record["y"] = positions[node_id]
        nodes.append(record)
    return nodes


def vis_edges(graph: nx.MultiDiGraph, *, labels: bool = True) -> list[dict[str, Any]]:
    edges = []
    for source, target, attrs in graph.edges(data=True):
        etype = attrs.get("type", "")
        edges.append({
            "from": source, "to": target, "label": etype if labels else "", "title": edge_title(attrs),
            "color": EDGE_COLOURS.get(etype, "#94a3b8"), "arrows": "to", "font": {"size": 9, "align": "middle"},
            "type": etype,
            "evidence": [evidence_line(ev) for ev in (attrs.get("evidence") or ())[:PANEL_EVIDENCE]],
        })
    return edges


def vis_options(*, physics: bool, hierarchical: bool, node_count: int) -> dict[str, Any]:
    """vis-network options: barnes-hut physics that stops once stable, or a fixed / hierarchical layout."""
    options: dict[str, Any] = {
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": node_count > 300},
        "edges": {"smooth": {"enabled": node_count <= 300, "type": "continuous"}},
        "nodes": {"font": {"size": 14}},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -4000, "springLength": 140, "avoidOverlap": 0.1},
            "stabilization": {"enabled": True, "iterations": 100 if node_count <= 300 else 50, "fit": True},
        },
        # vis-network's improved layout (Kamada-Kawai on clusters) costs seconds on a few hundred nodes.
        "layout": {"improvedLayout": node_count <= 100},
    }
    if hierarchical:
        options["layout"] = {"improvedLayout": True, "hierarchical": {"enabled": True, "direction": "UD", "sortMethod": "directed",
                                              "levelSeparation": 110, "nodeSpacing": 180}}
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical"}
    return options


def fixed_positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A deterministic layout for drawing without physics (a few spring iterations; cheap at the capped size)."""
    if graph.number_of_nodes() == 0:
        return {}
    layout = nx.spring_layout(nx.Graph(graph), seed=7, iterations=30)
    scale = 120 * max(graph.number_of_nodes(), 4) ** 0.5
    return {n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in layout.items()}


def graph_html(graph: nx.MultiDiGraph, *, physics: bool = True, hierarchical: bool = False,
               highlight: Iterable[str] = (), centre: str | None = None, height: int = 620,
               edge_labels: bool = True, heading: str = "", details_from: nx.MultiDiGraph | None = None) -> str:
    """A complete, offline HTML page drawing ``graph`` with pyvis (vis-network inlined).

    The page sets ``window.__drawnAt`` (ms since the epoch) after the first drawing, for tests and the bench,
    and shows a node's or edge's note lines in a panel when it is clicked.
    """
    positions = fixed_positions(graph) if not physics and not hierarchical else None
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line", heading=heading)
    # pyvis's add_node/add_edge check for duplicates with linear scans (quadratic on thousands of
    # items); the records are built above, so they are handed to pyvis whole.
    net.nodes = vis_nodes(graph, highlight=highlight, centre=centre, positions=positions, details_from=details_from)
    net.edges = vis_edges(graph, labels=edge_labels)
    net.node_ids = [n["id"] for n in net.nodes]
    net.options = vis_options(physics=physics, hierarchical=hierarchical, node_count=len(net.nodes))
    nodes, edges, heading, height_css, width_css, _ = net.get_network_data()
    vis_js, vis_css = vis_assets()
    present_kinds = {n["kind"] for n in nodes}
    present_types = {e["type"] for e in edges}
    return _env.get_template("graph.html").render(
        nodes=nodes, edges=edges, options=net.options, vis_js=vis_js, vis_css=vis_css, height=height_css, width=width_css, heading=heading,
        physics=physics and not hierarchical,
        kinds=[(k, s) for k, s in KIND_STYLES.items() if k in present_kinds],
        edge_types=[(t, c) for t, c in EDGE_COLOURS.items() if t in present_types],
    )
