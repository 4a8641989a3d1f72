"""Notes → graph document: find files, read them into blocks, run the pipeline, resolve.

This is the Python API behind ``servicemap extract`` and ``servicemap build``. A file
that can't be read is reported with its name and the reason; every other file still
goes in. ``jobs > 1`` spreads files over worker processes, each with its own pipeline.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx
from spacy.language import Language

from extract.errors import NoteError
from extract.lexicon import load_lexicon
from extract.mentions import BlockMentions
from extract.nlp import build_nlp, extract_blocks
from extract.readers import find_note_files, read_note_file
from extract.resolve import GraphDoc, Resolver


@dataclass
class FileOutcome:
    """What happened to one note file."""

    path: str
    file: str = ""
    format: str = ""
    blocks: int = 0
    mentions: list[BlockMentions] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class ExtractReport:
    files_read: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # one-line messages naming the file and the reason
    warnings: list[str] = field(default_factory=list)
    blocks: int = 0


@dataclass
class ExtractResult:
    doc: GraphDoc
    report: ExtractReport

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        return self.doc.to_networkx()


def process_file(nlp: Language, path: Path) -> FileOutcome:
    """Read one file and run the pipeline over its blocks; errors become the outcome's ``error``."""
    outcome = FileOutcome(path=str(path))
    try:
        result = read_note_file(path)
    except NoteError as err:
        outcome.error = str(err)
        return outcome
    except OSError as err:  # a file that vanished or broke between listing and reading
        outcome.error = f"{path}: cannot be read ({err.strerror or err})."
        return outcome
    outcome.file, outcome.format, outcome.warnings = result.file, result.format, list(result.warnings)
    outcome.blocks = len(result.blocks)
    outcome.mentions = list(extract_blocks(nlp, result.blocks))
    return outcome


_worker_nlp: Language | None = None


def _init_worker(lexicon_dir: str | None) -> None:
    global _worker_nlp
    _worker_nlp = build_nlp(Path(lexicon_dir) if lexicon_dir else None)


def _process_in_worker(path: Path) -> FileOutcome:
    assert _worker_nlp is not None
    return process_file(_worker_nlp, path)


def iter_outcomes(files: list[Path], *, jobs: int = 1, lexicon_dir: Path | None = None,
                  nlp: Language | None = None) -> Iterator[FileOutcome]:
    """Outcomes in file order, computed here or in ``jobs`` worker processes."""
    if jobs <= 1 or len(files) <= 1:
        nlp = nlp or build_nlp(lexicon_dir)
        for path in files:
            yield process_file(nlp, path)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                             initargs=(str(lexicon_dir) if lexicon_dir else None,)) as pool:
        yield from pool.map(_process_in_worker, files, chunksize=1)


def extract_paths(paths: Iterable[str | Path], *, jobs: int = 1, lexicon_dir: Path | None = None,
                  nlp: Language | None = None,
                  on_file: Callable[[FileOutcome], None] | None = None) -> ExtractResult:
    """Extract the graph document from note files and folders.

    Examples
    --------
    ::

        result = extract_paths(["data/notes"], jobs=2)
        result.graph.nodes["service:amazon-s3"]["name"]   # 'Amazon S3'
        result.report.rejected                             # one line per file that could not be read
    """
    files, errors = find_note_files(paths)
    report = ExtractReport(rejected=list(errors))
    resolver = Resolver(load_lexicon(lexicon_dir))
    for outcome in iter_outcomes(files, jobs=jobs, lexicon_dir=lexicon_dir, nlp=nlp):
        if outcome.error:
            report.rejected.append(outcome.error)
        else:
            report.files_read.append(outcome.file)
            report.warnings.extend(outcome.warnings)
            report.blocks += outcome.blocks
            resolver.add_file(outcome.file, outcome.mentions)
        if on_file is not None:
            on_file(outcome)
        outcome.mentions = []  # resolved: let the memory go
    return ExtractResult(resolver.finish(), report)
