"""Small graph files for the app's tests and bench: a hand-made one with every kind, relation and a hostile
note, and synthetic ones of any size.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from extract.document import EDGE_TYPES

HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_NAME = f"Evil {HOSTILE_IMG}"
NOTES = "notes/aws.md"


def _ev(line: int, text: str, file: str = NOTES) -> list[dict[str, Any]]:
    return [{"file": file, "line": line, "text": text}]


def small_graph() -> dict[str, Any]:
    """S3, Glacier, SQS, SNS, Lambda, a few concepts and limits (two in conflict), every relation type, and one
    topic whose name, definition and note lines are HTML that would run script if it were not escaped."""
    nodes = [
        {"id": "service:amazon-s3", "kind": "service", "name": "Amazon S3", "aliases": ["S3"], "category": "storage",
         "definition": "object storage", "evidence": _ev(1, "Amazon S3: object storage") + _ev(2, "Use S3 for static websites")},
        {"id": "service:amazon-s3-glacier", "kind": "service", "name": "Amazon S3 Glacier", "aliases": ["Glacier"],
         "category": "storage", "evidence": _ev(5, "Glacier is ideal for archives")},
        {"id": "service:amazon-sqs", "kind": "service", "name": "Amazon SQS", "aliases": ["SQS"], "category": "integration",
         "definition": "message queue", "evidence": _ev(10, "SQS: message queue") + _ev(12, "SQS vs SNS: pull vs push")},
        {"id": "service:amazon-sns", "kind": "service", "name": "Amazon SNS", "aliases": ["SNS"], "category": "integration",
         "definition": "pub/sub notifications", "evidence": _ev(11, "SNS: pub/sub notifications") + _ev(12, "SQS vs SNS: pull vs push")},
        {"id": "service:aws-lambda", "kind": "service", "name": "AWS Lambda", "aliases": ["Lambda"], "category": "compute",
         "evidence": _ev(20, "Lambda runs code without servers")},
        {"id": "concept:versioning", "kind": "concept", "name": "Versioning", "aliases": [],
         "evidence": _ev(3, "Versioning keeps every version of an object")},
        {"id": "concept:object-lock", "kind": "concept", "name": "Object Lock", "aliases": [],
         "evidence": _ev(4, "Object Lock requires versioning")},
        {"id": "concept:dead-letter-queue", "kind": "concept", "name": "Dead Letter Queue", "aliases": ["DLQ"],
         "evidence": _ev(13, "Failed messages go to a DLQ")},
        {"id": "concept:evil", "kind": "concept", "name": HOSTILE_NAME, "aliases": [HOSTILE_SCRIPT],
         "definition": HOSTILE_SCRIPT,
         "evidence": _ev(30, f"{HOSTILE_NAME} is part of S3 {HOSTILE_SCRIPT}", "notes/evil.md")},
        {"id": "limit:amazon-sqs:message-size:max:256-kb", "kind": "limit", "name": "max message size: 256 KB", "aliases": [],
         "value": 256.0, "unit": "KB", "text": "256 KB", "bound": "message size", "qualifier": "max", "conflicts": [],
         "evidence": _ev(14, "SQS max message size 256 KB")},
        {"id": "limit:amazon-s3:object-size:max:5-tb", "kind": "limit", "name": "max object size: 5 TB", "aliases": [],
         "value": 5.0, "unit": "TB", "text": "5 TB", "bound": "object size", "qualifier": "max",
         "conflicts": ["limit:amazon-s3:object-size:max:5-gb"], "evidence": _ev(6, "Max object size 5 TB")},
        {"id": "limit:amazon-s3:object-size:max:5-gb", "kind": "limit", "name": "max object size: 5 GB", "aliases": [],
         "value": 5.0, "unit": "GB", "text": "5 GB", "bound": "object size", "qualifier": "max",
         "conflicts": ["limit:amazon-s3:object-size:max:5-tb"], "evidence": _ev(7, "Max object size 5 GB", "notes/old.md")},
    ]
    edges = [
        ("service:amazon-s3", "concept:versioning", "USE_WHEN:keep-every-version", "USE_WHEN", _ev(3, "Use versioning to keep every version"),
         {"condition": "keep every version"}),
        ("concept:versioning", "concept:object-lock", "PREREQUISITE_OF", "PREREQUISITE_OF", _ev(4, "Object Lock requires versioning"), {}),
        ("concept:versioning", "service:amazon-s3", "PART_OF", "PART_OF", _ev(3, "S3 Versioning"), {}),
        ("concept:object-lock", "service:amazon-s3", "PART_OF", "PART_OF", _ev(4, "S3 Object Lock"), {}),
        ("service:amazon-s3", "limit:amazon-s3:object-size:max:5-tb", "HAS_LIMIT", "HAS_LIMIT", _ev(6, "Max object size 5 TB"), {}),
        ("service:amazon-s3", "limit:amazon-s3:object-size:max:5-gb", "HAS_LIMIT", "HAS_LIMIT", _ev(7, "Max object size 5 GB", "notes/old.md"), {}),
        ("service:amazon-sqs", "limit:amazon-sqs:message-size:max:256-kb", "HAS_LIMIT", "HAS_LIMIT", _ev(14, "SQS max message size 256 KB"), {}),
        ("service:amazon-sqs", "service:amazon-sns", "COMPARED_WITH", "COMPARED_WITH", _ev(12, "SQS vs SNS: pull vs push"), {}),
        ("service:amazon-sqs", "service:aws-lambda", "INTEGRATES_WITH", "INTEGRATES_WITH", _ev(15, "SQS triggers Lambda"), {}),
        ("service:amazon-sns", "service:aws-lambda", "INTEGRATES_WITH", "INTEGRATES_WITH", _ev(16, "SNS invokes Lambda"), {}),
        ("concept:dead-letter-queue", "service:amazon-sqs", "PART_OF", "PART_OF", _ev(13, "SQS DLQ"), {}),
        ("service:amazon-sqs", "concept:dead-letter-queue", "USE_WHEN:decouple-producers-from-consumers", "USE_WHEN",
         _ev(17, "Use SQS to decouple producers from consumers"), {"condition": "decouple producers from consumers"}),
        ("service:amazon-s3-glacier", "service:amazon-s3", "USE_WHEN:archives", "USE_WHEN", _ev(5, "Glacier is ideal for archives"),
         {"condition": "archives"}),
        ("concept:evil", "service:amazon-s3", "PART_OF", "PART_OF", _ev(30, f"{HOSTILE_NAME} is part of S3 {HOSTILE_SCRIPT}", "notes/evil.md"), {}),
    ]
    assert {e[3] for e in edges} == set(EDGE_TYPES)
    return {
        "directed": True, "multigraph": True,
        "graph": {"schema": 1, "files": [NOTES, "notes/old.md", "notes/evil.md"],
                  "conflicts": [{"subject": "service:amazon-s3", "bound": "object size", "qualifier": "max",
                                 "limits": ["limit:amazon-s3:object-size:max:5-gb", "limit:amazon-s3:object-size:max:5-tb"]}]},
        "nodes": nodes,
        "edges": [{"source": s, "target": t, "key": k, "type": ty, "evidence": ev, **extra} for s, t, k, ty, ev, extra in edges],
    }


def synthetic_graph(n: int, *, seed: int = 1) -> dict[str, Any]:
    """``n`` nodes (a tenth services) and about 1.4 edges per node, with evidence, for size and speed tests."""
    rng = random.Random(seed)
    kinds = ["service"] * 1 + ["concept"] * 7 + ["limit"] * 2
    nodes = []
    for i in range(n):
        kind = "service" if i < max(n // 10, 1) else rng.choice(kinds[1:])
        node = {"id": f"{kind}:n{i}", "kind": kind, "name": f"{kind.title()} {i}", "aliases": [],
                "evidence": _ev(i + 1, f"note line about {kind} {i}")}
        if kind == "service":
            node["category"] = rng.choice(["storage", "compute", "database", "integration"])
        if kind == "limit":
            node.update(value=float(i), unit="GB", text=f"{i} GB", bound="size", qualifier="max", conflicts=[])
        nodes.append(node)
    edges = {}
    for i in range(1, n):
        for _ in range(1 if rng.random() < 0.6 else 2):
            j = rng.randrange(0, i)
            etype = "HAS_LIMIT" if nodes[i]["kind"] == "limit" else rng.choice(
                ["USE_WHEN", "PART_OF", "INTEGRATES_WITH", "PREREQUISITE_OF", "COMPARED_WITH"])
            source, target = (nodes[j]["id"], nodes[i]["id"]) if etype == "HAS_LIMIT" else (nodes[i]["id"], nodes[j]["id"])
            edge = {"source": source, "target": target, "key": etype, "type": etype, "evidence": _ev(i + 1, f"edge {i}-{j}")}
            if etype == "USE_WHEN":
                edge["condition"] = f"condition {i}"
            edges[(source, target, etype)] = edge
    return {"directed": True, "multigraph": True, "graph": {"schema": 1, "files": [NOTES], "conflicts": []},
            "nodes": nodes, "edges": list(edges.values())}


def write_graph(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- AppTest helpers ------------------------------------------------------------------------------------------
APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
NEO4J_VARIABLES = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


def use_graph(monkeypatch, path: Path) -> Path:
    """Point the app at ``path`` (and at no Neo4j) for this test."""
    monkeypatch.setenv("SERVICEMAP_GRAPH", str(path))
    for name in NEO4J_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return path


def open_page(page: str, *, timeout: float = 60):
    """An AppTest of the app switched to ``ui/views/<page>.py`` and run once."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=timeout)
    at.switch_page(f"views/{page}.py")
    return at.run()


def iframes(at) -> list[str]:
    """The srcdoc of every st.iframe on the page (the pyvis drawings)."""
    return [element.proto.srcdoc for element in at.get("iframe")]


def plain(markdown: str) -> str:
    """What a reader sees of markdown written by ui.text.md: backslash escapes and entities undone."""
    import html
    import re

    return html.unescape(re.sub(r"\\(.)", r"\1", markdown)).replace("  \n", "\n")


def all_text(at) -> str:
    """Every value shown on the page as text (markdown, captions, text, alerts, table cells)."""
    parts = []
    for kind in ("markdown", "caption", "text", "title", "subheader", "header", "error", "warning", "info", "success", "code"):
        parts += [plain(str(e.value)) for e in at.get(kind)]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    return "\n".join(parts)


def drawn_nodes(page: str) -> dict[str, dict[str, Any]]:
    """The vis-network node records a page from ui.render.graph_html draws, by id."""
    data = page.split("new vis.DataSet(", 1)[1].split(");", 1)[0]
    return {node["id"]: node for node in json.loads(data)}


def drawn_options(page: str) -> dict[str, Any]:
    """The vis-network options a page from ui.render.graph_html draws with."""
    return json.loads(page.split("{nodes: nodes, edges: edges}, ", 1)[1].split(");\n", 1)[0])
