"""Generate data/lexicon/services.json from botocore's service metadata and aliases.toml.

Run by a developer (``make lexicon``), never at run time: loading every botocore
service model takes seconds. botocore gives the names (serviceFullName,
serviceAbbreviation, serviceId); aliases.toml folds sub-APIs into their product,
renames out-of-date names (keeping the old ones as aliases), adds what botocore lacks,
and says which aliases are ordinary words.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from extract.document import node_id

LEXICON_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicon"
DICTIONARY = Path("/usr/share/dict/words")
_PREFIX = re.compile(r"^(?:AWS|Amazon)\s+", re.I)
_CATEGORY_KEYWORDS = [
    ("ml", r"sagemaker|rekognition|comprehend|polly|transcribe|translate|lex\b|textract|kendra|bedrock|personalize|forecast|\bml\b|machine learning|lookout|codewhisperer|q\b"),
    ("iot", r"\biot\b|greengrass"),
    ("media", r"media|elemental|ivs|interactive video|kinesis video"),
    ("database", r"database|db\b|dynamo|rds|aurora|redshift|cache|neptune|docdb|keyspaces|timestream|qldb"),
    ("storage", r"storage|s3|backup|glacier|fsx|file|snow"),
    ("networking", r"network|route ?53|vpc|cloudfront|gateway|direct connect|load balanc|accelerator|app mesh|cloud map"),
    ("security", r"security|identity|iam|kms|key|secret|guard|macie|inspector|shield|waf|firewall|certificate|sso|cognito|audit|verified|detective|access"),
    ("analytics", r"athena|emr|glue|kinesis|opensearch|elasticsearch|quicksight|data|analytics|kafka|flink|lake"),
    ("containers", r"container|ecs|eks|ecr|fargate|kubernetes"),
    ("developer-tools", r"code|cloud9|x-ray|sdk|cli|amplify|devops|proton|device farm"),
    ("cost", r"cost|billing|budget|pricing|savings|invoic|tax"),
    ("migration", r"migration|transfer|discovery|dms"),
    ("management", r"cloudwatch|cloudtrail|config|systems manager|cloudformation|organizations|control tower|trusted advisor|service catalog|health|license|resource|ssm|launch wizard|compute optimizer|well-architected"),
    ("integration", r"queue|notification|eventbridge|events|step functions|mq\b|appflow|appsync|email|pinpoint|workflow|swf|scheduler|pipes"),
    ("compute", r"ec2|lambda|compute|batch|lightsail|outposts|beanstalk|auto ?scaling|app runner|serverless"),
    ("end-user", r"workspaces|appstream|chime|connect|workmail|wickr|honeycode|worklink"),
]


def read_botocore() -> dict[str, dict[str, str]]:
    """Newest metadata of every botocore service, by endpoint prefix (the data folder's name)."""
    import botocore  # a developer dependency: `make lexicon` installs it

    data = Path(botocore.__file__).parent / "data"
    services = {}
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        models = sorted(folder.glob("*/service-2.json*"))
        if not models:
            continue
        opener = gzip.open if models[-1].suffix == ".gz" else open
        with opener(models[-1], "rt", encoding="utf-8") as fh:
            meta = json.load(fh)["metadata"]
        services[folder.name] = {k: meta.get(k) or "" for k in ("serviceFullName", "serviceAbbreviation", "serviceId")}
    return services


def dictionary_words() -> set[str]:
    if not DICTIONARY.exists():
        sys.exit(f"{DICTIONARY} is missing: install Debian's wamerican (apt-get install wamerican) to mark ordinary words.")
    return {w.strip() for w in DICTIONARY.read_text(encoding="utf-8", errors="ignore").splitlines() if w.strip().islower()}


def is_ordinary(alias: str, words: set[str], distinctive: set[str]) -> bool:
    """A one-word alias that the dictionary knows in lower case ("Config", "Shield", "Batch").

    Multi-word names ("Systems Manager", "Direct Connect") are rarely written by accident;
    the few that are go in the hand list."""
    stripped = _PREFIX.sub("", alias)
    if stripped in distinctive or not re.fullmatch(r"[A-Za-z]+", stripped) or stripped.isupper():
        return False
    return stripped.lower() in words


def category_of(name: str, table: dict[str, list[str]]) -> str:
    for category, names in table.items():
        if name in names:
            return category
    lowered = name.lower()
    for category, pattern in _CATEGORY_KEYWORDS:
        if re.search(pattern, lowered):
            return category
    return "other"


def build_lexicon(botocore: dict[str, dict[str, str]], hand: dict, words: set[str]) -> list[dict]:
    merge: dict[str, str] = hand.get("merge", {})
    rename: dict[str, str] = hand.get("rename", {})
    products: dict[str, dict] = {}
    for prefix, meta in sorted(botocore.items(), key=lambda kv: (kv[0] in merge and merge[kv[0]] != kv[0], kv[0])):
        target = merge.get(prefix, prefix)
        product = products.setdefault(target, {"names": [], "aliases": set()})
        full = meta["serviceFullName"]
        if full:
            product["names"].append(full)
        for name in (full, meta["serviceAbbreviation"], meta["serviceId"]):
            if not name:
                continue
            product["aliases"].add(name)
            product["aliases"].add(re.sub(r"\s*\([^)]*\)", "", name).strip())
            product["aliases"].update(re.findall(r"\(([A-Z][A-Za-z0-9 ]{1,12})\)", name))
    entries: dict[str, dict] = {}
    for product in products.values():
        if not product["names"]:
            continue
        old = product["names"][0]
        name = rename.get(old, rename.get(re.sub(r"\s*\([^)]*\)", "", old).strip(), re.sub(r"\s*\([^)]*\)", "", old).strip()))
        entry = entries.setdefault(name, {"kind": "service", "name": name, "aliases": set(), "part_of": ""})
        entry["aliases"] |= product["aliases"] | {old}
    for name, extra in hand.get("services", {}).items():
        entries.setdefault(name, {"kind": "service", "name": name, "aliases": set(), "part_of": ""})
    missing = [name for name in hand.get("aliases", {}) if name not in entries]
    if missing:
        raise SystemExit(f"aliases.toml names {missing}, which are neither botocore products nor [services] entries")
    for name, aliases in hand.get("aliases", {}).items():
        entries[name]["aliases"].update(aliases)
    categories = hand.get("categories", {})
    for name, spec in hand.get("concepts", {}).items():
        owner, *aliases = spec
        if owner not in entries:
            raise SystemExit(f"concept {name!r} is part of {owner!r}, which is not a service")
        entries[name] = {"kind": "concept", "name": name, "aliases": set(aliases), "part_of": owner}
    distinctive = set(hand.get("distinctive", []))
    ambiguous_by_hand = {a.lower() for a in hand.get("ambiguous", [])}
    result = []
    for name, entry in sorted(entries.items()):
        aliases = {a for a in entry["aliases"] | {name} if a and len(a) >= 2}
        # Prefix-stripped forms are how notes name services ("Config", "Lambda").
        aliases |= {_PREFIX.sub("", a) for a in aliases if _PREFIX.match(a) and len(_PREFIX.sub("", a)) >= 2}
        ambiguous = [] if entry["kind"] == "concept" else sorted(
            a for a in aliases if a.lower() in ambiguous_by_hand or is_ordinary(a, words, distinctive) and not _PREFIX.match(a))
        owner = entry["part_of"]
        category = category_of(owner or name, categories) if owner else (
            hand.get("services", {}).get(name, {}).get("category") or category_of(name, categories))
        result.append({
            "id": node_id(entry["kind"], name), "kind": entry["kind"], "name": name,
            "aliases": sorted(aliases, key=str.lower), "category": category,
            "part_of": node_id("service", owner) if owner else "", "ambiguous": ambiguous,
        })
    _check_unique(result)
    return result


def _check_unique(entries: list[dict]) -> None:
    ids = [e["id"] for e in entries]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise SystemExit(f"two lexicon entries share the ids {sorted(dupes)}")


def write(entries: list[dict], out: Path) -> None:
    lines = ",\n".join(json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entries)
    out.write_text("[\n" + lines + "\n]\n", encoding="utf-8")


def main(directory: Path = LEXICON_DIR) -> None:
    hand = tomllib.loads((directory / "aliases.toml").read_text(encoding="utf-8"))
    entries = build_lexicon(read_botocore(), hand, dictionary_words())
    write(entries, directory / "services.json")
    kinds = defaultdict(int)
    for e in entries:
        kinds[e["kind"]] += 1
    print(f"wrote {directory / 'services.json'}: {dict(kinds)}, {sum(len(e['aliases']) for e in entries)} aliases")


if __name__ == "__main__":
    main()
