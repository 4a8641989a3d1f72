"""``make bench`` (Neo4j part): load speed of the Neo4j store against ArcadeDB's Bolt server.

    python -m tests.bench.neo4j_load            # the sample graph (3 rounds) and the 100x synthetic graph (1 round)
    python -m tests.bench.neo4j_load 1 5        # the sample graph only, 5 rounds

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
from tests.bench.make_corpus import SAMPLE, make_corpus
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


def corpus(size: int) -> tuple[Path, Path | None]:
    """The notes of a size-times corpus, and the temp folder to remove afterwards."""
    if size == 1:
        folder = Path(tempfile.mkdtemp(prefix="servicemap-bench-"))
        for note in sorted(SAMPLE.iterdir()):
            shutil.copyfile(note, folder / note.name)
        return folder, folder
    folder = Path(tempfile.mkdtemp(prefix="servicemap-bench-"))
    make_corpus(size, folder)
    return folder, folder


def one_file_changed(folder: Path, cache: Path):
    """The document after one note file got a new line (a new fact, evidence moved on in that file)."""
    note = sorted(folder.iterdir())[0]
    note.write_text(note.read_text(encoding="utf-8", errors="replace") + "\n- Amazon SQS max message size 256 KB\n",
                    encoding="utf-8")
    return extract_paths([folder], jobs=2, cache_dir=cache).doc


def main() -> None:
    sizes = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "1,100").split(",")]
    rounds_asked = int(sys.argv[2]) if len(sys.argv) > 2 else None
    console = Console(width=250)
    table = Table(title="Neo4j store on ArcadeDB (Bolt): batched UNWIND vs one statement per row "
                        f"(driver packing: {'Rust' if rust_packing() else 'pure Python'})")
    for col in ("graph", "nodes", "rels", "loader", "rounds", "median s", "all s", "nodes/s", "rels/s", "speed-up",
                "2nd build s", "2nd / 1st", "1 file changed s"):
        table.add_column(col, justify="right")
    with arcadedb_server() as (uri, user, password, database):
        for size in sizes:
            rounds = rounds_asked or (3 if size == 1 else 1)
            folder, temp = corpus(size)
            start = time.perf_counter()
            cache = Path(tempfile.mkdtemp(prefix="servicemap-bench-cache-"))
            doc = extract_paths([folder], jobs=2, cache_dir=cache).doc
            console.print(f"{size}x: extracted {len(doc.nodes)} nodes, {len(doc.edges)} relationships "
                          f"in {time.perf_counter() - start:.0f} s")
            n, r = len(doc.nodes), len(doc.edges)
            stores = {name: Neo4jStore(uri, user, password, database, batch_size=batch) for name, batch in LOADERS}
            for name in ("batched", "batched", "per row", "batched"):  # warm the server's JIT on both paths
                stores[name].clear()
                timed_save(stores[name], doc)
            times: dict[str, list[float]] = {name: [] for name, _ in LOADERS}
            for _ in range(rounds):
                for name, store in reversed(stores.items()):
                    store.clear()
                    times[name].append(timed_save(store, doc)[0])
            batched = stores["batched"]
            second, counts = timed_save(batched, doc)
            assert counts == {"nodes_written": 0, "edges_written": 0, "deleted": 0}, counts
            changed_doc = one_file_changed(folder, cache)
            changed, changed_counts = timed_save(batched, changed_doc)
            per_row = statistics.median(times["per row"])
            for name, _ in LOADERS:
                first = statistics.median(times[name])
                is_batched = name == "batched"
                table.add_row(f"{size}x", str(n), str(r), name, str(rounds), f"{first:.2f}",
                              " ".join(f"{t:.2f}" for t in times[name]), f"{n / first:.0f}", f"{r / first:.0f}",
                              f"{per_row / first:.1f}x (target >= 10)" if is_batched else "1.0x",
                              f"{second:.2f}" if is_batched else "",
                              f"{second / first:.2f} (target < 0.2)" if is_batched else "",
                              f"{changed:.2f} {changed_counts}" if is_batched else "")
            for store in stores.values():
                store.close()
            shutil.rmtree(cache, ignore_errors=True)
            if temp is not None:
                shutil.rmtree(temp, ignore_errors=True)
    console.print(table)


if __name__ == "__main__":
    main()
