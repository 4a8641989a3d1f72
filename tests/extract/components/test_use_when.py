"""USE_WHEN rules: each with the note line that motivated it, and negative guidance that must not fire."""

from __future__ import annotations

import pytest


def use_when(mentions):
    return [(r.source.text, r.condition) for r in mentions.relations if r.type == "USE_WHEN"]


@pytest.mark.parametrize("line, x, condition_part", [
    # "“Y” → X" (001)
    ("“Need to restore to state 24 hours ago” → PITR.", "PITR", "restore to state 24 hours ago"),
    # "Need Y -> use X" (001)
    ("Need to block specific countries -> Use WAF + CloudFront, not S3", "WAF", "block specific countries"),
    # "Y => X" with a quoted situation
    ('"Query S3 CSV/JSON/Parquet with SQL" => Athena', "Athena", "Query S3 CSV/JSON/Parquet with SQL"),
    # "Large uploads → X for …" (001)
    ("Large uploads → Multipart Upload for reliability and resume support.", "Multipart Upload", "Large uploads"),
    # "Use X for Y" (001)
    ("Use Provisioned Concurrency for cold-start-free performance.", "Provisioned Concurrency", "cold-start-free performance"),
    ("Use Lifecycle rules for cost control (e.g., 30d → Glacier Deep Archive).", "Lifecycle rules", "cost control"),
    # "X is ideal / a good fit for Y" (004)
    ("ALB are great fit for microservices and container-based application", "ALB", "microservices and container-based application"),
    ("DynamoDB is ideal for serverless apps with unpredictable traffic", "DynamoDB", "serverless apps with unpredictable traffic"),
])
def test_use_when_phrasings(run, line, x, condition_part):
    found = use_when(run(line, heading_path=("Notes",)))
    assert any(src == x and condition_part.lower() in cond.lower() for src, cond in found), found


def test_use_case_line_uses_the_section_subject(run):
    # 002: "use case: content management,web serving,data sharing" in the EFS row
    found = use_when(run("use case: content management, web serving, data sharing", heading_path=("EFS",)))
    assert found and found[0][0] == "EFS" and "content management" in found[0][1]


def test_best_for_under_a_bullet_subject(run):
    # 003: "- Reserved … 5. Best for steady-sat (db)"
    found = use_when(run("Best for steady-state workloads (db)", parent="Reserved Instances:", heading_path=("EC2",)))
    assert found and found[0][0] == "Reserved Instances"


def test_when_to_use_section_items(run):
    found = use_when(run("SQS: decouple producers and consumers with a buffer", heading_path=("When to use what",)))
    assert found == [("SQS", "decouple producers and consumers with a buffer")]


def test_use_case_table_column(run):
    found = use_when(run("Static websites, images, videos", kind="table_cell", column="Use Case",
                         heading_path=("S3 Storage Classes", "S3 Standard")))
    assert found and found[0][0] == "S3 Standard"


def test_glossary_row_what_x_is_for(run):
    found = use_when(run("Spot Instances: Typically used for Batch Jobs, Big Data Analysis", kind="glossary",
                         fields=(("term", "Spot Instances"), ("note", "Typically used for Batch Jobs"))))
    assert found and found[0][0] == "Spot Instances" and "Batch Jobs" in found[0][1]


@pytest.mark.parametrize("line, expected", [
    # 001: the answer is the last link of a chain, after a quoted situation or a ❌ one
    ("“Developer tried to add replica Region but received an error.” -> ✅ Root cause → DynamoDB Streams not enabled",
     [("DynamoDB Streams", "Developer tried to add replica Region but received an error")]),
    ("❌ CNAME at zone apex (root domain) → invalid → use Alias A record.",
     [("Alias A record", "CNAME at zone apex (root domain)")]),
    ("❌ ID token used for resource access → wrong → use Access token or Identity Pool credentials.",
     [("Access token", "ID token used for resource access"), ("Identity Pool", "ID token used for resource access")]),
])
def test_a_chain_of_arrows_advises_its_last_link(run, line, expected):
    assert use_when(run(line, heading_path=("Notes",))) == expected


@pytest.mark.parametrize("line", [
    "❌ S3 Bucket Policy can’t directly block countries — that’s CloudFront + WAF job.",
    "❌ Security group → subnet → NAT Gateway",                          # a ❌ flow, no situation quoted
    "❌ Lambda → DynamoDB → wrong",                                     # the chain ends on no thing
    "Not suitable for critical jobs or databases",
    "Don't use Spot Instances for critical databases",
    "Avoid using the root account for everyday tasks",
    "S3 event => Lambda, SNS, SQS.",                                   # a flow, not advice
    "The private subnet routes 0.0.0.0/0 → NAT Gateway → Internet Gateway → S3.",
    "Auto-scaling storage (10GB → 128TB)",                               # a range
    "Endpoints → Edge-optimized, Regional, Private",                     # an enumeration
    "Expired token → must re-auth every 12 hours.",
    "Database runs on server, we need to use Multi-AZ with failover",   # the situation left is "we"
])
def test_negative_guidance_and_flows_are_not_use_when(run, line):
    assert use_when(run(line, heading_path=("Amazon S3",))) == []
