"""Note text made safe for Streamlit's markdown (st.markdown, st.caption, st.warning…).

Streamlit never renders raw HTML in markdown unless told to, but markdown itself (links, emphasis,
``:red[…]`` colour tags, ``$…$`` maths) would still reshape a note's words; so note text is HTML-escaped
and its markdown punctuation backslash-escaped before it reaches any markdown element.
"""

from __future__ import annotations

import html
import re
from typing import Any, Iterable

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$<>])")


def md(text: Any) -> str:
    """``text`` as markdown that shows exactly these characters.

    >>> md("<img src=x onerror=alert(1)> *S3* [x](javascript:y)")
    '&lt;img src=x onerror=alert\\\\(1\\\\)&gt; \\\\*S3\\\\* \\\\[x\\\\]\\\\(javascript\\\\:y\\\\)'
    """
    escaped = html.escape("" if text is None else str(text), quote=False)
    return _MARKDOWN.sub(r"\\\1", escaped).replace("\n", "  \n")


def cite(ev: dict[str, Any]) -> str:
    """A note line as tables show it: the file's name (not its folder) and the line, as the commands print it.

    Table columns are narrow: ``data/notes/000_fcce8e81c20b0f16.txt:40`` would be cut before its line number.

    >>> cite({"file": "data/notes/aws.md", "line": 3})
    'aws.md:3'
    """
    return f"{str(ev.get('file', '?')).replace(chr(92), '/').rsplit('/', 1)[-1]}:{ev.get('line', '?')}"


def where(evidence: Iterable[dict[str, Any]], limit: int = 3) -> str:
    """The first ``limit`` note lines, cited and comma-separated.

    >>> where([{"file": "n/a.md", "line": 1}, {"file": "n/b.md", "line": 2}], 1)
    'a.md:1'
    """
    return ", ".join(cite(ev) for ev in list(evidence)[:limit])


def evidence_rows(evidence: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Evidence as table rows: ``where`` (file:line) and ``text`` — for st.dataframe, which shows text only.

    >>> evidence_rows([{"file": "notes/a.md", "line": 3, "text": "<b>x</b>"}])
    [{'where': 'a.md:3', 'text': '<b>x</b>'}]
    """
    return [{"where": cite(ev), "text": str(ev.get("text", ""))} for ev in evidence]
