"""Rich renderings of query results for the terminal: pure functions, result in, renderable out.

Note text goes into ``Text`` objects, never into markup strings, so a note containing
``[bold]`` or ``[/]`` is shown as written.
"""

from __future__ import annotations

from typing import Any, Iterable

from rich.console import Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

EVIDENCE_SHOWN = 2  # note lines printed per fact (--json has them all)


def where(evidence: dict[str, Any]) -> str:
    """``file:line`` of one piece of evidence, the file without its folders."""
    return f"{evidence['file'].rsplit('/', 1)[-1]}:{evidence['line']}"


def evidence_text(evidence: Iterable[dict[str, Any]], limit: int = EVIDENCE_SHOWN) -> Text:
    text = Text()
    for i, e in enumerate(list(evidence)[:limit]):
        if i:
            text.append("\n")
        text.append(where(e), style="dim cyan")
        text.append(f"  {e['text']}", style="dim")
    return text


def fact(main: str, evidence: Iterable[dict[str, Any]], *, style: str = "") -> Text:
    text = Text(main, style=style)
    lines = evidence_text(evidence, 1)
    if lines.plain:
        text.append("\n")
        text.append(lines)
    return text


def topic_details(details: dict[str, Any]) -> Group:
    """``servicemap show``."""
    head = Text(details["name"], style="bold")
    head.append(f"  {details['kind']}", style="magenta")
    if details.get("category"):
        head.append(f" · {details['category']}", style="magenta")
    parts: list[Any] = [head]
    if details["aliases"]:
        parts.append(Text("also: " + ", ".join(details["aliases"]), style="dim"))
    if details["definition"]:
        parts.append(fact(details["definition"]["text"], details["definition"]["evidence"]))
    tree = Tree(Text("facts", style="bold"))
    if details["limits"]:
        branch = tree.add(Text("limits", style="bold"))
        for limit in details["limits"]:
            conflict = " (conflicts with other notes)" if limit["conflicts"] else ""
            branch.add(fact(limit["label"] + conflict, limit["evidence"], style="yellow" if conflict else ""))
    for key, title in (("use_when", "use it when"), ("used_with", "used for it")):
        if details[key]:
            branch = tree.add(Text(title, style="bold"))
            for use in details[key]:
                other = use["other"]["name"] if use["other"]["id"] != details["id"] else ""
                label = use["condition"] if key == "use_when" else f"{use['topic']['name']} → use {other or 'it'} when {use['condition']}"
                if key == "use_when" and other:
                    label += f"  ({other})"
                branch.add(fact(label, use["evidence"]))
    for rtype, relations in details["neighbours"].items():
        branch = tree.add(Text(rtype, style="bold"))
        for rel in relations[:25]:
            arrow = "→" if rel["direction"] == "out" else "←"
            branch.add(fact(f"{arrow} {rel['other']['name']}", rel["evidence"]))
        if len(relations) > 25:
            branch.add(Text(f"… {len(relations) - 25} more (--json lists them all)", style="dim"))
    parts.append(tree)
    if details["conflicts"]:
        parts.append(Text(f"{len(details['conflicts'])} conflicting limits between notes", style="yellow"))
    if details.get("section_lines"):
        parts.append(Text(f"its sections also say ({len(details['section_lines'])} lines):", style="bold"))
        parts.append(evidence_text(details["section_lines"], 8))
    parts.append(Text(f"evidence: {len(details['evidence'])} note lines", style="dim"))
    parts.append(evidence_text(details["evidence"], 5))
    return Group(*parts)


def search_hits(hits: list[dict[str, Any]]) -> Table:
    table = Table(show_header=True, header_style="bold")
    for column in ("topic", "kind", "matched", "score", "note"):
        table.add_column(column)
    for hit in hits:
        table.add_row(Text(hit["name"]), hit["kind"], hit["matched"], f"{hit['score']:.0f}", evidence_text(hit["evidence"], 1))
    return table


def topic_paths(paths: list[dict[str, Any]]) -> Group:
    parts = []
    for n, path in enumerate(paths, 1):
        tree = Tree(Text(f"path {n}: " + " — ".join(t["name"] for t in path["topics"]), style="bold"))
        for hop in path["hops"]:
            tree.add(fact(hop["sentence"], hop["evidence"]))
        parts.append(tree)
    return Group(*parts)


def comparison(result: dict[str, Any]) -> Group:
    """``servicemap compare``: one column per topic, then aligned limits, shared neighbours, the notes' comparisons."""
    topics = result["topics"]
    table = Table(show_header=True, header_style="bold", show_lines=True)
    table.add_column("")
    for topic in topics:
        table.add_column(Text(topic["name"]), ratio=1)

    def row(title: str, cell) -> None:
        table.add_row(Text(title, style="bold"), *(cell(t) for t in topics))

    row("what it is", lambda t: fact(t["definition"]["text"], t["definition"]["evidence"]) if t["definition"] else Text("—"))
    row("use it when", lambda t: _lines([fact(u["condition"], u["evidence"]) for u in t["use_when"][:8]]))
    row("only it relates to", lambda t: Text(", ".join(r["other"]["name"] for r in t["only"][:12]) or "—"))
    row("its own notes", lambda t: evidence_text(t["notes"], 6) if t["notes"] else Text("—"))
    parts: list[Any] = [table]
    if result["limits"]:
        limits = Table(title="limits, aligned by what they bound", show_header=True, header_style="bold")
        limits.add_column("bound")
        for topic in topics:
            limits.add_column(Text(topic["name"]))
        for limit_row in result["limits"]:
            cells = [_lines([fact(f["label"], f["evidence"]) for f in limit_row["cells"].get(t["id"], [])]) for t in topics]
            limits.add_row(Text(limit_row["bound"]), *cells)
        parts.append(limits)
    if result["shared"]:
        names = ", ".join(s["other"]["name"] for s in result["shared"][:15])
        parts.append(Text.assemble(("shared: ", "bold"), names))
    if result["from_notes"]:
        parts.append(Text("the notes compare them", style="bold"))
        parts.append(evidence_text(result["from_notes"], 8))
    return Group(*parts)


def learning_path(path: dict[str, Any]) -> Group:
    if not path["steps"]:
        return Group(Text(f"The notes name nothing to learn before {path['topic']['name']}."))
    table = Table(title=f"before {path['topic']['name']} (nearest first; read upwards for a study order)",
                  show_header=True, header_style="bold")
    for column in ("#", "learn", "needed for", "why", "confidence"):
        table.add_column(column)
    for n, step in enumerate(path["steps"], 1):
        table.add_row(str(n), Text(step["name"]), Text(step["before"]["name"]), fact(step["reason"], step["evidence"]),
                      f"{step['confidence']:.2f}")
    return Group(table)


def answers(result: list[dict[str, Any]]) -> Table:
    table = Table(show_header=True, header_style="bold")
    for column in ("#", "topic", "kind", "score", "because the notes say"):
        table.add_column(column)
    for n, answer in enumerate(result, 1):
        table.add_row(str(n), Text(answer["name"]), answer["kind"], f"{answer['score']:.2f}",
                      fact(answer.get("condition") or "", answer.get("evidence") or []))
    return table


def _lines(texts: list[Text]) -> Text:
    if not texts:
        return Text("—")
    joined = Text()
    for i, text in enumerate(texts):
        if i:
            joined.append("\n")
        joined.append(text)
    return joined
