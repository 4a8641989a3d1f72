"""Service and concept mentions, subjects and limit subjects."""

from __future__ import annotations

import pytest


def services(mentions):
    return [r.key for r in mentions.services if r.kind == "service"]


@pytest.mark.parametrize("line, expected", [
    ("Create Route 53 alias (A record) to the custom domain endpoint.", ["service:amazon-route-53"]),
    ("Route53 health checks", ["service:amazon-route-53"]),
    ("Simple Storage Service (S3) is object storage", ["service:amazon-s3", "service:amazon-s3"]),
    ("AWS Config records configuration changes", ["service:aws-config"]),
])
def test_service_aliases_are_matched(run, line, expected):
    assert services(run(line)) == expected


@pytest.mark.parametrize("line", ["Put the settings in the config file", "shield your app from bad input",
                                  "Typically used for Batch Jobs, Big Data Analysis", "Keep a backup of the data"])
def test_ordinary_words_are_not_services(run, line):
    assert services(run(line)) == []


def test_ordinary_word_counts_inside_its_own_section(run):
    assert services(run("Batch jobs run on EC2 or Fargate", heading_path=("AWS Batch",))).count("service:aws-batch") == 1


def test_subject_comes_from_the_nearest_heading(run):
    m = run("Max 5TB", heading_path=("Amazon S3", "Multipart Upload"))
    assert m.subject.text == "Multipart Upload"
    (limit,) = m.limits
    assert limit.subject.text == "Multipart Upload" and limit.value == 5 and limit.unit == "TB"


def test_limit_subject_is_the_service_named_before_the_number(run):
    (limit,) = run("REST API timeout = 29 seconds", heading_path=("AWS API Gateway",)).limits
    assert limit.subject.key == "service:amazon-api-gateway" and limit.bound == "rest api timeout"


def test_concepts_from_definitions_bold_and_headings(run):
    assert [c.name for c in run("Connection Multiplexing", kind="heading", heading_path=("ELB",)).concepts] == ["Connection Multiplexing"]
    assert [c.name for c in run("Roles use **Temporary Credentials**", emphasis=("Temporary Credentials",)).concepts] == ["Temporary Credentials"]
    assert run("Roles use temporary credentials", emphasis=("the thing is that it is",)).concepts == ()
    assert [c.name for c in run("Warm Pool = pre-initialised instances waiting to serve").concepts] == ["Warm Pool"]


def test_mark_inside_a_bracket_defines_nothing(run):
    # "1 - 5 minutes" is a detail of Expedited, not a "X - definition" line
    assert [(c.name, c.definition) for c in run("Expedited (1 - 5 minutes)").concepts] == [("Expedited", "")]
    assert [(c.name, c.definition) for c in run("Expedited (fast) - restore in minutes").concepts] == [
        ("Expedited", "restore in minutes")]


def test_a_value_after_the_mark_names_the_concept_but_defines_nothing(run):
    assert [(c.name, c.definition) for c in run("Cold HDD: $0.015/GB").concepts] == [("Cold HDD", "")]
    assert [(c.name, c.definition) for c in run("Healthy threshold = 3").concepts] == [("Healthy threshold", "")]


def test_heading_concept_is_part_of_its_service(run):
    (concept,) = run("S3 Bucket Naming Rules", kind="heading").concepts
    assert concept.name == "S3 Bucket Naming Rules" and concept.part_of.key == "service:amazon-s3"


def test_heading_naming_a_second_service_at_its_end_is_still_a_concept(run):
    (concept,) = run("Kinesis Consumer Lambda", kind="heading").concepts
    assert concept.name == "Kinesis Consumer Lambda" and concept.part_of.key == "service:amazon-kinesis-data-streams"
    # one the lexicon knows is its entry, not S3 and Lambda
    assert [r.key for r in run("S3 Object Lambda", kind="heading").services] == ["concept:s3-object-lambda"]


@pytest.mark.parametrize("heading", ["ECS Fargate + ALB", "ELB and ASG", "EC2 Instance Storage - EBS", "RDS MySQL Aurora MySQL"])
def test_heading_listing_services_is_no_concept(run, heading):
    assert not run(heading, kind="heading").concepts


def test_glossary_term_with_full_form_alias(run):
    m = run("SNI (Server Name Indication): Solve problem of loading multiple certificate", kind="glossary",
            fields=(("term", "SNI"), ("full_form", "Server Name Indication"), ("definition", "Solve problem")))
    assert [(c.name, c.aliases) for c in m.concepts] == [("SNI", ("Server Name Indication",))]


def test_an_entry_of_a_glossary_list_is_a_concept_defined_by_its_note(run):
    # 002: "ASG Scaling policies" lists "Target Tracking Scaling" with its note beside it
    fields = (("definition", "Target Tracking Scaling"), ("note", "asg cpu to stay at 40 %"))
    listed = run("Target Tracking Scaling — asg cpu to stay at 40 %", kind="glossary", fields=fields,
                 heading_path=("ASG Scaling policies",), parent="ASG Scaling policies", column="ASG Scaling policies")
    assert [(c.name, c.definition) for c in listed.concepts] == [("Target Tracking Scaling", "asg cpu to stay at 40 %")]
    # the same row under a term that is no list ("good to know" under AWS X ray) names no concept
    loose = run("Target Tracking Scaling — asg cpu to stay at 40 %", kind="glossary", fields=fields,
                heading_path=("ASG Scaling policies",), parent="ASG Scaling policies")
    assert "Target Tracking Scaling" not in [c.name for c in loose.concepts]
