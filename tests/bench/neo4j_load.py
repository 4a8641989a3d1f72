"""``make bench`` (Neo4j part): load speed of the Neo4j store against ArcadeDB's Bolt server.

Batched loader (UNWIND, 1000 rows a transaction) against a one-statement-per-row loader,
on the sample graph and the 100× synthetic graph, then the time of a second build with no
change. Prints nodes/s and relationships/s.
"""

from __future__ import annotations

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


def timed_save(store: Neo4jStore, doc) -> float:
    start = time.perf_counter()
    store.save(doc.node_link(), doc.graph_attrs())
    return time.perf_counter() - start


def main() -> None:
    sizes = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "1,100").split(",")]
    table = Table(title="Neo4j store on ArcadeDB (Bolt): batched UNWIND vs one statement per row")
    for col in ("graph", "nodes", "rels", "loader", "seconds", "nodes/s", "rels/s", "speed-up", "2nd build s", "2nd / 1st"):
        table.add_column(col, justify="right")
    with arcadedb_server() as (uri, user, password, database):
        for size in sizes:
            folder = Path(tempfile.mkdtemp(prefix="servicemap-bench-")) if size > 1 else SAMPLE
            if size > 1:
                make_corpus(size, folder)
            doc = extract_paths([folder], jobs=2).doc
            n, r = len(doc.nodes), len(doc.edges)
            warm = Neo4jStore(uri, user, password, database)
            warm.clear()
            timed_save(warm, doc)  # the server's JIT warms up on a throwaway load, so both loaders meet a warm server
            warm.close()
            results = {}
            for name, batch in (("batched", 1000), ("per row", 1)):
                store = Neo4jStore(uri, user, password, database, batch_size=batch)
                store.clear()
                first = timed_save(store, doc)
                second = timed_save(store, doc) if name == "batched" else None
                results[name] = (first, second)
                store.close()
            per_row = results["per row"][0]
            for name, (first, second) in results.items():
                table.add_row(f"{size}x", str(n), str(r), name, f"{first:.1f}", f"{n / first:.0f}", f"{r / first:.0f}",
                              f"{per_row / first:.1f}x (target >= 10)" if name == "batched" else "1.0x",
                              f"{second:.2f}" if second is not None else "",
                              f"{second / first:.2f} (target < 0.2)" if second is not None else "")
    Console().print(table)


if __name__ == "__main__":
    main()
