"""New note files into the graph, losing nothing already there.

1. :func:`stage` writes the uploads to a private folder and extracts them alone, for a preview
   (what was found, with the source lines; which files were rejected and why).
2. :func:`add_to_graph` copies the accepted files into the notes folder, re-extracts them together with
   the notes the graph was built from (so names resolve across files and conflicts are found), and
   merges the result with the current graph: every node, edge and evidence line already there stays.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from extract.document import to_node_link
from extract.readers import display_path

ALLOWED_SUFFIXES = (".md", ".txt", ".csv", ".tsv")


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass
class Staged:
    """Uploads extracted on their own: the preview the Notes page shows."""

    folder: Path
    files: dict[str, str]  # staged path (as extract names it) → the name the user gave
    graph: nx.MultiDiGraph
    accepted: list[str]  # staged paths that were read
    rejected: list[str]  # one sentence per file that was not, naming it by the user's name
    warnings: list[str] = field(default_factory=list)


def safe_name(name: str) -> str:
    """A plain file name (no folders, no odd characters) keeping the suffix.

    >>> safe_name("../../etc/passwd.md"), safe_name("my notes (v2).TXT"), safe_name("<script>.md")
    ('passwd.md', 'my-notes-v2.txt', 'script.md')
    """
    base = Path(name.replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "note"
    return f"{stem}{suffix}"


def _rename_in(message: str, names: dict[str, str]) -> str:
    for staged, original in names.items():
        message = message.replace(staged, original)
    return message


def stage(uploads: Iterable[Upload], *, nlp: Any = None) -> Staged:
    """Write ``uploads`` to a fresh private folder and extract them (alone) for a preview."""
    from extract.pipeline import extract_paths

    folder = Path(tempfile.mkdtemp(prefix="servicemap-upload-"))
    files: dict[str, str] = {}
    rejected: list[str] = []
    for upload in uploads:
        name = safe_name(upload.name)
        if Path(name).suffix not in ALLOWED_SUFFIXES:
            rejected.append(f"{upload.name}: not a note file (use .md, .txt, .csv or .tsv).")
            continue
        path = folder / name
        path.write_bytes(upload.data)
        files[display_path(path)] = upload.name
    if not files:
        return Staged(folder, files, nx.MultiDiGraph(), [], rejected)
    result = extract_paths(list(files), nlp=nlp)
    accepted = [f for f in result.report.files_read if f in files]
    rejected += [_rename_in(m, files) for m in result.report.rejected]
    return Staged(folder, files, result.graph, accepted, rejected, [_rename_in(w, files) for w in result.report.warnings])


def preview_rows(staged: Staged) -> list[dict[str, str]]:
    """One row per extracted node or edge of the preview: what, kind, and the source lines (by the user's names)."""
    rows = []
    for node, attrs in staged.graph.nodes(data=True):
        ev = attrs.get("evidence") or []
        rows.append({"found": attrs.get("name") or node, "kind": attrs.get("kind", ""),
                     "where": ", ".join(f"{staged.files.get(e['file'], e['file'])}:{e['line']}" for e in ev[:3]),
                     "note text": ev[0]["text"] if ev else ""})
    for source, target, attrs in staged.graph.edges(data=True):
        ev = attrs.get("evidence") or []
        label = f"{staged.graph.nodes[source].get('name', source)} {attrs.get('type')} {staged.graph.nodes[target].get('name', target)}"
        rows.append({"found": label, "kind": attrs.get("type", ""),
                     "where": ", ".join(f"{staged.files.get(e['file'], e['file'])}:{e['line']}" for e in ev[:3]),
                     "note text": ev[0]["text"] if ev else ""})
    return rows


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def place(staged: Staged, notes_dir: Path) -> list[Path]:
    """Copy the accepted files into ``notes_dir``; a name already taken by other content gets a ``-2`` suffix."""
    notes_dir.mkdir(parents=True, exist_ok=True)
    placed = []
    for staged_path in staged.accepted:
        source = Path(staged_path)
        target = notes_dir / source.name
        counter = 2
        while target.exists() and _digest(target) != _digest(source):
            target = notes_dir / f"{source.stem}-{counter}{source.suffix}"
            counter += 1
        shutil.copyfile(source, target)
        placed.append(target)
    return placed


def merge_graphs(base: nx.MultiDiGraph, addition: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``base`` with everything of ``addition`` added: new nodes and edges, and new evidence, aliases and
    attributes on the ones both have. Nothing of ``base`` is dropped or changed.

    >>> a = nx.MultiDiGraph(files=["a.md"], conflicts=[])
    >>> a.add_node("service:s3", kind="service", name="S3", aliases=["S3"], evidence=[{"file": "a.md", "line": 1, "text": "S3"}])
    >>> b = nx.MultiDiGraph(files=["b.md"], conflicts=[])
    >>> b.add_node("service:s3", kind="service", name="S3", aliases=["Simple Storage"], evidence=[{"file": "b.md", "line": 4, "text": "S3 again"}])
    >>> m = merge_graphs(a, b)
    >>> m.nodes["service:s3"]["aliases"], [e["file"] for e in m.nodes["service:s3"]["evidence"]], m.graph["files"]
    (['S3', 'Simple Storage'], ['a.md', 'b.md'], ['a.md', 'b.md'])
    """
    merged = nx.MultiDiGraph(base)
    merged.graph = dict(base.graph)
    merged.graph["files"] = sorted({*base.graph.get("files", ()), *addition.graph.get("files", ())})
    conflicts = list(base.graph.get("conflicts", ()))
    for conflict in addition.graph.get("conflicts", ()):
        if conflict not in conflicts:
            conflicts.append(conflict)
    merged.graph["conflicts"] = conflicts
    for node, attrs in addition.nodes(data=True):
        if node not in merged:
            merged.add_node(node, **attrs)
        else:
            _merge_attrs(merged.nodes[node], attrs)
    for source, target, key, attrs in addition.edges(keys=True, data=True):
        if merged.has_edge(source, target, key):
            _merge_attrs(merged.edges[source, target, key], attrs)
        else:
            merged.add_edge(source, target, key=key, **attrs)
    return merged


def _merge_attrs(kept: dict[str, Any], new: dict[str, Any]) -> None:
    for name, value in new.items():
        if name == "evidence":
            seen = {(e["file"], e["line"], e["text"]) for e in kept.get("evidence") or ()}
            kept["evidence"] = list(kept.get("evidence") or ()) + [e for e in value or () if (e["file"], e["line"], e["text"]) not in seen]
        elif isinstance(value, list) and isinstance(kept.get(name), list):
            kept[name] = kept[name] + [v for v in value if v not in kept[name]]
        elif kept.get(name) in (None, "", []):
            kept[name] = value


def add_to_graph(store: Any, current: nx.MultiDiGraph, staged: Staged, notes_dir: Path, *, nlp: Any = None) -> nx.MultiDiGraph:
    """Place the staged notes, re-extract them with the graph's own notes, merge, save to ``store``; the new graph."""
    from extract.pipeline import extract_paths

    placed = place(staged, notes_dir)
    sources = [f for f in current.graph.get("files", ()) if Path(f).is_file()]
    result = extract_paths([*sources, *(str(p) for p in placed)], nlp=nlp)
    merged = merge_graphs(current, result.graph)
    data = to_node_link(merged)
    items = [*(("nodes", n) for n in data["nodes"]), *(("edges", e) for e in data["edges"])]
    store.save(items, merged.graph)
    shutil.rmtree(staged.folder, ignore_errors=True)
    return merged
