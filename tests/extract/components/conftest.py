"""Shared fixtures: one pipeline for the whole session, and a helper that runs it on one line."""

from __future__ import annotations

import pytest

from extract.blocks import Block
from extract.mentions import BlockMentions
from extract.nlp import build_nlp, extract_blocks


@pytest.fixture(scope="session")
def nlp():
    return build_nlp()


@pytest.fixture(scope="session")
def run(nlp):
    """``run("Use X for Y", heading_path=("Amazon S3",))`` → the :class:`BlockMentions` of that line."""

    def _run(text: str, *, heading_path: tuple[str, ...] = (), kind: str = "bullet", fields=(), column: str = "",
             parent: str = "", emphasis: tuple[str, ...] = ()) -> BlockMentions:
        block = Block("note.md", 1, text, heading_path, kind, tuple(fields), column, emphasis, 0, parent)
        (mentions,) = list(extract_blocks(nlp, [block]))
        return mentions

    return _run


def names(refs) -> list[str]:
    return [r.text for r in refs]
