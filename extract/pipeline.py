"""Notes → graph document: find files, read them into blocks, run the pipeline, resolve.

This is the Python API behind ``servicemap extract`` and ``servicemap build``. A file
that can't be read is reported with its name and the reason; every other file still
goes in. ``jobs > 1`` spreads files over worker processes, each with its own pipeline.
With ``cache_dir``, each file's extraction is kept there (:mod:`extract.cache`) and a rebuild
extracts only the files whose bytes changed; resolution still runs over every file.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx
from spacy.language import Language

from extract.blocks import ReadResult
from extract.cache import ExtractionCache, content_digest, extractor_version
from extract.errors import NoteError
from extract.lexicon import load_lexicon
from extract.mentions import BlockMentions
from extract.nlp import build_nlp, extract_blocks
from extract.readers import MAX_BYTES, display_path, find_note_files, read_note_bytes, read_note_file
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
    digest: str = ""  # of the bytes read, when they were read whole (what a cache entry is valid for)


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
    data = read_whole(path)
    if data is not None:
        try:
            return outcome_of(nlp, path, read_note_bytes(data, display_path(path)), content_digest(data))
        except NoteError as err:
            return FileOutcome(path=str(path), error=str(err))
    outcome = FileOutcome(path=str(path))
    try:
        result = read_note_file(path)  # the reader's checks name what is wrong with the file
    except NoteError as err:
        outcome.error = str(err)
        return outcome
    except OSError as err:  # a file that vanished or broke between listing and reading
        outcome.error = f"{path}: cannot be read ({err.strerror or err})."
        return outcome
    return outcome_of(nlp, path, result)


def read_whole(path: Path, max_bytes: int = MAX_BYTES) -> bytes | None:
    """The bytes of an ordinary note file, or ``None`` for anything else (missing, a folder, too
    large, unreadable), which :func:`extract.readers.read_note_file` then explains."""
    try:
        if not path.is_file() or path.stat().st_size > max_bytes:
            return None
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    return data if len(data) <= max_bytes else None


def outcome_of(nlp: Language, path: Path, result: ReadResult, digest: str = "") -> FileOutcome:
    """Run the pipeline over the blocks of one read file."""
    return FileOutcome(path=str(path), file=result.file, format=result.format, blocks=len(result.blocks),
                       mentions=list(extract_blocks(nlp, result.blocks)), warnings=list(result.warnings), digest=digest)


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


def cached_outcomes(files: list[Path], cache: ExtractionCache, *, jobs: int = 1, lexicon_dir: Path | None = None,
                    nlp: Language | None = None) -> Iterator[FileOutcome]:
    """Outcomes in file order: from the cache for files whose bytes it knows, else extracted (and stored)."""
    cached: dict[int, FileOutcome] = {}
    for i, path in enumerate(files):
        data = read_whole(path)
        if data is not None:
            hit = cache.get(path, display_path(path), content_digest(data))
            if hit is not None:
                hit.path = str(path)
                cached[i] = hit
    fresh = iter_outcomes([p for i, p in enumerate(files) if i not in cached], jobs=jobs, lexicon_dir=lexicon_dir, nlp=nlp)
    for i, path in enumerate(files):
        if i in cached:
            yield cached.pop(i)
            continue
        outcome = next(fresh)
        if outcome.digest and not outcome.error:
            cache.put(path, outcome.file, outcome.digest, outcome)
        yield outcome


def extract_paths(paths: Iterable[str | Path], *, jobs: int = 1, lexicon_dir: Path | None = None,
                  nlp: Language | None = None,
                  on_file: Callable[[FileOutcome], None] | None = None,
                  cache_dir: str | Path | None = None) -> ExtractResult:
    """Extract the graph document from note files and folders.

    ``cache_dir`` keeps each file's extraction there, so the next call re-extracts only the files
    that changed; the document is the same as without it.

    Examples
    --------
    ::

        result = extract_paths(["data/notes"], jobs=2, cache_dir="data/.cache")
        result.graph.nodes["service:amazon-s3"]["name"]   # 'Amazon S3'
        result.report.rejected                             # one line per file that could not be read
    """
    files, errors = find_note_files(paths)
    report = ExtractReport(rejected=list(errors))
    resolver = Resolver(load_lexicon(lexicon_dir))
    cache = None
    if cache_dir is not None:
        config = nlp.config.to_str() if nlp is not None else ""  # a caller's own pipeline gets its own entries
        cache = ExtractionCache(cache_dir, extractor_version(lexicon_dir, config))
        outcomes = cached_outcomes(files, cache, jobs=jobs, lexicon_dir=lexicon_dir, nlp=nlp)
    else:
        outcomes = iter_outcomes(files, jobs=jobs, lexicon_dir=lexicon_dir, nlp=nlp)
    for outcome in outcomes:
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
    if cache is not None:
        cache.prune(keep=files)
    return ExtractResult(resolver.finish(), report)
