"""``make bench`` (Neo4j part): load speed of the Neo4j store against ArcadeDB's Bolt server.

    python -m tests.bench.neo4j_load            # the sample graph (3 rounds) and both 100x graphs (1 round)
    python -m tests.bench.neo4j_load 1 5        # the sample graph only, 5 rounds
    python -m tests.bench.neo4j_load 100t       # the sample graph 100 times over only

Two synthetic graphs at 100× (tests/bench/make_corpus.py): ``100x notes`` is what the extractor
makes of the sample notes copied 100 times (the same topics, each with 100 times the evidence:
about 155 MB of note lines, so both loaders are bound by the bytes the server ingests), and
``100x graph`` is the sample graph copied 100 times over (100 times the topics and relationships,
each with the sample's evidence: what nodes/s and relationships/s measure).

The batched loader (UNWIND; transactions of up to 1000 rows and about 4 MB, consecutive
statements sharing one) against the same store with ``batch_size=1``: the same statements,
one row each, each in its own transaction. ArcadeDB
runs on a JIT, so a load into a cold server is several times slower than the same load a
few seconds later: the server is warmed first with both loaders, then each round loads into
an empty database with the per-row loader and the batched one in turn, and the medians are
compared. Then the time of a second build with no change, and of a rebuild after one note
file changed (its rows only). Every save is timed as ``servicemap build`` makes it, with
the document's digest (``GraphDoc.digest()``, computed inside the timing). Prints nodes/s and
relationships/s.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extract.pipeline import extract_paths
from graph.neo4j_store import Neo4jStore
from tests.bench.make_corpus import SAMPLE, make_corpus, scale_doc
from tests.bolt_server import arcadedb_server

LOADERS = (("batched", 1000), ("per row", 1))


def timed_save(store: Neo4jStore, doc) -> tuple[float, dict]:
    start = time.perf_counter()
    counts = store.save(doc.node_link(), doc.graph_attrs(), digest=doc.digest())
    return time.perf_counter() - start, counts


def rust_packing() -> bool:
    """Whether the driver packs Bolt messages with its Rust extension (``neo4j-rust-ext``)."""
    from neo4j._codec.packstream import v1

    return v1._rust_pack is not None


def corpus(size: int) -> Path:
    """A temp folder with the notes of a size-times corpus (the sample notes themselves at 1)."""
    folder = Path(tempfile.mkdtemp(prefix="servicemap-bench-"))
    if size == 1:
        for note in sorted(SAMPLE.iterdir()):
            shutil.copyfile(note, folder / note.name)
    else:
        make_corpus(size, folder)
    return folder


def one_file_changed(folder: Path, cache: Path):
    """The document after one note file got a new line (a new fact, evidence moved on in that file)."""
    note = sorted(folder.iterdir())[0]
    note.write_text(note.read_text(encoding="utf-8", errors="replace") + "\n- Amazon SQS max message size 256 KB\n",
                    encoding="utf-8")
    return extract_paths([folder], jobs=2, cache_dir=cache).doc


def documents(spec: str, console: Console):
    """(label, the document, the document after one note file changed, the document to warm the server with)."""
    times = int(spec.rstrip("t"))
    folder, cache = corpus(1 if spec.endswith("t") else times), Path(tempfile.mkdtemp(prefix="servicemap-bench-cache-"))
    try:
        start = time.perf_counter()
        doc = extract_paths([folder], jobs=2, cache_dir=cache).doc
        changed, warm = one_file_changed(folder, cache), doc
        if spec.endswith("t"):  # the sample graph copied: the first copy's file is the one that changed
            label = f"{times}x graph"
            doc, changed = scale_doc([doc] * times), scale_doc([changed] + [doc] * (times - 1))
        else:
            label = f"{times}x notes" if times > 1 else "1x"
        console.print(f"{label}: {len(doc.nodes)} nodes, {len(doc.edges)} relationships "
                      f"in {time.perf_counter() - start:.0f} s")
        return label, doc, changed, warm
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    specs = (sys.argv[1] if len(sys.argv) > 1 else "1,100,100t").split(",")
    rounds_asked = int(sys.argv[2]) if len(sys.argv) > 2 else None
    console = Console(width=250)
    table = Table(title="Neo4j store on ArcadeDB (Bolt): batched UNWIND vs one statement per row "
                        f"(driver packing: {'Rust' if rust_packing() else 'pure Python'})")
    for col in ("graph", "nodes", "rels", "loader", "rounds", "median s", "all s", "nodes/s", "rels/s", "speed-up",
                "2nd build s", "2nd / 1st", "1 file changed s"):
        table.add_column(col, justify="right")
    with arcadedb_server() as (uri, user, password, database):
        for spec in specs:
            rounds = rounds_asked or (3 if spec == "1" else 1)
            label, doc, changed_doc, warm = documents(spec, console)
            n, r = len(doc.nodes), len(doc.edges)
            stores = {name: Neo4jStore(uri, user, password, database, batch_size=batch) for name, batch in LOADERS}
            # Warm the server's JIT on both paths, then grow its files to the graph's size once: a
            # first load into new files takes up to twice as long, and only the first loader would pay it.
            for name, warm_doc in [(name, warm) for name in ("batched", "batched", "per row", "batched")] + [
                    ("batched", doc)] * (warm is not doc):
                stores[name].clear()
                timed_save(stores[name], warm_doc)
            times: dict[str, list[float]] = {name: [] for name, _ in LOADERS}
            for _ in range(rounds):
                for name, store in reversed(stores.items()):
                    store.clear()
                    times[name].append(timed_save(store, doc)[0])
                    console.print(f"{label}, {name}: {times[name][-1]:.2f} s")
            batched = stores["batched"]
            second, counts = timed_save(batched, doc)
            assert counts == {"nodes_written": 0, "edges_written": 0, "deleted": 0}, counts
            changed, changed_counts = timed_save(batched, changed_doc)
            per_row = statistics.median(times["per row"])
            for name, _ in LOADERS:
                first = statistics.median(times[name])
                is_batched = name == "batched"
                table.add_row(label, str(n), str(r), name, str(rounds), f"{first:.2f}",
                              " ".join(f"{t:.2f}" for t in times[name]), f"{n / first:.0f}", f"{r / first:.0f}",
                              f"{per_row / first:.1f}x (target >= 10)" if is_batched else "1.0x",
                              f"{second:.2f}" if is_batched else "",
                              f"{second / first:.2f} (target < 0.2)" if is_batched else "",
                              f"{changed:.2f} {changed_counts}" if is_batched else "")
            for store in stores.values():
                store.close()
            console.print(table)  # after each graph too, so a long run shows its figures as they come


if __name__ == "__main__":
    main()
