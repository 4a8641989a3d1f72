"""Small text helpers shared by the components: cleaning terms and telling names from prose."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from spacy.lang.en.stop_words import STOP_WORDS


# Words that name a part of a note rather than a thing: never concepts on their own.
GENERIC_TERMS = frozenset(
    """
    overview introduction intro notes note demo demos hands-on hands on handson key features feature
    benefits benefit use cases use case cases pros cons pro con example examples summary conclusion
    important tip tips trap traps good to know remember exam exam tips question questions answer answers
    pricing cost costs security performance monitoring logging types type components component
    definition description subject steps step goal aim why how what when where who which more misc
    general basics basic fundamentals fundamental concepts concept terms term full form other others
    details detail options option advantages disadvantages limitations limits limit best practices
    best practice cheat sheet deep dive references reference links resources resource documentation
    usecase usecases workaround workarounds root configurations key architecture patterns pattern scenario scenarios solution solutions key points points characteristics
    capabilities capability properties attributes settings configuration core ideas idea comparison
    differences difference common mistakes mistake table contents toc index part section chapter topic
    topics yes no true false none n/a tbd todo misc. etc etc. i.e. e.g. aws amazon the a an and or
    prerequisites pre-requisites requirements ex eg fix quiz
    problem consideration cause trick anti-pattern antipattern issue challenge caveat gotcha setup recap
    takeaway two three four
    this that it its these those them they one ones something anything everything
    """.split()
) | frozenset(
    {
        "use cases", "key features", "good to know", "best practices", "exam tips", "cheat sheet",
        "deep dive", "hands on", "full form", "key points", "when to use", "how it works",
        "table of contents", "common mistakes", "important notes", "exam tip",
    }
)

_TRAILING_GENERIC = re.compile(
    r"\s+(overview|hands[- ]?on|notes?|fundamentals|basics|deep dive|introduction|demo|cheat sheet|"
    r"summary|essentials|concepts|features?|explained)\s*$",
    re.I,
)
# "ECS Cluster Capacity Provider – Recommended", "Custom Platform – Advanced": a word after a dash that
# grades the thing rather than names it ("Shield Advanced", with no dash, is a name).
_TRAILING_QUALIFIER = re.compile(
    r"\s+[-–—]\s+(recommended|advanced|deprecated|legacy|new|old|important|optional|preferred)\s*$", re.I
)
# "Disaster Recovery – Pilot Light": a dash between what the section is about and the thing it names.
_DASH = re.compile(r"\s+[-–—]\s+")
_EMOJI_AND_SYMBOLS = re.compile(
    "[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]"
)
_LEADING_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|[a-z][.)]|[ivx]+[.)]|#+|[-*•·—–])\s+", re.I)
_WORD = re.compile(r"[A-Za-z][\w@.+/&'-]*")
# An identifier written as one word (never made singular): capitalised parts ("DelaySeconds",
# "GetSessionToken"), camel case ("distinctInstance"), a constant ("CAPABILITY_NAMED_IAM") or a header
# name of three or more capitalised parts ("X-Forwarded-For").
API_WORD = re.compile(
    r"(?:[A-Z][a-z0-9]+){2,}|[a-z]+(?:[A-Z][a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*){2,}"
)
# Markdown's "_" emphasis, not the underscore inside an identifier ("__Note__", not "CAPABILITY_IAM").
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")


def strip_symbols(text: str) -> str:
    """Remove emoji and arrows, which notes use as decoration."""
    return _EMOJI_AND_SYMBOLS.sub(" ", text)


def clean_term(text: str) -> str:
    """A heading, bold run or definition head reduced to the name it gives.

    >>> clean_term("🟣 **2. Sticky Sessions:** ")
    'Sticky Sessions'
    """
    text = _EMPHASIS_UNDERSCORE.sub(" ", strip_symbols(text).replace("*", "").replace("`", ""))
    text = _LEADING_NUMBERING.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" :;,.-–—=>|\"'“”‘’")
    text = _TRAILING_QUALIFIER.sub("", text)
    text = _TRAILING_GENERIC.sub("", text).strip(" :;,.-–—")
    return text


def after_parent(term: str, parents: Sequence[str]) -> str:
    """A heading without the words of a parent heading it opens with, when a dash parts them off.

    >>> after_parent("Disaster Recovery – Pilot Light", ["AWS", "Disaster Recovery Strategies"])
    'Pilot Light'
    >>> after_parent("S3 Replication – Encryption", ["Amazon S3"]), after_parent("Pilot Light", ["Disaster Recovery"])
    ('S3 Replication – Encryption', 'Pilot Light')
    """
    parts = _DASH.split(term, maxsplit=1)
    if len(parts) == 2 and parts[1].strip():
        head = parts[0].strip().lower()
        if head and any(head in clean_term(parent).lower() for parent in parents):
            return parts[1].strip()
    return term


#: "Write-Through Cache (WTC)": a name with a bracket after it.
TRAILING_BRACKET = re.compile(r"^(.{2,}?)\s*\(([^()]{1,40})\)$")


def name_part(term: str) -> str:
    """The name in a term: without the bracket after it, or without the word or two of a bracket
    that a split on a dash cut open ("Expedited (1 - 5 minutes)" → "Expedited (1"). A longer
    open bracket is left: what it follows is a clause more often than a name.

    >>> name_part("Time To Live (TTL)"), name_part("Expedited (1"), name_part("NAT (Network Address Translation) Instance")
    ('Time To Live', 'Expedited', 'NAT (Network Address Translation) Instance')
    >>> name_part("Encrypted in transit (can only use HTTPS or SSH")
    'Encrypted in transit (can only use HTTPS or SSH'
    """
    opened = term.rfind("(")
    if opened > 0 and ")" not in term[opened:]:
        return term[:opened].rstrip(" :;,.-–—") if len(term[opened + 1:].split()) <= 2 else term
    bracket = TRAILING_BRACKET.match(term)
    return bracket.group(1).strip() if bracket else term


# A line of at most this many words that ends in ":" or "?" labels what follows ("Use cases:", "What is it?").
_LABEL_WORDS = 4


def is_label(line: str) -> bool:
    """Whether a note line only labels what follows ("Use cases:", "What is it?", "Notes", "Pros") rather
    than saying something.

    Examples
    --------
    >>> [is_label(t) for t in ("What is it?", "Use cases:", "Use case", "Notes", "Key Features", "Demo")]
    [True, True, True, True, True, True]
    >>> [is_label(t) for t in ("Free", "No cold starts", "Use it for: logs", "5 TB max", "Multi-threaded")]
    [False, False, False, False, False]
    """
    words = line.split()
    return (line.rstrip().endswith((":", "?")) and len(words) <= _LABEL_WORDS) or is_generic(strip_symbols(line))


def is_generic(term: str) -> bool:
    """Whether a term names a part of a note or nothing at all: generic words only, or one English
    stop word ("Notes", "Key Features", "For", "Never"; but "Amazon Resource Name").

    >>> is_generic("Use Cases"), is_generic("For"), is_generic("Read Replica"), is_generic("Amazon Resource Name")
    (True, True, False, False)
    """
    key = term.lower().strip()
    if key in GENERIC_TERMS or key in STOP_WORDS:
        return True
    words = key.split()
    return bool(words) and all(w in GENERIC_TERMS or singular(w) in GENERIC_TERMS for w in words)


# An instruction opens with these ("Create a topic", "use Layers", "increase RAM").
IMPERATIVES = frozenset("create enable use run deploy set add update apply increase grant allow make send store".split())
# A clause opens with these ("Can be set up to", "No stale data", "They cannot access …", "Create a
# topic", "Steps to create a trigger"); a name only when every word of it is capitalised ("No Upfront",
# "Do Not Disturb", "Run Command").
_CLAUSE_OPENERS = IMPERATIVES | frozenset(
    "can could should would must may might shall will is are was were be been has have had do does did "
    "let's let it's there here i we you they he she no not never don't doesn't can't cannot won't isn't "
    "from with without in on by at after before during under within into via over per "
    "steps how why what".split()
)
# A name never ends on a function word; a clause cut short does ("Ideal for", "Checks if the", "Offers auto-scaling and").
_DANGLING = frozenset(
    "to of for with and or nor the a an be is are was were if at by as than that which from across such except "
    "already but so into can will would should its their your our this these those when where while whether "
    "about via has have had not more above".split()
)


# Words of a clause, in lower case anywhere in a term that is not all capitalised: an article or a
# finite verb ("Restore from a snapshot", "Route tables must be updated", "Key features include").
_ARTICLE_OR_VERB = frozenset(
    "a an the must cannot can can't should will would is are was were be been being does doesn't don't "
    "include includes".split()
)
_PREPOSITIONS = frozenset("in on to by for from with into at of".split())
_FIT_WORDS = frozenset("best good great ideal perfect suitable useful".split())
_IRREGULAR_PARTICIPLES = frozenset("put set run built made done kept held sent shown known".split())
# A note's own label for an item of a list ("Option 2", "EX1"), not a name ("gp3", "Layer 4" are).
_NUMBERED_LABEL = re.compile(r"^(?:option|example|ex|step|case|scenario|part|bp|tip|note|method|way|approach|q)\s*\d+$", re.I)
# A word of prose with its ending cut on ("Doesn’t", "It's"), never a name on its own.
_CONTRACTION = re.compile(r"[A-Za-z]+['’](?:t|s|re|ll|ve|d|m)", re.I)


def reads_as_clause(term: str) -> bool:
    """Whether a short term is a clause cut from prose, a numbered label or code rather than a name.

    >>> [reads_as_clause(t) for t in ("Can be set up to", "No stale data", "Ideal for", "With batching", "Option 2")]
    [True, True, True, True, True]
    >>> [reads_as_clause(t) for t in ("No Upfront", "Write Through", "In Transit", "gp3", 'Catch":[')]
    [False, False, False, False, True]
    >>> [reads_as_clause(t) for t in ("Doesn’t", "It's", "O'Reilly", "Canary")]
    [True, True, False, False]
    >>> [reads_as_clause(t) for t in ("Create a topic", "Enable long polling", "Steps to create a trigger", "Run Command")]
    [True, True, True, False]
    >>> [reads_as_clause(t) for t in ("Placed in a public subnet", "Usually to AWS Service", "IPv4 cannot be disabled")]
    [True, True, True]
    >>> [reads_as_clause(t) for t in ("A Record", "Provisioned IOPS", "Fully Qualified Domain Name", "Backup and Restore")]
    [False, False, False, False]
    >>> [reads_as_clause(t) for t in ("Best for high-volume, simple logic", "Good for prod", "Great Firewall")]
    [True, True, False]
    >>> [reads_as_clause(t) for t in ("Fully managed and scalable", "Simply put", "Eventually consistent reads")]
    [True, True, False]
    """
    if '"' in term or _NUMBERED_LABEL.match(term):
        return True
    words = term.split()
    if len(words) < 2:
        return bool(_CONTRACTION.fullmatch(term))
    first, last = words[0].lower(), words[-1].lower().rstrip(",")
    if all(w[:1].isupper() or not w[:1].isalpha() for w in words):  # "A Record", "Time To Live": a name
        return last in _DANGLING
    if first in _CLAUSE_OPENERS or _ARTICLE_OR_VERB.intersection(words):
        return True
    second = words[1].lower()
    # "Fully managed and scalable", "Simply put": an adverb before a participle describes, it names nothing
    if first.endswith("ly") and len(first) > 4 and (second.endswith("ed") or second in _IRREGULAR_PARTICIPLES):
        return True
    # "Placed in a public subnet", "Based on user location", "Usually to AWS Service"
    if second in _PREPOSITIONS and (first.endswith("ed") or (first.endswith("ly") and len(first) > 4)):
        return True
    if second == "for" and first in _FIT_WORDS:  # "Best for high-volume, simple logic", "Good for prod"
        return True
    return last in _DANGLING


def looks_like_name(term: str, *, max_words: int = 5, any_case: bool = False) -> bool:
    """True for a short noun-phrase-like term ("Read Replica", "DLQ", "gp3 volumes"), not prose.
    ``any_case``: the term sits where only names go (a glossary's term column: "exponential backoff"),
    so a lower-case start does not make it prose."""
    words = term.split()
    if not words or len(words) > max_words or len(term) > 60:
        return False
    if not any(sum(c.isalnum() for c in w) >= 2 for w in words):  # "B", "B & C": letters alone name nothing
        return False
    if not _WORD.match(words[0]):
        return False
    if any(ch in term for ch in "?!;") or term.endswith("."):
        return False
    if is_generic(term) or reads_as_clause(term):
        return False
    # Prose starts with a lower-case verb or article; names start upper-case or with an acronym.
    return any_case or words[0][0].isupper() or any(c.isupper() for c in words[0][1:]) or words[0][0].isdigit()


# English plural endings, most specific first ("policies" → "policy", "caches" → "cache").
_PLURAL_RULES = (("ies", "y"), ("sses", "ss"), ("tches", "tch"), ("shes", "sh"), ("xes", "x"), ("uses", "us"),
                 ("iases", "ias"), ("s", ""))
_NOT_PLURAL = ("ss", "us", "is", "ics", "ws", "os", "ias")


def plural_name(name: str) -> str | None:
    """The plural of a name's last word, or ``None`` when it has none (an identifier, a number, a plural).

    >>> [plural_name(n) for n in ("Lambda Alias", "Origin Group", "Cache Policy", "GSI", "Price Class 200", "Access Keys")]
    ['Lambda Aliases', 'Origin Groups', 'Cache Policies', 'GSIs', None, None]
    >>> [plural_name(n) for n in ("Lambda@Edge", "SSE-S3", "GetSessionToken", "Multi-AZ")]
    [None, None, None, 'Multi-AZs']
    """
    head, _, last = name.rpartition(" ")
    if not re.fullmatch(r"[A-Za-z][A-Za-z-]*[A-Za-z]", last) or API_WORD.fullmatch(last) or singular(last) != last:
        return None
    if last.isupper():
        plural = last + "s"
    elif re.search(r"[^aeiou]y$", last):
        plural = last[:-1] + "ies"
    elif re.search(r"(?:s|x|z|sh|ch)$", last):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """Singular of one word, leaving acronyms and already-singular words alone.

    >>> [singular(w) for w in ("Replicas", "policies", "caches", "Kinesis", "DNS", "Sessions", "Access", "batches")]
    ['Replica', 'policy', 'cache', 'Kinesis', 'DNS', 'Session', 'Access', 'batch']
    """
    lower = word.lower()
    if len(word) <= 3 or word.isupper() or not word.isalpha() or not lower.endswith("s") or lower.endswith(_NOT_PLURAL):
        return word
    for ending, replacement in _PLURAL_RULES:
        if lower.endswith(ending):
            return word[: len(word) - len(ending)] + (replacement.upper() if word[-1].isupper() else replacement)
    return word


def concept_key(name: str) -> str:
    """The identity of a concept name: case, plural, hyphens and spacing folded."""
    words = re.sub(r"[-_/]+", " ", name.lower()).split()
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words)


def canonical_concept_name(name: str) -> str:
    """Display name: singular last word, original capitalisation; an API name is kept as it is written.

    >>> canonical_concept_name("Read Replicas"), canonical_concept_name("DelaySeconds")
    ('Read Replica', 'DelaySeconds')
    """
    words = name.split()
    if words and not API_WORD.fullmatch(words[-1]):
        words[-1] = singular(words[-1])
    return " ".join(words)
