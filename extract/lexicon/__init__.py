"""The service lexicon at run time: canonical names, aliases and categories.

Reads ``data/lexicon/services.json`` (generated from botocore by
:mod:`extract.lexicon.generate`, committed) — never botocore itself, which takes
seconds to load. Lookups fold case, plurals, hyphens and spacing, so "route 53",
"Route53" and "Amazon Route 53" are one entry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.errors import Errors, NoteError

LEXICON_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicon"


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    id: str
    kind: str  # "service" | "concept"
    name: str
    aliases: tuple[str, ...]
    category: str
    part_of: str = ""
    ambiguous: tuple[str, ...] = ()


def normalize_name(surface: str) -> str:
    """The lookup key: case, spacing, hyphens, dots and a plural "s" folded.

    >>> normalize_name("Route 53") == normalize_name("route53") == normalize_name("ROUTE-53")
    True
    >>> normalize_name("ALBs") == normalize_name("ALB")
    True
    """
    text = surface.strip()
    if len(text) > 3 and text.endswith("s") and not text.endswith("ss"):
        text = text[:-1]
    return re.sub(r"[\s\-_.]+", "", text).lower()


def _variants(alias: str) -> set[str]:
    """Spellings notes use for one alias: spacing, hyphens, plural."""
    forms = {alias}
    forms.add(re.sub(r"(?<=[A-Za-z])\s+(?=\d)", "", alias))  # "Route 53" → "Route53"
    forms.add(re.sub(r"(?<=[A-Za-z])(?=\d)", " ", alias) if not re.search(r"[A-Z]\d$", alias) else alias)
    if "-" in alias:
        forms.add(alias.replace("-", " "))
        forms.add(alias.replace("-", ""))
    for form in list(forms):
        if form[-1:].isalpha() and not form.endswith(("s", "S")):
            forms.add(form + "s")
    return {f for f in forms if len(f) >= 2}


class Lexicon:
    """Every entry, by id and by normalised alias."""

    def __init__(self, entries: tuple[LexiconEntry, ...]):
        self.entries = entries
        self._by_id = {e.id: e for e in entries}
        self._by_key: dict[str, LexiconEntry] = {}
        # Services first, so a name both use ("Spot") resolves to the product.
        for entry in sorted(entries, key=lambda e: (e.kind != "service", e.name)):
            for alias in entry.aliases:
                self._by_key.setdefault(normalize_name(alias), entry)

    def by_id(self, entry_id: str) -> LexiconEntry | None:
        return self._by_id.get(entry_id)

    def lookup(self, surface: str) -> LexiconEntry | None:
        """The entry a name refers to, or ``None``.

        >>> load_lexicon().lookup("simple storage service").name
        'Amazon S3'
        """
        if not surface:
            return None
        entry = self._by_key.get(normalize_name(surface))
        if entry is None:
            stripped = re.sub(r"^(?:aws|amazon)\s+", "", surface.strip(), flags=re.I)
            if stripped != surface.strip():
                entry = self._by_key.get(normalize_name(stripped))
        return entry

    def surface_forms(self) -> list[tuple[str, LexiconEntry, bool]]:
        """(surface, entry, is_ambiguous) for a PhraseMatcher on LOWER; one entry per surface."""
        seen: dict[str, tuple[str, LexiconEntry, bool]] = {}
        for entry in sorted(self.entries, key=lambda e: (e.kind != "service", e.name)):
            ambiguous = {a.lower() for a in entry.ambiguous}
            for alias in entry.aliases:
                for form in _variants(alias):
                    key = form.lower()
                    if key not in seen:
                        seen[key] = (form, entry, alias.lower() in ambiguous)
        return sorted(seen.values(), key=lambda t: t[0].lower())


@lru_cache(maxsize=4)
def load_lexicon(directory: Path | None = None) -> Lexicon:
    """The lexicon in ``directory`` (default: the project's ``data/lexicon``)."""
    path = Path(directory or LEXICON_DIR) / "services.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = tuple(
            LexiconEntry(e["id"], e["kind"], e["name"], tuple(e["aliases"]), e["category"], e.get("part_of", ""),
                         tuple(e.get("ambiguous", ())))
            for e in raw
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise NoteError(Errors.E030.format(file=path, reason=str(err).split("\n")[0])) from err
    return Lexicon(entries)
