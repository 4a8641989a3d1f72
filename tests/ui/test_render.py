"""ui.render as strings: offline assets, escaping, styles, options."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from tests.ui.app_graphs import HOSTILE_IMG, HOSTILE_SCRIPT, drawn_nodes, drawn_options, small_graph, synthetic_graph
from ui.render import EDGE_COLOURS, KIND_STYLES, graph_html, node_title, vis_assets


@pytest.fixture(scope="module")
def graph():
    return nx.node_link_graph(small_graph(), edges="edges")


@pytest.fixture(scope="module")
def page(graph):
    return graph_html(graph)


def test_nothing_is_loaded_from_the_network(page):
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", page, re.IGNORECASE)
    assert "cdnjs" not in page and "jsdelivr" not in page and "bootstrap" not in page.lower()
    assert not re.search(r"url\(\s*['\"]?https?:", page)


def test_vis_network_js_and_css_are_inlined(page):
    assert "vis-network" in page and page.count("<script>") >= 2
    assert ".vis-network" in page  # its stylesheet
    assert "new vis.Network(" in page


def test_hostile_text_never_reaches_the_page_as_markup(page):
    assert HOSTILE_IMG not in page and HOSTILE_SCRIPT not in page
    js, css = vis_assets()
    ours = page.replace(js, "").replace(css, "")  # the page without vis-network's own code
    assert "<img" not in ours and ours.count("<script>") == ours.count("</script>") == 2
    # Inside the data the text is kept, JSON-escaped (\u003c…), and tooltips are HTML-escaped first.
    evil = drawn_nodes(page)["concept:evil"]
    assert evil["label"].startswith("Evil <img") and "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in evil["title"]
    assert any(HOSTILE_SCRIPT in line for line in evil["evidence"])


def test_titles_are_escaped(graph):
    title = node_title(graph.nodes["concept:evil"])
    assert "<" not in title and ">" not in title and '"' not in title
    assert "notes/evil.md:30" in title


def test_colour_and_shape_by_kind_and_a_legend(page):
    nodes = drawn_nodes(page)
    assert nodes["service:amazon-s3"]["shape"] == KIND_STYLES["service"].shape
    assert nodes["concept:versioning"]["color"]["background"] == KIND_STYLES["concept"].colour
    assert nodes["limit:amazon-s3:object-size:max:5-tb"]["shape"] == "diamond"
    legend = page.split('<div id="legend">', 1)[1].split("</div>", 1)[0]
    for name in (*KIND_STYLES, *EDGE_COLOURS):
        assert name in legend


def test_edges_are_labelled_by_type(page):
    edges = json.loads(page.split("new vis.DataSet(", 2)[2].split(");", 1)[0])
    assert {e["label"] for e in edges} == set(EDGE_COLOURS)
    assert all(e["color"] == EDGE_COLOURS[e["type"]] for e in edges)


def test_physics_off_gives_fixed_positions(graph):
    nodes = drawn_nodes(graph_html(graph, physics=False))
    assert all("x" in n and "y" in n for n in nodes.values())
    assert drawn_options(graph_html(graph, physics=False))["physics"]["enabled"] is False
    assert drawn_options(graph_html(graph))["physics"]["enabled"] is True


def test_hierarchical_layout(graph):
    options = drawn_options(graph_html(graph, hierarchical=True))
    assert options["layout"]["hierarchical"]["enabled"] and options["layout"]["hierarchical"]["sortMethod"] == "directed"


def test_five_thousand_nodes_render_quickly():
    import time

    big = nx.node_link_graph(synthetic_graph(5000), edges="edges")
    start = time.perf_counter()
    page = graph_html(big)
    assert time.perf_counter() - start < 3
    assert len(drawn_nodes(page)) == 5000


def test_the_details_panel_lists_limits_and_use_when_from_the_whole_graph(graph):
    only_s3 = graph.subgraph(["service:amazon-s3", "concept:versioning"])  # the limits are filtered out of the view
    facts = drawn_nodes(graph_html(only_s3, details_from=graph))["service:amazon-s3"]["facts"]
    assert "limit: max object size: 5 TB (other notes disagree)" in facts
    assert "use when: keep every version" in facts
    assert not any(f.startswith("limit:") for f in drawn_nodes(graph_html(only_s3))["service:amazon-s3"]["facts"])
