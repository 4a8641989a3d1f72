"""Synthetic data N times the sample: ``python -m tests.bench.make_corpus 100 OUT``.

Two kinds, because a large vault can grow in two ways:

* :func:`make_corpus` — N times the notes. Each copy gets its own file name, so the extractor
  sees N times the text, the same mix of formats and the same facts repeated (which is what a
  large real vault looks like to the resolver): the same topics with N times the evidence.
* :func:`scale_doc` — N times the graph. The sample graph copied N times over with numbered ids,
  names and files: N times the topics and relationships, each with the sample's evidence. This
  is what a loader's nodes/s and relationships/s are about.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from extract.resolve import GraphDoc

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "notes"


def make_corpus(times: int, out: Path, sample: Path = SAMPLE) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for source in sorted(sample.iterdir()):
        if not source.is_file():
            continue
        for i in range(times):
            target = out / f"{source.stem}_{i:04d}{source.suffix}"
            if not target.exists() or target.stat().st_size != source.stat().st_size:
                shutil.copyfile(source, target)
            made.append(target)
    return made


def _numbered_file(path: str, i: int) -> str:
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}_{i:04d}.{suffix}" if dot else f"{path}_{i:04d}"


def _copy_attrs(attrs: dict[str, Any], i: int) -> dict[str, Any]:
    """One copy's attributes: its own names, files and ids (the ids that attributes refer to, too)."""
    out = dict(attrs)
    for key in ("evidence", "section_lines"):
        if key in out:
            out[key] = [(_numbered_file(f, i), line, text) for f, line, text in out[key]]
    if "name" in out:
        out["name"] = f"{out['name']} #{i}"
    if out.get("part_of"):
        out["part_of"] = f"{out['part_of']}~{i}"
    if "conflicts" in out:
        out["conflicts"] = [f"{c}~{i}" for c in out["conflicts"]]
    return out


def scale_doc(docs: list[GraphDoc]) -> GraphDoc:
    """One graph made of ``docs`` side by side, copy ``i`` with ids ``ID~i``, names ``NAME #i`` and
    files ``STEM_000i.EXT``: pass the sample document N times for a graph N times its size.

    >>> doc = GraphDoc(files=["a.md"], nodes={"concept:x": {"name": "X", "evidence": [("a.md", 1, "X")]}},
    ...                edges={("concept:x", "concept:x", "k"): {"type": "RELATED_TO", "evidence": []}})
    >>> big = scale_doc([doc, doc])
    >>> sorted(big.nodes), sorted(big.edges), big.files
    (['concept:x~0', 'concept:x~1'], [('concept:x~0', 'concept:x~0', 'k'), ('concept:x~1', 'concept:x~1', 'k')], ['a_0000.md', 'a_0001.md'])
    >>> big.nodes["concept:x~1"]["name"], big.nodes["concept:x~1"]["evidence"]
    ('X #1', [('a_0001.md', 1, 'X')])
    """
    out = GraphDoc()
    for i, doc in enumerate(docs):
        out.files += [_numbered_file(f, i) for f in doc.files]
        out.nodes.update((f"{nid}~{i}", _copy_attrs(attrs, i)) for nid, attrs in doc.nodes.items())
        out.edges.update(((f"{s}~{i}", f"{t}~{i}", key), _copy_attrs(attrs, i))
                         for (s, t, key), attrs in doc.edges.items())
        out.conflicts += [{**c, "limits": [f"{lid}~{i}" for lid in c["limits"]]} for c in doc.conflicts]
    return out


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f".bench/corpus-{n}x")
    files = make_corpus(n, folder)
    print(f"{len(files)} files, {sum(f.stat().st_size for f in files) / 2**20:.1f} MiB in {folder}")
