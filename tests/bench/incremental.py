"""Incremental builds: a full build against rebuilds from the per-file extraction cache.

    python -m tests.bench.incremental            # on a copy of data/notes
    python -m tests.bench.incremental 10         # on a 10x synthetic corpus

Times extraction (no cache; cache empty; nothing changed; one file changed) and the
embedded store's save after each, with what the save wrote. The notes are copied to a
temp folder first, so the sample is never touched.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extract.pipeline import extract_paths
from graph.embedded import EmbeddedStore
from tests.bench.make_corpus import SAMPLE, make_corpus


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    root = Path(tempfile.mkdtemp(prefix="servicemap-incremental-"))
    notes, cache, graph = root / "notes", root / ".cache", root / "graph.json"
    try:
        if size == 1:
            shutil.copytree(SAMPLE, notes)
        else:
            make_corpus(size, notes)
        store = EmbeddedStore(graph)
        table = Table(title=f"Incremental builds, {size}x sample notes ({len(list(notes.iterdir()))} files), jobs={jobs}")
        for col in ("build", "extract s", "cache hits", "save s", "save wrote"):
            table.add_column(col, justify="right")

        def build(name: str, cache_dir: Path | None) -> None:
            start = time.perf_counter()
            result = extract_paths([notes], jobs=jobs, cache_dir=cache_dir)
            extracted = time.perf_counter() - start
            start = time.perf_counter()
            counts = store.save(result.doc.node_link(), result.doc.graph_attrs())
            saved = time.perf_counter() - start
            entries = len(list(cache.glob("*.entry"))) if cache_dir and cache.exists() else 0
            table.add_row(name, f"{extracted:.2f}", str(entries) if cache_dir else "", f"{saved:.2f}", str(counts))

        build("full, no cache", None)
        build("full, empty cache", cache)
        build("nothing changed", cache)
        one = sorted(notes.iterdir())[0]
        one.write_text(one.read_text(encoding="utf-8", errors="replace") + "\n- Amazon SQS max message size 256 KB\n",
                       encoding="utf-8")
        build(f"{one.name} changed", cache)
        Console(width=200).print(table)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
