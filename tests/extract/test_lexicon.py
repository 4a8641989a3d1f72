"""The service lexicon: one entry per product, aliases, renames, concepts, ambiguity, fast loading."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from extract.errors import NoteError
from extract.lexicon import LEXICON_DIR, Lexicon, load_lexicon, normalize_name

SERVICES_JSON = LEXICON_DIR / "services.json"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize("names, canonical", [
    (["S3", "Amazon S3", "Simple Storage Service", "s3", "Amazon Simple Storage Service"], "Amazon S3"),
    (["Route 53", "Route53", "route 53", "Amazon Route 53", "ROUTE-53"], "Amazon Route 53"),
    (["Elasticsearch", "Amazon Elasticsearch Service", "Amazon ES", "amazon es", "OpenSearch"], "Amazon OpenSearch Service"),
    (["Kinesis Firehose", "Amazon Kinesis Firehose", "KDF", "Kinesis Data Firehose"], "Amazon Data Firehose"),
    (["Simple Systems Manager", "SSM", "Systems Manager", "Amazon Simple Systems Manager"], "AWS Systems Manager"),
    (["ASG", "ASGs", "Auto Scaling Group", "auto scaling groups"], "Amazon EC2 Auto Scaling"),
    (["X-Ray", "XRay", "x ray"], "AWS X-Ray"),
    (["Dynamo DB", "DynamoDB", "amazon dynamodb"], "Amazon DynamoDB"),
    (["Cloudfront", "CloudFront", "Cloud Front"], "Amazon CloudFront"),
    (["Elasticache", "ElastiCache"], "Amazon ElastiCache"),
    (["SSO", "AWS Single Sign-On", "IAM Identity Center"], "AWS IAM Identity Center"),
    (["ELB", "Elastic Load Balancer", "Elastic Load Balancing"], "Elastic Load Balancing"),
    (["ALB", "ALBs", "Application Load Balancer", "application load balancers"], "Application Load Balancer"),
    (["Read-Replicas", "read replica", "Read Replicas"], "Read Replica"),
    (["Lifecycle Policies", "lifecycle policy"], "S3 Lifecycle Rules"),
])
def test_aliases_resolve_to_one_entry(lexicon, names, canonical):
    assert {getattr(lexicon.lookup(n), "name", None) for n in names} == {canonical}


@pytest.mark.parametrize("old, new", [
    ("Amazon Elasticsearch Service", "Amazon OpenSearch Service"),
    ("Amazon Kinesis Firehose", "Amazon Data Firehose"),
    ("Amazon Simple Systems Manager", "AWS Systems Manager"),
    ("AWS Single Sign-On", "AWS IAM Identity Center"),
])
def test_renamed_services_keep_old_names_as_aliases(lexicon, old, new):
    entry = lexicon.lookup(new)
    assert entry.name == new and old in entry.aliases
    assert lexicon.lookup(old) is entry


@pytest.mark.parametrize("concept, service", [
    ("ALB", "Elastic Load Balancing"), ("NLB", "Elastic Load Balancing"), ("CLB", "Elastic Load Balancing"),
    ("GWLB", "Elastic Load Balancing"), ("Parameter Store", "AWS Systems Manager"),
    ("SSM Session Manager", "AWS Systems Manager"), ("Glacier Deep Archive", "Amazon S3"),
    ("Lambda@Edge", "Amazon CloudFront"), ("CloudFront Functions", "Amazon CloudFront"),
    ("NAT Gateway", "Amazon VPC"), ("VPC Endpoint", "Amazon VPC"), ("Gateway Endpoint", "Amazon VPC"),
    ("Interface Endpoint", "Amazon VPC"), ("RDS Proxy", "Amazon RDS"), ("Instance Store", "Amazon EC2"),
    ("Shield Advanced", "AWS Shield"), ("DynamoDB Streams", "Amazon DynamoDB"),
])
def test_features_are_concepts_part_of_their_service(lexicon, concept, service):
    entry = lexicon.lookup(concept)
    assert entry.kind == "concept"
    owner = lexicon.by_id(entry.part_of)
    assert owner.name == service and owner.kind == "service"
    assert entry.category == owner.category


@pytest.mark.parametrize("name", ["Aurora", "Fargate", "DAX", "VPC", "Glacier", "EBS", "EFS", "ECR", "Copilot",
                                  "PrivateLink", "Transit Gateway", "Site-to-Site VPN", "AWS CLI"])
def test_products_are_services(lexicon, name):
    assert lexicon.lookup(name).kind == "service"


@pytest.mark.parametrize("name, category", [
    ("Route 53", "networking"), ("API Gateway", "networking"), ("DynamoDB", "database"), ("DAX", "database"),
    ("Kinesis Data Streams", "analytics"), ("SQS", "integration"), ("Step Functions", "integration"),
    ("KMS", "security"), ("Cognito", "security"), ("CloudWatch", "management"), ("CloudTrail", "management"),
    ("X-Ray", "developer-tools"), ("CodePipeline", "developer-tools"), ("Fargate", "containers"),
    ("EKS", "containers"), ("S3", "storage"), ("Storage Gateway", "storage"), ("Athena", "analytics"),
    ("GuardDuty", "security"), ("Organizations", "management"), ("Cost Explorer", "cost"), ("DMS", "migration"),
    ("MGN", "migration"), ("Lambda", "compute"), ("Batch", "compute"), ("SageMaker", "ml"), ("Pinpoint", "integration"),
])
def test_services_the_notes_name_have_sensible_categories(lexicon, name, category):
    assert lexicon.lookup(name).category == category


@pytest.mark.parametrize("word, service", [
    ("Config", "AWS Config"), ("Shield", "AWS Shield"), ("Batch", "AWS Batch"), ("Backup", "AWS Backup"),
    ("Glue", "AWS Glue"), ("RAM", "AWS Resource Access Manager"), ("MQ", "Amazon MQ"), ("Inspector", "Amazon Inspector"),
])
def test_ordinary_words_are_marked_ambiguous(lexicon, word, service):
    entry = lexicon.lookup(service)
    assert word in entry.ambiguous
    assert f"AWS {word}" not in entry.ambiguous and entry.name not in entry.ambiguous


@pytest.mark.parametrize("word", ["Support", "Health", "Pricing", "Account", "Connect", "Location", "Config",
                                  "Shield", "Transfer", "Organizations", "Auto Scaling"])
def test_everyday_words_never_match_without_context(lexicon, word):
    """"in the config file", "shield your app": absent from the lexicon, or only with context."""
    for surface, entry, ambiguous in lexicon.surface_forms():
        if surface.lower() == word.lower():
            assert ambiguous, f"{word!r} would match {entry.name} anywhere"


def test_surface_forms_cover_spacing_hyphen_and_plural_variants(lexicon):
    forms = {s.lower(): (e.name, amb) for s, e, amb in lexicon.surface_forms()}
    assert forms["route53"] == forms["route 53"] == ("Amazon Route 53", False)
    assert forms["albs"][0] == forms["alb"][0] == "Application Load Balancer"
    assert forms["x ray"][0] == "AWS X-Ray"
    assert forms["config"] == ("AWS Config", True) and forms["aws config"] == ("AWS Config", False)
    assert len(forms) == len(lexicon.surface_forms())  # one entry per lower-cased surface


def test_ids_are_unique_and_consistent(lexicon):
    ids = [e.id for e in lexicon.entries]
    assert len(ids) == len(set(ids))
    for entry in lexicon.entries:
        assert entry.id.startswith(f"{entry.kind}:") and entry.category
        assert entry.name in entry.aliases and set(entry.ambiguous) <= set(entry.aliases)
        assert bool(entry.part_of) == (entry.kind == "concept")


def test_no_two_entries_share_a_lookup_key(lexicon):
    owner: dict[str, str] = {}
    for entry in lexicon.entries:
        for alias in entry.aliases:
            assert owner.setdefault(normalize_name(alias), entry.id) == entry.id, alias


def test_every_entry_in_services_json_round_trips(lexicon):
    raw = json.loads(SERVICES_JSON.read_text(encoding="utf-8"))["entries"]
    assert len(raw) == len(lexicon.entries)
    for item in raw:
        entry = lexicon.by_id(item["id"])
        assert (entry.kind, entry.name, list(entry.aliases), entry.category, entry.part_of, list(entry.ambiguous)) == (
            item["kind"], item["name"], item["aliases"], item["category"], item["part_of"], item["ambiguous"])


def test_services_json_is_small_and_sorted():
    assert SERVICES_JSON.stat().st_size < 1_000_000
    ids = [e["id"] for e in json.loads(SERVICES_JSON.read_text(encoding="utf-8"))["entries"]]
    assert ids == sorted(ids)


def test_services_json_was_generated_from_the_current_aliases_toml():
    """Catches a hand edit without regeneration, even where botocore is not installed."""
    header = json.loads(SERVICES_JSON.read_text(encoding="utf-8"))
    digest = hashlib.sha256((LEXICON_DIR / "aliases.toml").read_bytes()).hexdigest()
    assert header["aliases_sha256"] == digest, "aliases.toml changed: run `python3 -m extract.lexicon.generate`"


def test_normalize_name_folds_spacing_hyphens_case_plural():
    assert normalize_name("Route 53") == normalize_name("ROUTE-53") == normalize_name("route53")
    assert normalize_name("ALBs") == normalize_name("alb")
    assert normalize_name("Amazon ES") == normalize_name("amazon es")
    assert normalize_name("Kinesis") != normalize_name("Kinesi")  # "-is" is not a plural


def test_loading_needs_no_botocore():
    code = "import sys; from extract.lexicon import load_lexicon; load_lexicon(); print('botocore' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("content, reason", [(None, "missing"), ("[{]", "not JSON"), ('{"entries": [{}]}', "no id")])
def test_missing_or_broken_lexicon_is_a_clear_error(tmp_path, content, reason):
    if content is not None:
        (tmp_path / "services.json").write_text(content, encoding="utf-8")
    with pytest.raises(NoteError, match="lexicon file .* is missing or broken"):
        load_lexicon(tmp_path)


FAKE_BOTOCORE = {
    "es": {"serviceFullName": "Amazon Elasticsearch Service", "serviceAbbreviation": "Amazon ES",
           "serviceId": "Elasticsearch Service", "endpointPrefix": "es"},
    "opensearch": {"serviceFullName": "Amazon OpenSearch Service", "serviceAbbreviation": "",
                   "serviceId": "OpenSearch", "endpointPrefix": "es"},
    "config": {"serviceFullName": "AWS Config", "serviceAbbreviation": "Config Service",
               "serviceId": "Config Service", "endpointPrefix": "config"},
    "elb": {"serviceFullName": "Elastic Load Balancing", "serviceAbbreviation": "",
            "serviceId": "Elastic Load Balancing", "endpointPrefix": "elasticloadbalancing"},
    "elbv2": {"serviceFullName": "Elastic Load Balancing", "serviceAbbreviation": "Elastic Load Balancing v2",
              "serviceId": "Elastic Load Balancing v2", "endpointPrefix": "elasticloadbalancing"},
    "dynamodb": {"serviceFullName": "Amazon DynamoDB", "serviceAbbreviation": "DynamoDB",
                 "serviceId": "DynamoDB", "endpointPrefix": "dynamodb"},
    "dynamodbstreams": {"serviceFullName": "Amazon DynamoDB Streams", "serviceAbbreviation": "",
                        "serviceId": "DynamoDB Streams", "endpointPrefix": "streams.dynamodb"},
    "mq": {"serviceFullName": "AmazonMQ", "serviceAbbreviation": "", "serviceId": "mq", "endpointPrefix": "mq"},
}
FAKE_HAND = {
    "merge": {"dynamodbstreams": "dynamodb"},
    "rename": {"Amazon Elasticsearch Service": "Amazon OpenSearch Service"},
    "drop": ["Elastic Load Balancing v2"],
    "ambiguous": ["MQ"],
    "aliases": {"Elastic Load Balancing": ["ELB"]},
    "concepts": {"Application Load Balancer": ["Elastic Load Balancing", "ALB"],
                 "DynamoDB Streams": ["Amazon DynamoDB"]},
    "services": {"Amazon VPC": {}},
    "categories": {"management": ["AWS Config"], "networking": ["Amazon VPC"]},
}


def test_generator_merges_renames_and_marks_ordinary_words():
    from extract.lexicon.generate import build_entries

    entries = {e["name"]: e for e in build_entries(FAKE_BOTOCORE, FAKE_HAND, words={"config", "service"})}
    assert set(entries) == {"Amazon OpenSearch Service", "AWS Config", "Elastic Load Balancing", "Amazon DynamoDB",
                            "Amazon MQ", "Application Load Balancer", "DynamoDB Streams", "Amazon VPC"}
    opensearch = entries["Amazon OpenSearch Service"]  # es + opensearch share an endpoint prefix
    assert {"Amazon Elasticsearch Service", "OpenSearch", "Amazon ES"} <= set(opensearch["aliases"])
    assert opensearch["botocore"] == ["es", "opensearch"] and opensearch["category"] == "analytics"
    assert "Elastic Load Balancing v2" not in entries["Elastic Load Balancing"]["aliases"]
    assert "DynamoDB Streams" not in entries["Amazon DynamoDB"]["aliases"]  # the concept owns its name
    assert entries["AWS Config"]["ambiguous"] == ["Config"]
    assert entries["Amazon MQ"]["ambiguous"] == ["MQ"]
    assert entries["Application Load Balancer"]["part_of"] == "service:elastic-load-balancing"
    assert entries["Application Load Balancer"]["category"] == "networking"


def test_generator_refuses_a_name_shared_by_two_services():
    from extract.lexicon.generate import build_entries

    hand = {**FAKE_HAND, "aliases": {"Elastic Load Balancing": ["ELB"], "AWS Config": ["ELB"]}}
    with pytest.raises(SystemExit, match="'elb'"):
        build_entries(FAKE_BOTOCORE, hand, words=set())


def test_hints_go_to_their_service_and_only_a_service_may_have_them():
    from extract.lexicon.generate import build_entries

    hand = {**FAKE_HAND, "hints": {"Amazon DynamoDB": ["table", "item"]}}
    entries = {e["name"]: e for e in build_entries(FAKE_BOTOCORE, hand, words=set())}
    assert entries["Amazon DynamoDB"]["hints"] == ["item", "table"]
    assert "hints" not in entries["AWS Config"]
    with pytest.raises(SystemExit, match="hints.*DynamoDB Streams"):
        build_entries(FAKE_BOTOCORE, {**FAKE_HAND, "hints": {"DynamoDB Streams": ["change"]}}, words=set())


def test_the_shipped_lexicon_hints_at_services_with_everyday_words(lexicon):
    assert "function" in lexicon.lookup("Lambda").hints and "bucket" in lexicon.lookup("S3").hints
    assert not lexicon.lookup("function") and not lexicon.lookup("bucket")  # hints are no names


def test_committed_services_json_matches_a_fresh_generation():
    # `make test` installs the pinned botocore (test extra) and Debian's wamerican, so this always runs.
    import botocore

    from extract.lexicon.generate import DICTIONARY, generate

    committed = SERVICES_JSON.read_text(encoding="utf-8")
    assert json.loads(committed)["botocore"] == botocore.__version__, "pin botocore in pyproject to the version services.json came from"
    assert DICTIONARY.exists(), f"{DICTIONARY} is missing: `make test` installs Debian's wamerican"
    assert generate(LEXICON_DIR) == committed, "run `make lexicon` and commit the result"
