"""The Cypher page under AppTest: on the embedded store (how to connect) and on a real Bolt server (ArcadeDB)."""

from __future__ import annotations

import pytest

from extract.document import to_node_link
from tests.ui.app_graphs import all_text, drawn_nodes, iframes, open_page, small_graph, use_graph
from ui.connection import StoreSettings
from ui.cypher import CypherRefused, run_read_only, write_clause


def test_embedded_store_says_how_to_connect_and_offers_the_built_in_queries(graph_file):
    at = open_page("cypher")
    assert not at.exception
    assert "Cypher needs Neo4j" in all_text(at)
    assert "servicemap app --neo4j" in at.code[0].value
    assert not at.text_area  # no query box without Neo4j


@pytest.mark.parametrize("query", ["CREATE (n:Service {id: 'x'})", "MATCH (n) DETACH DELETE n", "MATCH (n) SET n.name = 'x'",
                                   "MERGE (n:Concept {id: 'y'})", "MATCH (n) REMOVE n.name", "LOAD CSV FROM 'file:///x' AS row RETURN row",
                                   "CALL apoc.create.node(['X'], {})", "DROP CONSTRAINT service_id"])
def test_statements_that_write_are_refused_before_anything_is_sent(query):
    assert write_clause(query)
    with pytest.raises(CypherRefused, match="only reads"):
        run_read_only(StoreSettings(neo4j_uri="bolt://127.0.0.1:1"), query)  # nothing listens there: never reached


@pytest.mark.parametrize("query", ["MATCH (n:Service) RETURN n.name", "MATCH (n) WHERE n.name CONTAINS 'CREATE' RETURN n",
                                   "MATCH (n) RETURN n.settings // SET is a comment here"])
def test_reading_statements_pass_the_check(query):
    assert write_clause(query) is None


@pytest.fixture()
def neo4j_app(neo4j_store, bolt_server, tmp_path, monkeypatch):
    """The app on a Bolt server holding the small graph."""
    import networkx as nx

    graph = nx.node_link_graph(small_graph(), edges="edges")
    data = to_node_link(graph)
    neo4j_store.save([*(("nodes", n) for n in data["nodes"]), *(("edges", e) for e in data["edges"])], graph.graph)
    uri, user, password, database = bolt_server
    use_graph(monkeypatch, tmp_path / "absent.json")
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_USER", user)
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    if database:
        monkeypatch.setenv("NEO4J_DATABASE", database)
    return bolt_server


@pytest.mark.slow
def test_read_only_cypher_on_neo4j_gives_a_table_and_a_graph(neo4j_app):
    uri, _, password, _ = neo4j_app
    at = open_page("cypher", timeout=120)
    assert not at.exception
    text = all_text(at)
    assert f"Neo4j {uri}" in text and password not in text
    at.text_area[0].input("MATCH (s:Service)-[r:HAS_LIMIT]->(l:Limit) RETURN s, r, l").run()
    at.button(key="cypher_run").click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert len(table) == 3 and set(table.columns) == {"s", "r", "l"}
    drawn = drawn_nodes(iframes(at)[-1])
    assert {"service:amazon-s3", "limit:amazon-s3:object-size:max:5-tb"} <= set(drawn)
    assert any("notes/aws.md:6" in line for line in drawn["limit:amazon-s3:object-size:max:5-tb"]["evidence"])

    at.text_area[0].input("MATCH (n) DETACH DELETE n").run()
    at.button(key="cypher_run").click().run()
    assert "This page only reads: DETACH would change the graph" in all_text(at)
    at.text_area[0].input("MATCH (n:Service) RETURN count(n) AS services").run()
    at.button(key="cypher_run").click().run()
    assert at.dataframe[-1].value["services"].iloc[0] == "5"  # the refused statement changed nothing
