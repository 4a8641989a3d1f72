"""The examples in the app's modules' docstrings (pytest's --doctest-modules does not look in ui/, whose
views are Streamlit scripts that must not run on import)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["ui.render", "ui.text", "ui.connection", "ui.view", "ui.export", "ui.cypher", "ui.ingest", "tests.browser.harness"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
