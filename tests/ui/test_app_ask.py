"""The Ask page under AppTest (loads the sentence-embedding model once: slow)."""

from __future__ import annotations

import pytest

from tests.ui.app_graphs import all_text, open_page, small_graph, use_graph, write_graph


@pytest.fixture()
def graph_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICEMAP_CACHE_DIR", "")  # no embedding cache written outside the test
    return use_graph(monkeypatch, write_graph(tmp_path / "graph.json", small_graph()))


@pytest.mark.slow
def test_ranked_answers_with_their_note_lines(graph_file):
    at = open_page("ask", timeout=180)
    assert "Describe a situation" in at.info[0].value
    at.text_area(key="ask_question").input("I need to keep every version of my objects")
    at.button[0].click().run(timeout=180)
    assert not at.exception
    text = all_text(at)
    first_two = [line for line in text.splitlines() if line.startswith(("**1. ", "**2. "))]
    assert any("Versioning" in line for line in first_two) and any("Amazon S3" in line for line in first_two)
    assert "keep every version" in text and "aws.md:3" in text


def test_an_empty_question_asks_for_one(graph_file):
    at = open_page("ask")
    at.text_area(key="ask_question").input("   ")
    at.button[0].click().run()
    assert not at.exception
    assert "Describe a situation" in at.info[0].value
