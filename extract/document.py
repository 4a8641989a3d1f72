"""The graph document's identity rules and its networkx form.

The document is networkx node-link JSON (edges under ``"edges"``), written by
:meth:`extract.resolve.GraphDoc.node_link` and read by the stores. Node attributes:
``kind`` (service | concept | limit), ``name``, ``aliases``, ``evidence`` (list of
``{"file", "line", "text"}``); services add ``category``; limits add ``value``, ``unit``,
``text``, ``bound``, ``qualifier`` (max | min | default | exact) and ``conflicts``. Edge
attributes: ``type`` and ``evidence``; USE_WHEN edges add ``condition``. Edge keys are
``TYPE`` or ``TYPE:condition-slug`` so one fact is one edge.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
import unicodedata
from typing import Any

import networkx as nx

EDGE_TYPES = ("USE_WHEN", "HAS_LIMIT", "PREREQUISITE_OF", "PART_OF", "INTEGRATES_WITH", "COMPARED_WITH")


def slugify(text: str) -> str:
    """A stable, readable id fragment.

    >>> slugify("Amazon S3"), slugify("Lambda@Edge")
    ('amazon-s3', 'lambda-at-edge')
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("@", "-at-").replace("&", "-and-").replace("+", "-plus-")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def node_id(kind: str, name: str) -> str:
    return f"{kind}:{slugify(name)}"


def edge_key(edge_type: str, condition: str = "") -> str:
    return f"{edge_type}:{slugify(condition)[:80]}" if condition else edge_type


def to_node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The JSON-ready node-link form of a graph, sorted for stable diffs."""
    data = nx.node_link_data(graph, edges="edges")
    data["nodes"].sort(key=lambda n: n["id"])
    data["edges"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
    return data


def content_digest(value: Any) -> str:
    """A digest of a document's content: equal content, equal digest.

    One pickle in fast mode (no memo), so the bytes follow from the content alone and not from
    which equal strings happen to be one object (documents read from the extraction cache share
    differently); five times faster than sorted JSON, and SHA-256 runs on the CPU's SHA
    instructions. Dict key order counts: the same code builds the same order.

    >>> f = "notes/a.md"
    >>> content_digest([f, f]) == content_digest([f, "/".join(["notes", "a.md"])]), content_digest([f]) == content_digest([f, f])
    (True, False)
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.sha256(buffer.getbuffer()).hexdigest()[:24]
