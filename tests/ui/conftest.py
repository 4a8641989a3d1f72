"""The app's page tests share one small graph (tests/ui/app_graphs.py), written fresh for each test."""

from __future__ import annotations

import pytest

from tests.ui.app_graphs import small_graph, use_graph, write_graph


@pytest.fixture()
def graph_file(tmp_path, monkeypatch):
    """The small graph as the app's embedded file (a test file may override this fixture)."""
    return use_graph(monkeypatch, write_graph(tmp_path / "graph.json", small_graph()))
