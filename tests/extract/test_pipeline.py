"""The whole extractor: one node per thing, evidence that traces back, conflicts, bad input, random input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.blocks import Block
from extract.lexicon import load_lexicon
from extract.nlp import build_nlp, extract_blocks
from extract.pipeline import extract_paths
from extract.readers import read_note_file, read_note_text
from extract.resolve import Resolver

NOTES = Path(__file__).resolve().parents[2] / "data" / "notes"


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.fixture(scope="module")
def sample():
    return extract_paths([NOTES])


def resolve_text(nlp, files: dict[str, str]):
    resolver = Resolver(load_lexicon())
    for name, text in files.items():
        resolver.add_file(name, extract_blocks(nlp, read_note_text(text, name).blocks))
    return resolver.finish()


def test_every_evidence_item_is_the_text_of_its_line(sample):
    blocks = {}
    for path in NOTES.iterdir():
        result = read_note_file(path)
        for block in result.blocks:
            blocks.setdefault((result.file, block.line), set()).add(block.text)
    graph = sample.graph
    items = [ev for _, attrs in graph.nodes(data=True) for ev in attrs["evidence"]]
    items += [ev for *_, attrs in graph.edges(data=True) for ev in attrs["evidence"]]
    assert len(items) > 1000
    for ev in items:
        assert ev["text"] in blocks[(ev["file"], ev["line"])]


def test_sample_graph_has_every_kind_and_type(sample):
    graph = sample.graph
    kinds = {k for _, k in graph.nodes(data="kind")}
    types = {t for *_, t in graph.edges(data="type")}
    assert kinds == {"service", "concept", "limit"}
    assert {"USE_WHEN", "HAS_LIMIT", "PREREQUISITE_OF", "PART_OF", "COMPARED_WITH", "INTEGRATES_WITH"} <= types
    assert sample.report.files_read and not sample.report.rejected
    for _, attrs in graph.nodes(data=True):
        assert attrs["name"] and isinstance(attrs["aliases"], list) and attrs["evidence"]
    for _, target, attrs in graph.edges(data=True):
        if attrs["type"] == "USE_WHEN":
            assert attrs["condition"]


def test_s3_names_are_one_service_with_evidence_from_several_files(sample):
    s3 = sample.graph.nodes["service:amazon-s3"]
    files = {ev["file"] for ev in s3["evidence"]}
    assert len(files) == 5
    assert not any(n.startswith("service:") and "s3" in n and n != "service:amazon-s3" and
                   sample.graph.nodes[n]["name"] in ("S3", "Simple Storage Service") for n in sample.graph)


def test_a_service_named_in_capitals_on_many_lines_is_no_concept(nlp):
    """A capitalised run that recurs ("Amazon S3", "App Runner", "Lambda Functions") is a concept only
    when the lexicon does not know it: a service's name gives its lines to the service."""
    doc = resolve_text(nlp, {"a.md": (
        "# Storage\n- Amazon S3 – Object storage, fully managed\n- Amazon S3 does not store your key\n"
        "- Deploys to App Runner, ECS, Fargate\n- Need container hosting with HTTPS → App Runner.\n"
        "- Deploy to EKS, ECS or App Runner\n- Specify a pool for Lambda Functions\n"
        "- A Lambda Function causing throttling\n- Lambda Functions /tmp space is 512MB\n"
        "- Cross Zone Balancing spreads load\n- Cross Zone Balancing is on for ALB\n"
        "- Cross Zone Balancing costs extra on NLB\n")})
    concepts = {n["name"] for n in doc.nodes.values() if n["kind"] == "concept"}
    assert "Cross Zone Balancing" in concepts
    assert not concepts & {"Amazon S3", "App Runner", "Lambda Function", "Lambda Functions"}
    lines = {ev[1] for ev in doc.nodes["service:aws-app-runner"]["evidence"]}
    assert {4, 5, 6} <= lines


def test_every_limit_has_a_subject(sample):
    graph = sample.graph
    for node, kind in graph.nodes(data="kind"):
        if kind == "limit":
            assert any(attrs["type"] == "HAS_LIMIT" for *_, attrs in graph.in_edges(node, data=True))


def test_same_fact_in_two_files_is_one_edge_with_two_evidence(nlp):
    doc = resolve_text(nlp, {"a.md": "# Amazon S3\n- Use Multipart Upload for large files\n",
                             "b.md": "# S3\n- use multipart uploads for large files\n"})
    edges = [(k, v) for k, v in doc.edges.items() if v["type"] == "USE_WHEN"]
    assert len(edges) == 1
    assert {ev[0] for ev in edges[0][1]["evidence"]} == {"a.md", "b.md"}


def test_disagreeing_limits_are_kept_and_marked_as_conflict(nlp):
    doc = resolve_text(nlp, {"a.md": "# Amazon Aurora\n- Aurora storage: max 128 TB\n",
                             "b.md": "# Aurora\n- Aurora storage: max 64 TB\n"})
    limits = {nid: n for nid, n in doc.nodes.items() if n["kind"] == "limit"}
    assert sorted(n["value"] for n in limits.values()) == [64.0, 128.0]
    assert all(n["conflicts"] for n in limits.values())
    assert len(doc.conflicts) == 1 and doc.conflicts[0]["subject"] == "service:amazon-aurora"


def test_acronym_defined_in_brackets_is_one_concept(nlp):
    doc = resolve_text(nlp, {"a.md": "# Caching\n- **Write-Through Cache (WTC)**: writes go to the cache first\n"
                                     "- Use WTC for read-heavy data\n"})
    concepts = [n for n in doc.nodes.values() if n["kind"] == "concept" and "Write-Through" in n["name"]]
    assert len(concepts) == 1 and "WTC" in concepts[0]["aliases"]


def test_heading_with_a_bracket_is_the_concept_it_names(nlp):
    """The lines under "Time To Live (TTL)" are about Time To Live, the concept a line elsewhere
    names "TTL (Time To Live)"; a heading cut open at its dash ("Expedited (1 - 5 minutes)") names Expedited."""
    doc = resolve_text(nlp, {
        "a.md": "# DynamoDB\n## Time To Live (TTL)\n- Expired items are deleted within 48 hours\n",
        "b.md": "# Caching\n- TTL (Time To Live) - expire items after a set time\n",
        "c.md": "# Amazon S3 Glacier\n## Expedited (1 - 5 minutes)\n- Costs more per GB retrieved\n"})
    names = {n["name"]: n for n in doc.nodes.values() if n["kind"] == "concept"}
    ttl = [n for n in names if "Time To Live" in n or n == "TTL"]
    assert ttl == ["Time To Live"] and "TTL" in names["Time To Live"]["aliases"]
    assert {e[0] for e in names["Time To Live"]["evidence"]} == {"a.md", "b.md"}
    assert "Expedited" in names and not any(n.startswith("Expedited (") for n in names)


def test_a_heading_names_the_part_after_its_parent_and_before_a_qualifier(nlp):
    """"Disaster Recovery – Pilot Light" under "Disaster Recovery Strategies" is about Pilot Light;
    "ECS Cluster Capacity Provider – Recommended" is about the capacity provider: both get the lines
    under them. A dash between two names of their own ("S3 Replication – Encryption") stays."""
    doc = resolve_text(nlp, {"a.md": (
        "# Disaster Recovery Strategies\n## Disaster Recovery – Pilot Light\n- Keeps the critical core always on\n"
        "## Custom Platform – Advanced\n- Build your own runtime from scratch\n"
        "# Amazon ECS\n## ECS Cluster Capacity Provider – Recommended\n- Scales the hosts of ECS tasks\n"
        "# Amazon S3\n## Bucket Replication – Encryption Settings\n- KMS keys must be given\n")})
    names = {n["name"]: n for n in doc.nodes.values() if n["kind"] == "concept"}
    assert {"Pilot Light", "Custom Platform", "ECS Cluster Capacity Provider",
            "Bucket Replication – Encryption Setting"} <= set(names)
    assert not any("Recommended" in n or "Advanced" in n or n.startswith("Disaster Recovery –") for n in names)
    texts = lambda name: {e[2] for e in names[name]["evidence"] + names[name].get("section_lines", [])}
    assert "Keeps the critical core always on" in texts("Pilot Light")
    assert "Scales the hosts of ECS tasks" in texts("ECS Cluster Capacity Provider")
    assert "Build your own runtime from scratch" in texts("Custom Platform")


def test_a_sentence_that_says_what_a_service_is_defines_it(nlp):
    """"AWS Macie is a fully managed …" defines Macie; "Lambda is not for long jobs" and a sentence that
    names the service later on define nothing; a glossary row met first keeps its definition."""
    doc = resolve_text(nlp, {"a.md": (
        "# Security\n- **AWS Macie** is a fully managed data security service that finds PII. It uses ML.\n"
        "- Macie is the service for sensitive data\n"
        "# Compute\n- Lambda is not for long jobs\n- Use Lambda for short jobs\n"
        "# Queues\n- Amazon SQS provides fully managed message queues.\n"),
        "b.tsv": "term\tdefinition\nSNS\tPub/sub messaging\n",
        "c.md": "# Messaging\n- Amazon SNS is a notification service\n"})
    nodes = doc.nodes
    assert nodes["service:amazon-macie"]["definition"] == (
        "AWS Macie is a fully managed data security service that finds PII.")
    assert nodes["service:amazon-sqs"]["definition"] == "Amazon SQS provides fully managed message queues."
    assert not nodes["service:aws-lambda"]["definition"]
    assert nodes["service:amazon-sns"]["definition"] == "Pub/sub messaging"


def test_a_head_mark_after_a_lexicon_name_defines_it_when_no_sentence_does(nlp):
    """"Signed Cookie = access multiple files" defines Signed Cookie; a head that is a number ("S3: 5 TB
    max") or one word defines nothing, and a sentence that says what the entry is wins over a head met first."""
    doc = resolve_text(nlp, {"a.md": (
        "# CloudFront\n- **Signed Cookie** = access **multiple files**\n"
        "- Amazon S3: 5 TB max object size\n- Amazon SQS: queues\n"
        "- Amazon Macie – finds personal data in buckets\n"
        "- Amazon Macie is a data security service that uses ML.\n")})
    nodes = doc.nodes
    assert nodes["concept:signed-cookie"]["definition"] == "access multiple files"
    assert not nodes["service:amazon-s3"]["definition"]
    assert not nodes["service:amazon-sqs"]["definition"]
    assert nodes["service:amazon-macie"]["definition"] == "Amazon Macie is a data security service that uses ML."


def test_a_head_in_another_topics_section_defines_only_when_no_other_head_does(nlp):
    """"NLB = manual, extra cost" under Cross-Zone Load Balancing says how NLB relates to it; the later
    head in NLB's own list says what NLB is. A head cut off at a preposition defines nothing."""
    doc = resolve_text(nlp, {"a.md": (
        "# Cross-Zone Load Balancing\n- ALB = always on, free\n- NLB = manual, extra cost\n"
        "# Load balancers\n- NLB = Recommended only for\n- NLB – layer 4, millions of requests per second\n"
        "- ALB: layer 7 HTTP routing by path\n")})
    nodes = {n["name"]: n for n in doc.nodes.values()}
    assert nodes["Network Load Balancer"]["definition"] == "layer 4, millions of requests per second"
    assert nodes["Application Load Balancer"]["definition"] == "layer 7 HTTP routing by path"


def test_a_prerequisite_in_lower_case_prose_needs_a_topic_the_notes_name(nlp):
    """"must create new from …", "requires rapid access" make no topic "new" or "rapid access"; a lower-case
    mention of a topic the notes name ("requires write through") and a capitalised name still link."""
    doc = resolve_text(nlp, {"a.md": (
        "# Amazon RDS\n- Can’t encrypt existing unencrypted DB → must create new from encrypted snapshot.\n"
        "# Amazon S3\n- S3 Standard-IA requires rapid access\n## Write Through\n- Data goes to the cache and the table\n"
        "- A fresh cache requires write through\n"
        "# Amazon CloudFront\n- Signed URL requires CloudFront Key Pair\n")})
    names = {n["name"] for n in doc.nodes.values()}
    assert not names & {"new", "rapid access"}
    prereqs = {(doc.nodes[src]["name"], doc.nodes[dst]["name"]) for (src, dst, _), e in doc.edges.items()
               if e["type"] == "PREREQUISITE_OF"}
    assert any(src == "Write Through" for src, _ in prereqs)
    assert any(src == "CloudFront Key Pair" for src, _ in prereqs)
    assert not any(src in ("new", "rapid access") for src, _ in prereqs)


def test_a_command_after_a_command_label_is_the_concept(nlp):
    """"Command: --dry-run simulates …" defines --dry-run, not a topic named "Command"."""
    doc = resolve_text(nlp, {"a.md": (
        "# AWS CLI\n- Command: --dry-run simulates API call to save resources\n"
        "- Command: sts decode-authorization-message –encoded-message <message_value> decodes error messages\n"
        "- Command: aws sts get-session-token –serial-number <arn_of_mfa_device>\n")})
    concepts = {n["name"]: n for n in doc.nodes.values() if n["kind"] == "concept"}
    assert {"--dry-run", "sts decode-authorization-message", "aws sts get-session-token"} <= set(concepts)
    assert "Command" not in concepts
    assert concepts["--dry-run"]["definition"] == "simulates API call to save resources"
    assert [e[1] for e in concepts["--dry-run"]["evidence"]] == [2]


def test_an_api_name_several_lines_use_is_a_concept_spelled_as_written(nlp):
    doc = resolve_text(nlp, {"a.md": (
        "# Amazon SQS\n- Set DelaySeconds on the queue\n- DelaySeconds: 0 to 900\n- Messages wait DelaySeconds\n"
        "- GetQueueUrl finds the queue\n"
        "# Amazon DynamoDB\n- CloudFront and DynamoDB are services\n- DynamoDB again\n- and DynamoDB\n")})
    concepts = {n["name"] for n in doc.nodes.values() if n["kind"] == "concept"}
    assert "DelaySeconds" in concepts  # not made singular
    assert not concepts & {"GetQueueUrl", "DynamoDB", "CloudFront"}  # one line only; the lexicon's


def test_an_identifier_two_lines_use_is_a_concept_whatever_its_case(nlp):
    """camelCase, CONSTANT_CASE and header names are identifiers: two lines make them concepts, spelled as
    written, and a constant that ends in a service's name ("…_IAM") is not about that service."""
    doc = resolve_text(nlp, {"a.md": (
        "# Amazon ECS\n- distinctInstance → one task per EC2\n- memberOf → placement by expression\n"
        "# Application Load Balancer\n- Client IP is in the header (X-Forwarded-For)\n"
        "# AWS CloudFormation\n- `CAPABILITY_NAMED_IAM`: use for IAM resources with explicit names\n"
        "- Hooks: BeforeInstall -> ValidateService\n"),
        "b.txt": (
        "ECS\n\tdistinctInstance\tplace each task on a different container instance\n"
        "ELB\n- Servers see the caller in `X-Forwarded-For`\n"
        "CodeDeploy\n- Last hook is ValidateService: is the app healthy?\n"
        "- Deploy with CAPABILITY_NAMED_IAM set\n")})
    concepts = {n["name"]: n for n in doc.nodes.values() if n["kind"] == "concept"}
    assert {"distinctInstance", "X-Forwarded-For", "ValidateService", "CAPABILITY_NAMED_IAM"} <= set(concepts)
    assert "memberOf" not in concepts  # one line
    uses = {(doc.nodes[src]["name"], e["condition"]) for (src, _, _), e in doc.edges.items() if e["type"] == "USE_WHEN"}
    assert ("CAPABILITY_NAMED_IAM", "IAM resources with explicit names") in uses
    assert not any(name == "AWS IAM" and "explicit names" in cond for name, cond in uses)


def test_names_behind_a_label_an_ampersand_or_a_trailing_feature(nlp):
    """"Option 2: Drop Table + Recreate table" in a row names the option; a heading "S3 Select & Glacier
    Select" names two features (each on a service); "… S3 Batch Replication Feature" is S3 Batch Replication."""
    doc = resolve_text(nlp, {"a.tsv": (
        "term\tnote\n"
        "Option 1: Scan + Delete\tvery slow, expensive\nOption 2: Drop Table + Recreate table\tfast, cheap\n"),
        "b.md": (
        "# Amazon S3\n## S3 Select & Glacier Select\n- Retrieve less data using SQL\n"
        "- To replicate existing objects you have to use S3 Batch Replication Feature\n"
        "- After activation, can replicate existing objects using S3 Batch Replication\n")})
    concepts = {n["name"] for n in doc.nodes.values() if n["kind"] == "concept"}
    assert {"Drop Table + Recreate table", "Scan + Delete", "S3 Select", "Glacier Select", "S3 Batch Replication"} <= concepts
    assert not concepts & {"Option 2", "S3 Batch Replication Feature", "S3 Select & Glacier Select"}
    # the lines under the heading are the first feature's (the heading is not about S3 as a whole)
    assert "Retrieve less data using SQL" in [line[2] for line in doc.nodes["concept:s3-select"]["section_lines"]]


def test_a_label_line_is_no_section_line(nlp):
    """"What is it?", "Use cases:" and "Notes" label what follows under a heading; "Free" and the facts are kept."""
    doc = resolve_text(nlp, {"a.md": "# Route 53\n## Alias Record\n- What is it?\n- Use cases:\n- Notes\n- Free\n"
                                     "- Points the zone apex at an AWS resource\n"})
    texts = [line[2] for line in doc.nodes["concept:alias-record"]["section_lines"]]
    assert "Free" in texts and "Points the zone apex at an AWS resource" in texts
    assert not {"What is it?", "Use cases:", "Notes"} & set(texts)


def test_letters_labels_and_contractions_are_no_concepts(nlp):
    """"B & C: …" (peered VPCs), "General = gp2/gp3", "Ex: …" and "It's ideal for …" name no topic."""
    doc = resolve_text(nlp, {"a.md": "# VPC Peering\n## B & C\nB & C: VPC Peering BC\n- General = gp2/gp3\n"
                                     "- Ex: premium video service for logged in users\n"
                                     "# EventBridge Scheduler\n- It's ideal for automating periodic workflows\n"})
    names = {n["name"] for n in doc.nodes.values() if n["kind"] == "concept"}
    assert not names & {"B", "C", "B & C", "G", "Ex", "It's"}


def test_a_misspelt_lexicon_name_is_that_entry(nlp):
    """"Load Balancer Stickness" (twice, a slip) is Sticky Sessions; "Compute Optimized" (a word the notes use
    on their own) stays a concept of its own though it is one edit from "Compute Optimizer"."""
    notes = (
        "# ELB\n## Load Balancer Stickness\n- Load Balancer Stickness: same client always redirected\n"
        "- Load Balancer Stickiness uses a cookie\n- Stickiness can unbalance the load\n- Stickiness has a duration\n"
        "# EC2\n## Compute Optimized\n- Compute Optimized: batch, HPC\n- Optimized for compute\n"
        "- Memory Optimized: caches\n- Storage Optimized: OLTP\n")
    doc = resolve_text(nlp, {"a.md": notes})
    names = {n["name"] for n in doc.nodes.values() if n["kind"] == "concept"}
    assert "Load Balancer Stickness" not in names and "Compute Optimized" in names
    sticky = doc.nodes["concept:sticky-sessions"]
    assert any("Stickness: same client" in line[2] for line in sticky["evidence"])
    # a copied file repeats the lines, not the slip: still two distinct lines
    copied = resolve_text(nlp, {"a.md": notes, "copy/a.md": notes})
    assert "Load Balancer Stickness" not in {n["name"] for n in copied.nodes.values()}


def test_a_name_cut_short_with_its_acronym_in_brackets_is_that_entry(nlp):
    """"Accelerator (DAX)" heads DynamoDB Accelerator's lines; "Encryption (KMS)" stays a concept."""
    doc = resolve_text(nlp, {"a.md": (
        "# DynamoDB\n## Accelerator (DAX)\n- In-memory cache for DynamoDB\n- Solves the hot key problem\n"
        "## Encryption (KMS)\n- Encryption at rest with a key\n- Encryption in transit with TLS\n")})
    names = {n["name"] for n in doc.nodes.values() if n["kind"] == "concept"}
    assert "Accelerator" not in names and "Encryption" in names
    dax = doc.nodes["service:amazon-dynamodb-accelerator"]
    assert any("hot key problem" in line[2] for line in dax["section_lines"])


def test_one_concept_spelt_with_and_without_spaces_is_one_node(nlp):
    """"DeletionPolicy" and "Deletion Policy", "AllAtOnce" and "All-at-Once" are one concept each, and a
    USE_WHEN read after the merge ("Use exponential back off …") finds the concept the notes define."""
    doc = resolve_text(nlp, {"a.md": (
        "# CloudFormation\n- DeletionPolicy: Retain keeps the resource when the stack is deleted\n"
        "- Deletion Policy: Snapshot backs up the volume first\n"
        "# CodeDeploy\n- AllAtOnce: every instance at once, fastest\n- AllAtOnce has downtime\n"
        "- All-at-Once: quickest deployment\n"
        "# SQS\n- Exponential Backoff: wait longer after each retry\n- Exponential Backoff for retries\n"
        "- Use exponential back off in case of throttle errors\n")})
    concepts = {n["name"]: n for n in doc.nodes.values() if n["kind"] == "concept"}
    deletion = [n for n in concepts if n.replace(" ", "").lower() == "deletionpolicy"]
    at_once = [n for n in concepts if n.replace("-", "").lower() == "allatonce"]
    backoff = [n for n in concepts if n.replace(" ", "").lower() == "exponentialbackoff"]
    assert len(deletion) == 1 and len(at_once) == 1 and len(backoff) == 1, (deletion, at_once, backoff)
    lines = {line[2] for line in concepts[deletion[0]]["evidence"]}
    assert any("Retain" in t for t in lines) and any("Snapshot backs up" in t for t in lines)
    assert at_once == ["AllAtOnce"]  # the spelling the notes use most


def test_a_clause_cut_from_prose_is_no_concept(nlp):
    """Headings and definition heads that are clauses ("Can be set up to:", "Ideal for: …", "No stale
    data: …", "With batching: …") or numbered labels ("Option 2") make no concepts; names that open or
    end on the same words ("No Upfront", "Write Through", "In Transit") do."""
    doc = resolve_text(nlp, {"a.md": (
        "# Amazon EC2\n## Can be set up to:\n- replicate across Regions\n"
        "## No Upfront\n- Pay monthly, smallest discount\n"
        "- Ideal for: steady workloads\n- No stale data: reads see the latest write\n"
        "# Caching\n## Write Through\n- Data is written to the cache and the database together\n"
        "## Option 2\n- With batching: fewer calls, lower cost\n## In Transit\n- TLS between the client and the cache\n")})
    names = {n["name"] for n in doc.nodes.values() if n["kind"] == "concept"}
    assert {"No Upfront", "Write Through", "In Transit"} <= names
    assert not names & {"Can be set up to", "Ideal for", "No stale data", "Option 2", "With batching"}


def test_a_concept_with_and_without_its_service_in_front_is_one_node(nlp):
    """"SQS Long Polling" and "Long Polling" are one concept, as are "IP-Based Routing Policy" and the
    "IP-based routing" a USE_WHEN names later; a bare name that two concepts end with stays apart."""
    doc = resolve_text(nlp, {"a.md": (
        "# Amazon SQS\n## Long Polling\n- wait for messages\n## SQS Long Polling\n- up to 20 s\n"
        "# Amazon Route 53\n## IP-Based Routing Policy\n- route by the client's CIDR block\n"
        "- “Send office ranges to one endpoint” -> IP-based routing\n"
        "# Amazon EMR\n## Node Type\n- core, task\n## EMR Cluster Node Type\n- master\n"
        "## AWS EKS Node Type\n- managed, self-managed\n")})
    concepts = {n["name"]: n for n in doc.nodes.values() if n["kind"] == "concept"}
    polling = [n for n in concepts.values() if "long polling" in n["name"].lower()]
    assert len(polling) == 1 and {"Long Polling", "SQS Long Polling"} <= {polling[0]["name"], *polling[0]["aliases"]}
    assert len(polling[0]["evidence"]) == 2
    routing = [n for n in concepts.values() if "ip-based" in n["name"].lower()]
    assert len(routing) == 1 and "IP-based routing" in {routing[0]["name"], *routing[0]["aliases"]}
    uses = [e for (src, _, _), e in doc.edges.items() if e["type"] == "USE_WHEN" and doc.nodes[src] is routing[0]]
    assert uses and "office ranges" in uses[0]["condition"]
    assert {"Node Type", "EMR Cluster Node Type", "AWS EKS Node Type"} <= set(concepts)


def test_a_service_node_carries_the_lexicons_hints_for_ask(nlp):
    doc = resolve_text(nlp, {"a.md": "# AWS Lambda\n- runs your code\n# Amazon S3\n- stores objects\n"})
    assert "function" in doc.nodes["service:aws-lambda"]["hints"]
    assert "bucket" in doc.nodes["service:amazon-s3"]["hints"]


def test_a_service_node_carries_its_everyday_word_aliases_for_ask(nlp):
    doc = resolve_text(nlp, {"a.md": "# AWS Backup\n- backs up volumes\n# Amazon S3\n- stores objects\n"})
    assert doc.nodes["service:aws-backup"]["ambiguous"] == ["Backup"]
    assert "ambiguous" not in doc.nodes["service:amazon-s3"]


def test_a_concept_is_also_known_by_its_plural(nlp):
    doc = resolve_text(nlp, {"a.md": "# Amazon CloudFront\n## Origin Group\n- failover to a second origin\n"
                                     "## Cache Behavior\n- path pattern\n- Cache Behavior per path\n"})
    assert "Origin Groups" in doc.nodes["concept:origin-group"]["aliases"]  # the lexicon's
    assert "Cache Behaviors" in doc.nodes["concept:cache-behavior"]["aliases"]  # the notes'


def test_bad_files_are_reported_and_the_rest_still_goes_in(tmp_path):
    (tmp_path / "good.md").write_text("# Amazon S3\n- Max 5TB per object\n")
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "latin.txt").write_bytes("# Amazon SQS\n- Nachrichten bis 256 KB, café\n".encode("latin-1"))
    (tmp_path / "wide.md").write_text("# DynamoDB\n- Item size up to 400 KB\n", encoding="utf-16")
    result = extract_paths([tmp_path, tmp_path / "missing.md"])
    rejected = "\n".join(result.report.rejected)
    assert "empty.md" in rejected and "binary.txt" in rejected and "missing.md" in rejected
    assert sorted(Path(f).name for f in result.report.files_read) == ["good.md", "latin.txt", "wide.md"]
    assert any("latin.txt" in w for w in result.report.warnings)
    assert {"service:amazon-s3", "service:amazon-sqs", "service:amazon-dynamodb"} <= set(result.graph)


@settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=200), max_size=6))
def test_random_text_through_the_pipeline_never_crashes(nlp, lines):
    blocks = [Block("r.md", i + 1, text, ("Amazon S3",)) for i, text in enumerate(lines)]
    for mentions in extract_blocks(nlp, blocks):
        for limit in mentions.limits:
            assert limit.unit and limit.value == limit.value  # not NaN


@settings(max_examples=40, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_random_bytes_through_read_and_resolve_never_crash(nlp, data):
    from extract.errors import NoteError
    from extract.readers import read_note_bytes

    try:
        result = read_note_bytes(data, "random.bin")
    except NoteError:
        return
    resolver = Resolver(load_lexicon())
    resolver.add_file("random.bin", extract_blocks(nlp, result.blocks))
    doc = resolver.finish()
    assert all(src in doc.nodes and dst in doc.nodes for src, dst, _ in doc.edges)


def test_a_bare_name_in_a_services_section_is_that_services_concept(nlp):
    """"Aliases" under Lambda is Lambda Alias and "Users" under IAM is IAM User (the lexicon has "Lambda Alias"
    and "IAM User"); "Aliases" under Route 53, which has no "Route 53 Alias", stays a concept of its own."""
    doc = resolve_text(nlp, {"a.md": (
        "# AWS Lambda\n- **Aliases**: pointers to versions + traffic splitting\n"
        "- Larger dependencies → use Layers\n"
        "# IAM\n- Users: people that can be grouped\n"
        "# Route 53\n- **Aliases**: hostname to AWS resource\n- Alias records are free\n")})
    evidence = {n["name"]: [e[2] for e in n["evidence"]] for n in doc.nodes.values()}
    assert "Aliases: pointers to versions + traffic splitting" in evidence["Lambda Alias"]
    assert "Users: people that can be grouped" in evidence["IAM User"]
    assert doc.nodes["concept:lambda-alias"]["definition"] == "pointers to versions + traffic splitting"
    assert not any("hostname" in text for text in evidence["Lambda Alias"])
    assert "Aliases: hostname to AWS resource" in evidence["Alias"]
    uses = {(doc.nodes[src]["name"], e["condition"]) for (src, _, _), e in doc.edges.items() if e["type"] == "USE_WHEN"}
    assert ("Lambda Layer", "Larger dependencies") in uses


def test_a_lexicon_concept_written_with_its_service_in_front_is_that_concept(nlp):
    """"S3 Cross Region Replication" is the lexicon's Cross-Region Replication (a concept of S3), not a concept of
    its own, and the name as written becomes an alias, so a user who types it finds the entry."""
    doc = resolve_text(nlp, {"a.md": (
        "# S3 Cross Region Replication\n- Read only copies in another region\n"
        "- S3 Cross Region Replication needs versioning\n- Use S3 Cross Region Replication for low latency reads\n")})
    crr = doc.nodes["concept:cross-region-replication"]
    assert "S3 Cross Region Replication" in crr["aliases"]
    assert "Read only copies in another region" in [e[2] for e in crr["section_lines"]]
    assert not any(n["name"].startswith("S3 Cross") for n in doc.nodes.values())


def test_the_graph_does_not_depend_on_the_order_of_the_lines(nlp):
    """A USE_WHEN under "Custom Metrics" points at that section's topic whether the limit line that makes it
    a concept comes before or after it."""
    lines = ["- Can use dimensions to segment metrics\n", "- Standard = 1 minute\n"]
    graphs = [resolve_text(nlp, {"a.md": "# Amazon CloudWatch\n## Custom Metrics\n" + "".join(order)})
              for order in (lines, lines[::-1])]
    uses = [{(src, dst, e["condition"]) for (src, dst, _), e in doc.edges.items() if e["type"] == "USE_WHEN"} for doc in graphs]
    assert uses[0] == uses[1] and uses[0]
    assert all(src != dst for src, dst, _ in uses[0])


def test_the_lines_under_a_bare_heading_in_a_services_section_are_that_services_concepts(nlp):
    """"## Destinations" under "# AWS Lambda" is Lambda Destination's section; under a heading that lists
    several services, "## Custom Metrics" stays a section of its own."""
    doc = resolve_text(nlp, {"a.md": (
        "# AWS Lambda\n## Destinations\n- Define targets for success and failed events\n"
        "# Monitoring: CloudWatch, X-Ray, CloudTrail\n## Custom Metrics\n- Send them with PutMetricData\n")})
    assert [e[2] for e in doc.nodes["concept:lambda-destination"]["section_lines"]] == [
        "Define targets for success and failed events"]
    assert "Send them with PutMetricData" not in [e[2] for e in doc.nodes["concept:cloudwatch-metrics"].get("section_lines", [])]


def test_a_service_dash_feature_name_is_that_feature(nlp):
    """"AWS Systems Manager - Patch Manager" heads Patch Manager's section; a glossary entry
    "DynamoDB – GSI (Global Secondary Index)" makes the rows below it lines of GSI."""
    doc = resolve_text(nlp, {
        "a.md": "# AWS Systems Manager - Patch Manager\n- Automates patching of managed instances\n",
        "g.tsv": ("Terms\tFull Form\tDefinition\tNOTE\n"
                  "DynamoDB\t\tIndexes\t\n"
                  "\t\tDynamoDB – GSI (Global Secondary Index)\twhole new table\n"
                  "\t\t\tTo speed up queries on non-key attributes, use it\n"),
    })
    assert "Automates patching of managed instances" in [
        e[2] for e in doc.nodes["concept:patch-manager"].get("section_lines", [])]
    assert any("To speed up queries on non-key attributes" in e[2]
               for e in doc.nodes["concept:gsi"].get("section_lines", []))


def test_a_glossary_term_in_lower_case_is_a_name(nlp):
    """The term column holds names, capitalised or not: "exponential backoff" is the concept the notes
    elsewhere write "Exponential Backoff", with the glossary's definition; prose in a note cell is none."""
    doc = resolve_text(nlp, {
        "a.md": "# Error handling\n- For Intermittent Errors: implement Exponential Backoff\n",
        "g.tsv": ("Terms\tFull Form\tDefinition\tNOTE\n"
                  "exponential backoff\t\tis a standard error-handling strategy for network applications\t"
                  "use it on throttling errors\n"),
    })
    concept = doc.nodes["concept:exponential-backoff"]
    assert concept["name"] == "Exponential Backoff"
    assert concept["definition"] == "is a standard error-handling strategy for network applications"
    assert {e[0] for e in concept["evidence"]} == {"a.md", "g.tsv"}
    assert not any(n["name"].lower().startswith("use it") for n in doc.nodes.values())


def test_a_name_before_an_arrow_is_named_and_loosely_defined(nlp):
    """"Stages → dev/test/prod" names Stages and says what they are, unless a line defines them otherwise
    ("Stage: a snapshot of the API", even on a later line); "CPU-bound functions → increase RAM" and
    "Expired tokens → must re-auth" are advice, no names."""
    doc = resolve_text(nlp, {"a.md": (
        "# API Gateway\n- Stages → dev/test/prod\n- Atomic counters → increment a number in place\n"
        "- CPU-bound functions → increase RAM\n- Expired tokens → must re-auth every 12 hours\n"
        "# Glossary\n- Stage: a named snapshot of the API\n")})
    names = {n["name"]: n for n in doc.nodes.values() if n["kind"] == "concept"}
    assert names["Stage"]["definition"] == "a named snapshot of the API"
    assert "Stages → dev/test/prod" in [e[2] for e in names["Stage"]["evidence"]]
    assert names["Atomic counter"]["definition"] == "increment a number in place"
    assert not any(name.startswith(("CPU", "Expired")) for name in names)


def test_what_a_limit_bounds_is_no_topic_of_its_own(nlp):
    """"Max message size: 256 KB" states a limit of SQS, not a topic "Max message size"; "**Reserved**: 1-3 years"
    is still a line of Reserved, which another line makes a topic."""
    doc = resolve_text(nlp, {"a.md": (
        "# Amazon SQS\n- **Max message size:** 256 KB.\n- **Retention:** 1 min – 14 days.\n"
        "# EC2 purchasing\n- Reserved: cost savings for a steady workload\n- **Reserved**: 1-3 years, upfront or partial\n")})
    names = {n["name"]: n for n in doc.nodes.values() if n["kind"] == "concept"}
    assert "Max message size" not in names and "Retention" not in names
    assert any(n["kind"] == "limit" and n["value"] == 256 for n in doc.nodes.values())
    assert "Reserved: 1-3 years, upfront or partial" in [e[2] for e in names["Reserved"]["evidence"]]


def test_a_use_when_answer_cut_from_a_sentence_is_no_concept(nlp):
    doc = resolve_text(nlp, {"a.md": "# Amazon API Gateway\n- Use the naming you like for stages (dev, test, prod)\n"
                                     "# AWS X-Ray\n- Too many traces → use custom sampling rule\n"})
    names = {node["name"] for node in doc.nodes.values()}
    assert "naming you like" not in names
    assert "custom sampling rule" in names  # a lower-case answer that names a thing stays
