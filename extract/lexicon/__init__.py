"""The service lexicon at run time: canonical names, aliases and categories.

Reads ``data/lexicon/services.json`` only — generated from botocore and
``aliases.toml`` by :mod:`extract.lexicon.generate` and committed — never botocore
itself, which takes seconds to load. Lookups fold case, plurals, hyphens and spacing,
so "route 53", "Route53" and "Amazon Route 53" are one entry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.errors import Errors, NoteError

LEXICON_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicon"
_PREFIX = re.compile(r"^(?:aws|amazon)\s+", re.I)
_SEPARATORS = re.compile(r"[\s\-_.\u2010-\u2015]+")  # spaces, hyphens, dots, unicode dashes


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    id: str  # extract.document.node_id(kind, name), e.g. "service:amazon-s3"
    kind: str  # "service" | "concept"
    name: str  # canonical, e.g. "Amazon S3"
    aliases: tuple[str, ...]  # every surface name notes may use, canonical name included
    category: str  # for concepts: the category of their service
    part_of: str = ""  # concepts: id of the service they belong to
    ambiguous: tuple[str, ...] = ()  # aliases that are ordinary words: match only with context
    hints: tuple[str, ...] = ()  # services: everyday words for what they hold ("bucket"), never names of them


def normalize_name(surface: str) -> str:
    """The lookup key: case, spacing, hyphens, dots and a plural ending folded.

    >>> normalize_name("Route 53") == normalize_name("route53") == normalize_name("ROUTE-53")
    True
    >>> normalize_name("ALBs") == normalize_name("alb")
    True
    >>> normalize_name("Lifecycle Policies") == normalize_name("lifecycle policy")
    True
    """
    key = _SEPARATORS.sub("", surface.lower())
    if len(key) > 4 and key.endswith("ies"):
        return key[:-3] + "y"
    if len(key) > 3 and key.endswith("s") and not key.endswith(("ss", "us", "is")):  # not "Kinesis"
        return key[:-1]
    return key


def _plural(alias: str) -> str:
    if alias[-1:].isupper() or alias[-1:].isdigit():
        return alias + "s"  # "ALBs", "EC2s"
    if re.search(r"[^aeiou]y$", alias):
        return alias[:-1] + "ies"
    return alias + ("es" if alias.endswith(("x", "ch", "sh")) else "s")


def _variants(alias: str) -> set[str]:
    """Spellings notes use for one alias: digit spacing, hyphens, plural or singular."""
    forms = {alias, re.sub(r"(?<=[A-Za-z]{4})\s+(?=\d+$)", "", alias)}  # "Route 53" → "Route53"
    forms.add(re.sub(r"(?<=[A-Za-z]{4})(?=\d+$)", " ", alias))  # "Route53" → "Route 53"; not "EC2"
    if "-" in alias:
        forms |= {alias.replace("-", " "), alias.replace("-", "")}
    for form in list(forms):
        if re.search(r"[a-z]s$", form) and not form.endswith(("ss", "us", "is")):
            forms.add(form[:-1])  # "Step Functions" → "Step Function"
        elif form[-1:].isalnum() and not form.endswith(("s", "S")):
            forms.add(_plural(form))
    return {f for f in forms if len(f) >= 2}


class Lexicon:
    """Every entry, by id and by normalised alias."""

    def __init__(self, entries: tuple[LexiconEntry, ...]):
        self.entries = entries
        self._by_id = {e.id: e for e in entries}
        self._by_key: dict[str, LexiconEntry] = {}
        for entry in self._services_first():
            for alias in entry.aliases:
                self._by_key.setdefault(normalize_name(alias), entry)

    def _services_first(self) -> list[LexiconEntry]:
        # The generator keeps keys unique; if two entries still share one, the product wins.
        return sorted(self.entries, key=lambda e: (e.kind != "service", e.id))

    def by_id(self, id: str) -> LexiconEntry | None:  # noqa: A002 - the API's name
        return self._by_id.get(id)

    def lookup(self, surface: str) -> LexiconEntry | None:
        """The entry a name refers to, or ``None``; "AWS"/"Amazon" in front is optional.

        >>> load_lexicon().lookup("simple storage service").name
        'Amazon S3'
        >>> load_lexicon().lookup("Amazon ALBs").name
        'Application Load Balancer'
        """
        surface = (surface or "").strip()
        entry = self._by_key.get(normalize_name(surface)) if surface else None
        if entry is None and _PREFIX.match(surface):
            entry = self._by_key.get(normalize_name(_PREFIX.sub("", surface)))
        return entry

    def surface_forms(self) -> list[tuple[str, LexiconEntry, bool]]:
        """(surface, entry, is_ambiguous) for a PhraseMatcher on LOWER, one per lower-cased surface."""
        seen: dict[str, tuple[str, LexiconEntry, bool]] = {}
        for entry in self._services_first():
            ambiguous = {a.lower() for a in entry.ambiguous}
            for alias in entry.aliases:
                for form in sorted(_variants(alias)):
                    seen.setdefault(form.lower(), (form, entry, alias.lower() in ambiguous))
        return sorted(seen.values(), key=lambda t: t[0].lower())


def _entry(raw: dict) -> LexiconEntry:
    return LexiconEntry(
        id=raw["id"], kind=raw["kind"], name=raw["name"], aliases=tuple(raw["aliases"]),
        category=raw["category"], part_of=raw.get("part_of", ""), ambiguous=tuple(raw.get("ambiguous", ())),
        hints=tuple(raw.get("hints", ())),
    )


@lru_cache(maxsize=4)
def load_lexicon(directory: Path | None = None) -> Lexicon:
    """The lexicon in ``directory`` (default: the project's ``data/lexicon``), read once."""
    path = Path(directory or LEXICON_DIR) / "services.json"
    try:
        entries = tuple(_entry(raw) for raw in json.loads(path.read_text(encoding="utf-8"))["entries"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise NoteError(Errors.E030.format(file=path, reason=str(err).split("\n")[0])) from err
    if not entries:
        raise NoteError(Errors.E030.format(file=path, reason="no entries"))
    return Lexicon(entries)
