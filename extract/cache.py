"""A per-file cache of extraction results, so a rebuild re-reads only the note files that changed.

Everything :func:`extract.pipeline.extract_paths` computes for one file before resolution
(its blocks' count, format, warnings and mentions) is kept in one entry per file, valid
while the file's bytes, the name it is shown by and the extractor (its code, its lexicon,
spaCy and Python) are the same. Resolution always runs over all files, from the cached
entries and the fresh ones, so a build from the cache is the build from scratch.

An entry is a header line of JSON (what it is valid for) and a pickle of the result, written
to a temp file and renamed into place: a crash leaves the old entry or the new one. Pickle
is fine here because the cache folder is the user's own, next to their graph (``data/.cache/``);
an entry that can't be read is a miss. Entries of files that no longer exist are removed
by :meth:`ExtractionCache.prune`.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import spacy

from extract.lexicon import LEXICON_DIR

CACHE_FORMAT = 1
MAGIC = b"servicemap-extract-cache\n"
EXTRACT_DIR = Path(__file__).resolve().parent
STALE_TEMP_SECONDS = 3600  # a temp file this old is no other build's entry in the making


def content_digest(data: bytes) -> str:
    """The digest of a note file's bytes.

    >>> content_digest(b"# Amazon S3") == content_digest(b"# Amazon S3") != content_digest(b"# Amazon S3 ")
    True
    """
    return hashlib.blake2b(data, digest_size=20).hexdigest()


@lru_cache(maxsize=8)
def extractor_version(lexicon_dir: Path | None = None, pipeline_config: str = "") -> str:
    """A digest of everything that decides what extraction makes of a file: the code of ``extract/``,
    the lexicon it reads, the pipeline's config (when a caller brings its own), spaCy's and Python's versions."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (f"format {CACHE_FORMAT}", f"spacy {spacy.__version__}", f"python {sys.version_info[:2]}", pipeline_config):
        digest.update(part.encode() + b"\0")
    for source in sorted(EXTRACT_DIR.rglob("*.py")):
        digest.update(source.relative_to(EXTRACT_DIR).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    lexicon = Path(lexicon_dir or LEXICON_DIR) / "services.json"
    digest.update(lexicon.read_bytes() if lexicon.exists() else b"(no lexicon)")
    return digest.hexdigest()


class ExtractionCache:
    """Cached results of one extractor version in ``folder``: ``get`` them by file, ``put`` new ones."""

    def __init__(self, folder: str | Path, version: str):
        self.folder = Path(folder)
        self.version = version
        self.hits = self.misses = self.write_errors = 0

    def _entry(self, path: Path) -> Path:
        name = hashlib.blake2b(os.path.abspath(path).encode(), digest_size=16).hexdigest()
        return self.folder / f"{name}.entry"

    def _header(self, path: Path, shown: str, digest: str) -> dict[str, Any]:
        return {"path": os.path.abspath(path), "shown": shown, "digest": digest, "version": self.version}

    def get(self, path: Path, shown: str, digest: str) -> Any | None:
        """The result stored for this file with these bytes (``digest``) under this name, or ``None``."""
        try:
            with self._entry(path).open("rb") as fh:
                if fh.readline() != MAGIC or json.loads(fh.readline()) != self._header(path, shown, digest):
                    raise ValueError("stale entry")
                result = pickle.load(fh)
        except Exception:  # noqa: BLE001 - missing, stale, truncated or from another version: a miss
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, path: Path, shown: str, digest: str, result: Any) -> None:
        """Store ``result`` for this file; a folder that can't be written only means no cache."""
        entry = self._entry(path)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
        except OSError:
            self.write_errors += 1
            return
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(MAGIC)
                out.write(json.dumps(self._header(path, shown, digest)).encode() + b"\n")
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except OSError:
            self.write_errors += 1
            Path(tmp).unlink(missing_ok=True)

    def prune(self, keep: Iterable[Path] = ()) -> int:
        """Remove entries whose note file no longer exists (and temp files left by a crash); returns how many."""
        kept = {self._entry(path).name for path in keep}
        removed = 0
        for entry in self.folder.glob("*") if self.folder.is_dir() else ():
            if entry.name in kept:
                continue
            abandoned = entry.suffix == ".tmp" and time.time() - entry.stat().st_mtime > STALE_TEMP_SECONDS
            if abandoned or (entry.suffix == ".entry" and not _source_exists(entry)):
                entry.unlink(missing_ok=True)
                removed += 1
        return removed


def _source_exists(entry: Path) -> bool:
    try:
        with entry.open("rb") as fh:
            if fh.readline() != MAGIC:
                return False
            return Path(json.loads(fh.readline())["path"]).exists()
    except (OSError, ValueError, KeyError, TypeError):
        return False
