"""A running app on a small graph (with a hostile note) and a headless Chromium, shared by the browser tests."""

from __future__ import annotations

import pytest

from tests.browser.harness import APP, ARTIFACTS, browser_missing, chromium, streamlit_server
from tests.ui.app_graphs import small_graph, write_graph


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    missing = browser_missing()
    if missing:  # a required part, not an optional one: `make test` installs it
        pytest.fail(f"{missing}; `make test` installs Debian's chromium and chromium-driver")
    folder = tmp_path_factory.mktemp("app")
    graph = write_graph(folder / "graph.json", small_graph())
    with streamlit_server(APP, ["--graph", str(graph)], env={"SERVICEMAP_CACHE_DIR": ""}) as url:
        yield url


@pytest.fixture(scope="session")
def driver(app_url):
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
