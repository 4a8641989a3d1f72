"""Generate data/lexicon/services.json from botocore's service metadata and aliases.toml.

Run by a developer from the project root, never at run time (loading every botocore
model takes seconds)::

    python3 -m extract.lexicon.generate          # or: make lexicon

botocore gives the names (serviceFullName, serviceAbbreviation, serviceId) and the
endpointPrefix that tells which APIs are one product; aliases.toml folds the other
sub-APIs in, renames out-of-date names (the old ones stay aliases), adds products and
concepts botocore lacks, assigns categories and lists ordinary-word aliases.
The output is sorted and one entry per line, so a regeneration diffs readably.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

from extract.document import node_id
from extract.lexicon import LEXICON_DIR, normalize_name

DICTIONARY = Path("/usr/share/dict/words")  # Debian's wamerican
_PREFIX = re.compile(r"^(?:AWS|Amazon)\s+", re.I)
_PAREN = re.compile(r"\s*\([^)]*\)")
# Keyword fallback for services the [categories] table does not name; first match wins.
_CATEGORY_KEYWORDS = [
    ("ml", r"sagemaker|rekognition|comprehend|polly|transcribe|translate|\blex\b|textract|kendra|bedrock|"
           r"personalize|forecast|machine learning|lookout|codewhisperer|\bq\b|nova|augmented ai|fraud|panorama"),
    ("iot", r"\biot\b|greengrass|things graph"),
    ("media", r"media|elemental|interactive video|kinesis video|nimble|deadline|ivs|gamelift"),
    ("end-user", r"workspaces|appstream|chime|connect|workmail|wickr|honeycode|worklink|workdocs"),
    ("cost", r"cost|billing|budget|pricing|price list|savings|invoic|tax|free tier|payment|marketplace"),
    ("migration", r"migration|discovery|transfer|disaster recovery|mainframe|snow"),
    ("security", r"security|identity|\bkms\b|secret|guard|macie|inspector|shield|waf|firewall|certificate|"
                 r"\bca\b|cognito|audit|verified|detective|access|signer|hsm|artifact|cryptography|appfabric"),
    ("database", r"database|\bdb\b|dynamo|\brds\b|aurora|redshift|cache|neptune|documentdb|docdb|keyspaces|"
                 r"timestream|qldb|memorydb|simpledb|performance insights"),
    ("storage", r"storage|\bs3\b|backup|glacier|fsx|file|\bebs\b|recycle bin"),
    ("analytics", r"athena|\bemr\b|glue|kinesis|opensearch|elasticsearch|quicksight|analytics|kafka|flink|"
                  r"lake|data exchange|data pipeline|clean rooms|finspace|datazone|entity resolution"),
    ("containers", r"container|\becs\b|\beks\b|\becr\b|fargate|kubernetes|app2container|copilot"),
    ("networking", r"network|route ?53|\bvpc\b|cloudfront|gateway|direct connect|load balanc|accelerator|"
                   r"app mesh|cloud map|lattice|privatelink|vpn|interconnect"),
    ("developer-tools", r"\bcode|cloud9|x-ray|\bsdk\b|\bcli\b|amplify|devops|proton|device farm|cdk|\bsam\b|"
                        r"cloudshell|fault injection|app studio|infrastructure composer"),
    ("integration", r"queue|notification|eventbridge|events|step functions|\bmq\b|appflow|appsync|email|"
                    r"pinpoint|workflow|scheduler|pipes|schemas|\bsns\b|\bsqs\b|\bses\b"),
    ("management", r"cloudwatch|cloudtrail|config|systems manager|cloudformation|organizations|control tower|"
                   r"trusted advisor|service catalog|health|license|resource|launch wizard|well-architected|"
                   r"quotas|account|support|observability|managed grafana|prometheus|synthetics|chatbot|"
                   r"resilience|user notifications|\barc\b|zonal shift|incident|sustainability"),
    ("compute", r"\bec2\b|lambda|compute|batch|lightsail|outposts|beanstalk|auto ?scaling|app runner|"
                r"serverless|parallel|braket|ground station|wavelength|image builder|vmware|simspace"),
]


def read_botocore() -> tuple[str, dict[str, dict[str, str]]]:
    """botocore's version and the newest metadata of every service, by data folder name."""
    import botocore  # developer dependency only; never imported by the run-time loader

    data = Path(botocore.__file__).parent / "data"
    services = {}
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        models = sorted(folder.glob("*/service-2.json*"))  # API versions are ISO dates: last is newest
        if not models:
            continue
        opener = gzip.open if models[-1].suffix == ".gz" else open
        with opener(models[-1], "rt", encoding="utf-8") as fh:
            meta = json.load(fh)["metadata"]
        keys = ("serviceFullName", "serviceAbbreviation", "serviceId", "endpointPrefix")
        services[folder.name] = {k: meta.get(k) or "" for k in keys}
    return botocore.__version__, services


def dictionary_words() -> set[str]:
    """Lower-case English words: the test for 'is this alias an ordinary word'."""
    if not DICTIONARY.exists():
        sys.exit(f"{DICTIONARY} is missing: install Debian's wamerican (apt-get install wamerican).")
    text = DICTIONARY.read_text(encoding="utf-8", errors="ignore")
    return {w for w in (line.strip() for line in text.splitlines()) if w.islower() and w.isalpha()}


def clean_name(name: str) -> str:
    """A readable product name: parentheses dropped, glued names split ("AmazonMQ" → "Amazon MQ")."""
    name = _PAREN.sub("", name).strip()
    if re.match(r"(AWS|Amazon)[A-Z]", name) and " " not in name:
        name = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    return name


def group_products(botocore: dict[str, dict[str, str]], hand: dict) -> dict[str, list[str]]:
    """Product (its primary botocore folder) → every folder that is one product.

    APIs sharing an endpointPrefix are one product (elb + elbv2), unless ``[separate]``
    says otherwise (docdb and neptune share RDS's); ``[merge]`` folds the other sub-APIs.
    """
    separate = set(hand.get("separate", []))
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for folder, meta in botocore.items():
        by_prefix[meta["endpointPrefix"] if folder not in separate else folder].append(folder)
    target = {}
    for prefix, folders in by_prefix.items():
        primary = prefix if prefix in folders else min(folders, key=lambda f: (len(f), f))
        target.update({f: primary for f in folders})
    for folder, into in hand.get("merge", {}).items():
        if folder not in botocore or into not in botocore:
            sys.exit(f"[merge] {folder!r} = {into!r}: both must be botocore data folders")
        target[folder] = target[into]
    groups: dict[str, list[str]] = defaultdict(list)
    for folder in sorted(botocore):
        groups[target[folder]].append(folder)
    return groups


def botocore_aliases(metas: list[dict[str, str]]) -> set[str]:
    """Every name botocore gives a product, with and without its parenthetical."""
    names = set()
    for meta in metas:
        for raw in (meta["serviceFullName"], meta["serviceAbbreviation"], meta["serviceId"]):
            if not raw:
                continue
            for name in (raw, clean_name(raw), *re.findall(r"\(([A-Z][A-Za-z0-9 ]{1,12})\)", raw)):
                if name.islower():  # serviceIds like "odb", "kendra": cased as a note would write them
                    name = name.upper() if len(name) <= 4 else name.title()
                names.add(name)
    return names


def is_ordinary(alias: str, words: set[str], distinctive: set[str]) -> bool:
    """An alias a note could write without meaning the service: see THE AMBIGUITY RULE in aliases.toml."""
    if _PREFIX.match(alias) or normalize_name(alias) in distinctive:
        return False
    return alias.isalpha() and alias.lower() in words  # one word: Shield, Batch, Spot; acronyms RAM, ES, PI


def category_of(name: str, table: dict[str, str]) -> str:
    if name in table:
        return table[name]
    lowered = name.lower()
    return next((cat for cat, pattern in _CATEGORY_KEYWORDS if re.search(pattern, lowered)), "other")


def _dedupe(aliases: set[str], name: str) -> list[str]:
    """One spelling per case-insensitive alias (the canonical name, else the most capitals), sorted."""
    best: dict[str, str] = {}
    for alias in sorted(aliases, key=lambda a: (a == name, sum(c.isupper() for c in a), a)):
        best[alias.lower()] = alias  # later (better) spellings win
    return sorted(best.values(), key=lambda a: (a.lower(), a))


def build_entries(botocore: dict[str, dict[str, str]], hand: dict, words: set[str]) -> list[dict[str, Any]]:
    """The lexicon entries, sorted by id. Exits with a message when aliases.toml contradicts itself."""
    rename: dict[str, str] = hand.get("rename", {})
    drop = {normalize_name(a) for a in hand.get("drop", [])}
    entries: dict[str, dict[str, Any]] = {}
    for primary, folders in group_products(botocore, hand).items():
        metas = [botocore[primary]] + [botocore[f] for f in folders if f != primary]
        original = metas[0]["serviceFullName"] or metas[0]["serviceId"]
        name = rename.get(original) or rename.get(clean_name(original)) or clean_name(original)
        entry = entries.setdefault(name, {"kind": "service", "aliases": set(), "botocore": []})
        entry["aliases"] |= botocore_aliases(metas)
        entry["botocore"] += folders
    for name in hand.get("services", {}):
        entries.setdefault(name, {"kind": "service", "aliases": set(), "botocore": []})
    problems = [f"[aliases] {name!r} is neither a botocore product nor in [services]"
                for name in hand.get("aliases", {}) if name not in entries]
    for name, extra in hand.get("aliases", {}).items():
        entries.get(name, {"aliases": set()})["aliases"].update(extra)
    for name, (owner, *extra) in hand.get("concepts", {}).items():
        if entries.get(owner, {}).get("kind") != "service":
            problems.append(f"[concepts] {name!r} is part of {owner!r}, which is not a service")
        entries[name] = {"kind": "concept", "aliases": set(extra), "part_of": owner, "botocore": []}
    for name, entry in entries.items():
        aliases = {a for a in entry["aliases"] | {name} if len(a) >= 2}
        # Notes drop the prefix ("Config", "Lambda"): the bare name is an alias too.
        entry["aliases"] = aliases | {_PREFIX.sub("", a) for a in aliases if len(_PREFIX.sub("", a)) >= 2}
    _give_concepts_their_names(entries)

    hints: dict[str, list[str]] = hand.get("hints", {})
    problems += [f"[hints] {svc!r} is not a service" for svc in hints if entries.get(svc, {}).get("kind") != "service"]
    categories = {svc: cat for cat, names in hand.get("categories", {}).items() for svc in names}
    problems += [f"[categories] {svc!r} is not a service" for svc in categories
                 if entries.get(svc, {}).get("kind") != "service"]
    if problems:
        sys.exit("aliases.toml does not fit botocore:\n  " + "\n  ".join(problems))
    # Hand lists match by lookup key, so "SDK" also covers "SDKs".
    distinctive = {normalize_name(a) for a in hand.get("distinctive", [])}
    ambiguous_by_hand = {normalize_name(a) for a in hand.get("ambiguous", [])}
    result = []
    for name, entry in entries.items():
        aliases = _dedupe({a for a in entry["aliases"] if a == name or normalize_name(a) not in drop}, name)
        owner = entry.get("part_of", "")
        result.append({
            "id": node_id(entry["kind"], name),
            "kind": entry["kind"],
            "name": name,
            "category": category_of(owner or name, categories),
            "part_of": node_id("service", owner) if owner else "",
            "aliases": aliases,
            "ambiguous": [a for a in aliases
                          if normalize_name(a) in ambiguous_by_hand or is_ordinary(a, words, distinctive)],
            "botocore": sorted(entry["botocore"]),
            **({"hints": sorted(hints[name])} if name in hints else {}),
        })
    result.sort(key=lambda e: e["id"])
    _check(result)
    return result


def _give_concepts_their_names(entries: dict[str, dict[str, Any]]) -> None:
    """A concept's name beats a service alias that means the same ("DynamoDB Streams" is a feature)."""
    claimed = {normalize_name(a) for e_name, e in entries.items() if e["kind"] == "concept"
               for a in e["aliases"] | {e_name}}
    for entry in entries.values():
        if entry["kind"] == "service":
            entry["aliases"] = {a for a in entry["aliases"] if normalize_name(a) not in claimed}


def _check(entries: list[dict[str, Any]]) -> None:
    """Ids unique, and no two entries answer to the same lookup key."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for alias in entry["aliases"]:
            owners[normalize_name(alias)].add(entry["id"])
    problems = [f"{key!r} → {sorted(ids)}" for key, ids in owners.items() if len(ids) > 1]
    ids = [e["id"] for e in entries]
    problems += [f"id {i!r} twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        sys.exit("aliases.toml: names shared by two entries (add a [rename], [drop] or [merge]):\n  "
                 + "\n  ".join(problems))


def render(entries: list[dict[str, Any]], *, botocore_version: str, hand_text: str) -> str:
    """services.json: a small header, then one entry per line."""
    header = {
        "generated_by": "python3 -m extract.lexicon.generate",
        "botocore": botocore_version,
        "aliases_sha256": hashlib.sha256(hand_text.encode("utf-8")).hexdigest(),
    }
    lines = ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries)
    head = json.dumps(header, ensure_ascii=False)[1:-1]
    return "{" + head + ',\n"entries": [\n' + lines + "\n]}\n"


def generate(directory: Path = LEXICON_DIR) -> str:
    """The services.json text for the aliases.toml in ``directory`` and the installed botocore."""
    hand_text = (directory / "aliases.toml").read_text(encoding="utf-8")
    version, botocore = read_botocore()
    entries = build_entries(botocore, tomllib.loads(hand_text), dictionary_words())
    return render(entries, botocore_version=version, hand_text=hand_text)


def main(directory: Path = LEXICON_DIR) -> None:
    text = generate(directory)
    (directory / "services.json").write_text(text, encoding="utf-8")
    entries = json.loads(text)["entries"]
    kinds = defaultdict(int)
    for e in entries:
        kinds[e["kind"]] += 1
    aliases = sum(len(e["aliases"]) for e in entries)
    print(f"wrote {directory / 'services.json'}: {dict(kinds)}, {aliases} aliases, {len(text) // 1024} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else LEXICON_DIR)
