"""Limits: a number, its unit, and what it bounds ("Max 5TB", "REST API timeout = 29 seconds",
"up to 15 read replicas", "1 GiB–16 TiB").

The rules run as regular expressions over the doc text (as spaCy's docs suggest for
patterns that cross token boundaries) and map back to the subject spans of the doc.
Dates, regions, ports, versions and instance types are not limits: they either have
no unit or are glued to letters ("us-east-1", "m5", "NFSv4.1").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.phrases import lexicon_spans, text_of
from extract.mentions import LimitMention, Ref

UNITS: dict[str, str] = {}
for canonical, spellings in {
    "B": "b byte bytes", "KB": "kb kbs kilobyte kilobytes", "MB": "mb mbs megabyte megabytes",
    "GB": "gb gbs gigabyte gigabytes", "TB": "tb tbs terabyte terabytes", "PB": "pb pbs petabyte petabytes",
    "KiB": "kib", "MiB": "mib", "GiB": "gib", "TiB": "tib", "PiB": "pib",
    "ms": "ms msec millisecond milliseconds", "s": "s sec secs second seconds",
    "min": "min mins minute minutes", "h": "h hr hrs hour hours", "days": "d day days",
    "weeks": "week weeks wk", "months": "month months", "years": "year years yr yrs",
    "percent": "% percent pct", "IOPS": "iops", "WCU": "wcu wcus", "RCU": "rcu rcus",
    "MB/s": "mb/s mbps", "MiB/s": "mib/s", "GB/s": "gb/s", "Gbps": "gbps gbit/s", "KB/s": "kb/s",
    "per-second": "rps tps /s /sec per-second msg/s msgs/s req/s reqs/s requests/s ops/s events/s records/s "
                  "tx/s transactions/s", "GB-s": "gb-s gb-seconds gb-second",
}.items():
    for spelling in spellings.split():
        UNITS[spelling] = canonical

# Things notes count that are worth a Limit even without "max"/"up to".
COUNTABLE = frozenset(
    """replica replicas instance instances az azs region regions bucket buckets user users group groups
    role roles policy policies account accounts table tables target targets listener listeners
    certificate certificates message messages retry retries attempt attempts connection connections
    request requests function functions container containers task tasks shard shards partition partitions
    node nodes subnet subnets vpc vpcs ip ips eni enis volume volumes snapshot snapshots rule rules tag
    tags queue queues topic topics subscription subscriptions consumer consumers record records item items
    character characters invocation invocations layer layers copies copy ec2s ec2 concurrency executions
    data centers centres centers endpoints endpoint keys key destinations stages""".split()
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
    "hundred": 100, "thousand": 1000,
}
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?[kK](?![a-zA-Z]))?|(?:" + "|".join(_NUMBER_WORDS) + r")\b"
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_UNIT = rf"(?:{_UNIT_ALT})(?![a-zA-Z0-9])"
# A number not glued to letters, digits or dots on its left (m5, us-east-1, v4.1, 10.0.0.0).
_LEFT = r"(?<![\w.\-/:$#])"
_QUANTITY = re.compile(rf"{_LEFT}(?P<num>{_NUM})\s?(?P<unit>{_UNIT})", re.I)
_RANGE = re.compile(
    rf"{_LEFT}(?P<lo>{_NUM})\s?(?P<lounit>{_UNIT})?\s?(?:-|–|—|to)\s?(?P<hi>{_NUM})\s?(?P<unit>{_UNIT})", re.I
)
_COUNT = re.compile(rf"{_LEFT}(?P<num>\d{{1,3}}(?:,\d{{3}})*|\d+|{'|'.join(_NUMBER_WORDS)})\+?\s(?P<noun>(?:[A-Za-z][\w-]*\s){{0,2}}[A-Za-z][\w-]*)", re.I)
_MAX = re.compile(r"(?:\bmax(?:imum)?\b|\bup\s?to\b|\bat most\b|\bno more than\b|\blimit(?:ed)?\b|\bcap\b|<=?|≤|\bupto\b|\bunder\b|\bless than\b)", re.I)
_MIN = re.compile(r"(?:\bmin(?:imum)?\b|\bat least\b|>=?|≥|\bmore than\b|\bover\b|\bminimum of\b)", re.I)
_DEFAULT = re.compile(r"\bdefault\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;()\[\]•|→]|—|–|\s-\s|=>|->|\.\s")
_FILLER = re.compile(r"^(?:the|a|an|is|are|of|for|with|=|:|-|max(?:imum)?|min(?:imum)?|up ?to|upto|default|at most|at least|<=?|>=?|~|about|approx\.?)\s+|\s+(?:is|are|of|=|:|-|max(?:imum)?|min(?:imum)?|up ?to|upto|at most|at least|<=?|>=?|~|about|be|can be|by|will|of up|than|less|more)$", re.I)
_DIMENSION = {"B": "size", "ms": "duration", "percent": "percentage", "count": "count"}


def to_number(text: str) -> float:
    text = text.strip().lower()
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    multiplier = 1000.0 if text.endswith("k") else 1.0
    return float(text.rstrip("k ").replace(",", "")) * multiplier


def unit_of(spelling: str) -> str:
    return UNITS.get(spelling.lower(), spelling)


def dimension(unit: str) -> str:
    if unit in ("B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB"):
        return "size"
    if unit in ("ms", "s", "min", "h", "days", "weeks", "months", "years"):
        return "duration"
    return _DIMENSION.get(unit, unit)


def _qualifier(before: str, after: str) -> str:
    window = _CLAUSE_BREAK.split(before[-40:])[-1]
    if _MAX.search(window) or re.match(r"\s*(?:max|maximum)\b", after, re.I):
        return "max"
    if _MIN.search(window) or re.match(r"\s*(?:min|minimum)\b", after, re.I):
        return "min"
    if _DEFAULT.search(window) or re.match(r"\s*(?:\(?default)", after, re.I):
        return "default"
    return "exact"


def bound_words(clause: str) -> str:
    """A clause as the bound it names: its last words, lower case, without qualifiers and fillers.

    >>> bound_words("Max message size:"), bound_words("REST API timeout =")
    ('message size', 'rest api timeout')
    """
    for _ in range(4):
        clause = _FILLER.sub("", clause.strip()).strip()
    words = [w for w in clause.split()[-5:] if re.search(r"[a-z]", w, re.I)]
    return " ".join(words).strip(" :=-<>~").lower()


def _bound(before: str, unit: str, after: str = "") -> str:
    """What the number bounds: the end of the clause before it ("REST API timeout = 29 s"),
    else the words right after it ("75% discount")."""
    text = bound_words(_CLAUSE_BREAK.split(before)[-1])
    if text in _QUALIFIER_WORDS:
        text = ""
    if not text:
        m = re.match(r"\s*((?:[a-z][\w-]*\s?){1,2})", after, re.I)
        text = m.group(1).strip().lower() if m and m.group(1).strip().lower() not in _STOP_AFTER else ""
    return text or dimension(unit)


_QUALIFIER_WORDS = frozenset(["max", "maximum", "min", "minimum", "upto", "up to", "default", "at most", "at least", "limit"])
_STOP_AFTER = frozenset("and or of the a to in on for is are with by at per".split())
# "Max IOPS is 16000": the unit named before the number.
_UNIT_FIRST = re.compile(rf"\b(?P<unit>IOPS|WCU|RCU|TPS|RPS)\s(?:is|=|:|of|at)\s(?P<num>{_NUM})(?![\w.])", re.I)


class _Taken:
    """Character ranges already used by a match, so one number gives one limit."""

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in self.ranges)

    def add(self, start: int, end: int) -> None:
        self.ranges.append((start, end))

    def last_end(self, before: int) -> int:
        """End of the last taken range before ``before``: a clause never reaches past a number."""
        return max((e for s, e in self.ranges if e <= before), default=0)


_QUOTED = re.compile(r"[“\"][^“”\"]{0,300}[”\"]")


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """A quoted situation ("“Trace only 10% of traffic”") is a scenario, not a fact about a service."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def find_limits(text: str) -> list[tuple[int, int, float, str, str, str]]:
    """(start, end, value, unit, qualifier, bound) for every limit in ``text``.

    >>> [(v, u, q) for _, _, v, u, q, _ in find_limits("Max 5TB; 1 GiB-16 TiB")]
    [(5.0, 'TB', 'max'), (1.0, 'GiB', 'min'), (16.0, 'TiB', 'max')]
    """
    found = []
    taken = _Taken()
    for start, end in _quoted_ranges(text):
        taken.add(start, end)
    for m in _RANGE.finditer(text):
        hi_unit = unit_of(m.group("unit"))
        lo_unit = unit_of(m.group("lounit")) if m.group("lounit") else hi_unit
        if _looks_like_a_date_or_id(text, m.start(), m.end()):
            continue
        bound = _bound(text[taken.last_end(m.start()): m.start()], hi_unit)
        found.append((m.start("lo"), m.end("lo"), to_number(m.group("lo")), lo_unit, "min", bound))
        found.append((m.start("hi"), m.end(), to_number(m.group("hi")), hi_unit, "max", bound))
        taken.add(m.start(), m.end())
    for m in _QUANTITY.finditer(text):
        if taken.overlaps(m.start(), m.end()) or _looks_like_a_date_or_id(text, m.start(), m.end()):
            continue
        unit = unit_of(m.group("unit"))
        if unit == "percent" and to_number(m.group("num")) == 100:
            continue  # "until 100%" means all of it, not a limit
        if re.match(r"\s+ago\b", text[m.end():]):
            continue  # "24 hours ago" is a point in time
        if unit == "s" and m.group("unit") == "s" and m.group("num").isdigit() and " " in m.group(0):
            continue  # "3 s" is usually "3 S3"-style noise; "3s" or "3 sec" are durations
        before, after = text[taken.last_end(m.start()): m.start()], text[m.end():]
        found.append((m.start(), m.end(), to_number(m.group("num")), unit, _qualifier(before, after), _bound(before, unit, after)))
        taken.add(m.start(), m.end())
    for m in _UNIT_FIRST.finditer(text):
        if taken.overlaps(m.start("num"), m.end("num")):
            continue
        before, after = text[taken.last_end(m.start()): m.start("num")], text[m.end():]
        unit = unit_of(m.group("unit"))
        found.append((m.start("num"), m.end("num"), to_number(m.group("num")), unit, _qualifier(before, after), _bound(before[: before.lower().rfind(m.group("unit").lower())], unit)))
        taken.add(m.start(), m.end())
    for m in _COUNT.finditer(text):
        if taken.overlaps(m.start(), m.end()) or _looks_like_a_date_or_id(text, m.start(), m.end()):
            continue
        noun_words = m.group("noun").split()
        noun = next((w for w in reversed(noun_words) if w.lower() in COUNTABLE), "")
        if not noun or unit_of(noun_words[0]) != noun_words[0]:
            continue
        if re.search(r"\b(?:each|every|per)\s+$", text[max(0, m.start() - 8):m.start()], re.I):
            continue  # "for each two VPCs" is no count of anything
        if to_number(m.group("num")) == 1 and _qualifier(text[taken.last_end(m.start()): m.start()], "") == "exact" \
                and "at a time" not in text[m.start(): m.end() + 14]:
            continue  # "sends 1 message", "if one function …": a one is a limit only when bounded
        upto = noun_words.index(noun) + 1
        before, after = text[taken.last_end(m.start()): m.start()], text[m.end():]
        start_noun = m.start("noun")
        bound = " ".join(noun_words[:upto]).lower()
        found.append((m.start(), start_noun + len(" ".join(noun_words[:upto])), to_number(m.group("num")), "count", _qualifier(before, after), bound))
        taken.add(m.start(), m.end())
    found.sort(key=lambda f: f[0])
    return found


def _looks_like_a_date_or_id(text: str, start: int, end: int) -> bool:
    token = text[start:end]
    after = text[end:end + 2]
    if re.fullmatch(r"(?:19|20)\d\d", token.strip()):
        return True  # a year
    return after[:1].isalnum() and not after[:1].isspace() and after[:1] not in "sS"


_MAY_COUNT = re.compile(r"\d|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.I)


@Language.factory("limit_mentions")
def make_limit_mentions(nlp: Language, name: str) -> "LimitMentions":
    return LimitMentions()


class LimitMentions:
    """Sets ``doc._.limits``: each limit's subject is the nearest service or concept named
    before the number on the line, else after it, else the section's subject."""

    def match(self, doc: Doc) -> list[LimitMention]:
        if not _MAY_COUNT.search(text_of(doc)):
            return []  # no digit and no number word: no limit
        spans = lexicon_spans(doc)
        results = []
        for start, end, value, unit, qualifier, bound in find_limits(text_of(doc)):
            subject = _nearest_subject(spans, start) or doc._.subject
            results.append(LimitMention(subject, value, unit, qualifier, bound, text_of(doc)[start:end]))
        return results

    def __call__(self, doc: Doc) -> Doc:
        doc._.limits = self.match(doc)
        return doc


def _nearest_subject(spans, char: int) -> Ref | None:
    before = [s for s in spans if s.end_char <= char]
    chosen = before[-1] if before else (spans[0] if spans else None)
    if chosen is None:
        return None
    return Ref("service" if chosen.label_ == "SERVICE" else "concept", chosen.kb_id_, chosen.text)
