"""PREREQUISITE_OF, COMPARED_WITH and INTEGRATES_WITH from the note lines that motivated them."""

from __future__ import annotations

import pytest


def relations(mentions, rtype):
    return [(r.source.text, r.target.text if r.target else None) for r in mentions.relations if r.type == rtype]


def test_requires_makes_a_prerequisite(run):
    # 001: "S3 Object Lock: WORM … — requires versioning."
    found = relations(run("S3 Object Lock: WORM (write-once-read-many) for compliance — requires versioning."), "PREREQUISITE_OF")
    assert ("versioning", "S3 Object Lock") in found


def test_must_enable_first(run):
    found = relations(run("Must enable DynamoDB Streams as a pre-requisite", heading_path=("Global Tables",)), "PREREQUISITE_OF")
    assert found and found[0][0] == "DynamoDB Streams"


def test_learn_before(run):
    found = relations(run("Learn IAM before CloudFormation"), "PREREQUISITE_OF")
    assert found == [("IAM", "CloudFormation")]


def test_not_required_is_no_prerequisite(run):
    assert relations(run("Lambda does not require a VPC"), "PREREQUISITE_OF") == []


def test_vs_chain_compares_every_pair(run):
    found = relations(run("EBS vs EFS vs Instance Store", kind="heading"), "COMPARED_WITH")
    assert {("EBS", "EFS"), ("EBS", "Instance Store"), ("EFS", "Instance Store")} <= set(found)


def test_glossary_vs_row_uses_the_subject(run):
    found = relations(run("vs ElastiCache", kind="glossary", fields=(("term", "DynamoDB"),)), "COMPARED_WITH")
    assert found == [("DynamoDB", "ElastiCache")]


def test_s3_event_flow_integrates(run):
    found = relations(run("S3 event => Lambda, SNS, SQS."), "INTEGRATES_WITH")
    assert {t for _, t in found} == {"Lambda", "SNS", "SQS"}


def test_integrates_with(run):
    found = relations(run("CloudTrail integrates with EventBridge for API call events"), "INTEGRATES_WITH")
    assert found == [("CloudTrail", "EventBridge")]


@pytest.mark.parametrize("line, expected", [
    ("`SQSPollerPolicy` → Lambda polls SQS", [("Lambda", "SQS")]),
    ("SQS + Lambda Behavior", [("SQS", "Lambda")]),
    ("Lambda retrieves encrypted credentials at runtime → Secrets Manager + KMS.", [("Secrets Manager", "KMS")]),
    ("SSE-S3 + SSE-KMS are both server-side", []),  # two ways to encrypt, not services used together
    ("Databases: RDS + Aurora + ElastiCache", []),  # a list of three
])
def test_polling_and_services_named_as_one_setup_integrate(run, line, expected):
    assert relations(run(line), "INTEGRATES_WITH") == expected
