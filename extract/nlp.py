"""Builds the spaCy pipeline from component names and runs it over blocks.

``spacy.blank("en")`` plus our components is all it takes: no model is downloaded.
Each component reads the block it runs on from ``doc._.block`` and writes its
findings to ``doc.spans["lexicon"]`` or a ``doc._`` attribute; :func:`mentions_of`
collects them into a picklable :class:`~extract.mentions.BlockMentions`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing the component modules registers their factories.
from extract.components import concepts, definitions, limits, relations, services, subjects, use_when  # noqa: F401
from extract.blocks import Block
from extract.components.phrases import lexicon_spans, span_ref
from extract.mentions import BlockMentions

PIPELINE = ("service_mentions", "section_subject", "concept_mentions", "lexicon_definitions", "limit_mentions", "use_when",
            "relation_mentions")
_EXTENSIONS = ("block", "subject", "concepts", "definition", "head_definition", "limits", "relations", "phrases")


def register_extensions() -> None:
    for name in _EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def build_nlp(lexicon_dir: Path | None = None) -> Language:
    """A blank English pipeline with servicemap's components, in data-flow order."""
    register_extensions()
    nlp = spacy.blank("en")
    for name in PIPELINE:
        config = {"lexicon_dir": str(lexicon_dir) if lexicon_dir else None} if name == "service_mentions" else {}
        nlp.add_pipe(name, config=config)
    return nlp


def make_doc(nlp: Language, block: Block) -> Doc:
    doc = nlp.make_doc(block.text)
    doc._.block = block
    doc.user_data["servicemap.text"] = block.text
    return doc


def mentions_of(doc: Doc) -> BlockMentions:
    return BlockMentions(
        block=doc._.block,
        subject=doc._.subject,
        services=tuple(span_ref(s) for s in lexicon_spans(doc)),
        concepts=tuple(doc._.concepts or ()),
        limits=tuple(doc._.limits or ()),
        relations=tuple(doc._.relations or ()),
        phrases=tuple(doc._.phrases or ()),
        definition=doc._.definition,
        head_definition=doc._.head_definition,
    )


def extract_blocks(nlp: Language, blocks: Iterable[Block], *, batch_size: int = 512) -> Iterator[BlockMentions]:
    """Run the pipeline over blocks, yielding what each one mentions."""
    docs = (make_doc(nlp, block) for block in blocks if block.text.strip())
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield mentions_of(doc)
