"""What the spaCy pipeline finds in one block, before anything is resolved to a node.

These records are plain, picklable values: they cross process boundaries when
``--jobs`` spreads files over workers, and :mod:`extract.resolve` turns them into
one node per real thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.blocks import Block


@dataclass(frozen=True, slots=True)
class Ref:
    """A pointer to a service or concept as the note names it.

    ``kind`` is ``"service"`` (``key`` is the lexicon id), ``"concept"`` (``key`` is
    the lexicon id for concepts the lexicon knows) or ``"phrase"`` (a noun phrase that
    resolution matches against known concepts and services, and otherwise makes a
    concept of; its ``key`` may hold the id of the service it names as a prefix, as in
    "S3 Lifecycle Rules").
    """

    kind: str
    key: str
    text: str


@dataclass(frozen=True, slots=True)
class ConceptMention:
    """A concept named in a block. ``strong`` mentions define it (heading, bold term,
    glossary term, "X = …"); weak ones (recurring noun phrases) only count when the
    corpus repeats them. A ``loose`` definition ("Stages → dev/test/prod") counts only
    when no line defines the concept otherwise."""

    name: str
    strong: bool
    part_of: Ref | None = None
    aliases: tuple[str, ...] = ()
    definition: str = ""
    loose: bool = False


@dataclass(frozen=True, slots=True)
class LimitMention:
    """A numeric fact: ``value`` ``unit`` bounds ``bound`` of ``subject``."""

    subject: Ref | None
    value: float
    unit: str
    qualifier: str  # max | min | default | exact
    bound: str
    text: str


@dataclass(frozen=True, slots=True)
class RelationMention:
    """An edge as stated: ``source`` -TYPE-> ``target`` (target ``None`` = the section's subject)."""

    type: str
    source: Ref
    target: Ref | None
    condition: str = ""
    rule: str = ""


@dataclass(frozen=True, slots=True)
class BlockMentions:
    """Everything the pipeline found in one block, with the block for evidence."""

    block: Block
    subject: Ref | None = None
    services: tuple[Ref, ...] = ()
    concepts: tuple[ConceptMention, ...] = ()
    limits: tuple[LimitMention, ...] = ()
    relations: tuple[RelationMention, ...] = ()
    phrases: tuple[str, ...] = field(default=())  # capitalised noun phrases, for recurring-concept discovery
    definition: tuple[Ref, str] | None = None  # a lexicon entry this block defines, and the defining sentence
    head_definition: tuple[Ref, str] | None = None  # a lexicon entry the block opens with, and what its head mark says
