"""Term cleaning, concept identity and acronym definitions."""

from __future__ import annotations

import pytest

from extract.components.concepts import acronym_pairs
from extract.components.text import clean_term, concept_key, is_generic, looks_like_name
from extract.components.use_when import clean_condition


@pytest.mark.parametrize("raw, clean", [
    ("🟣 **2. Sticky Sessions:** ", "Sticky Sessions"),
    ("IAM MFA Overview", "IAM MFA"),
    ("### EC2 placement groups", "EC2 placement groups"),
    ("*Elastic IP*", "Elastic IP"),
])
def test_clean_term(raw, clean):
    assert clean_term(raw) == clean


@pytest.mark.parametrize("a, b", [("Read Replicas", "read replica"), ("Read-Replica", "read replicas"), ("Sticky Sessions", "sticky session")])
def test_concept_key_folds_case_plural_and_hyphens(a, b):
    assert concept_key(a) == concept_key(b)


def test_concept_key_keeps_words_that_only_look_plural():
    assert concept_key("Amazon Kinesis") == "amazon kinesis"
    assert concept_key("Access Keys") != concept_key("Access")


def test_generic_and_names():
    assert is_generic("Use Cases") and is_generic("Key Features") and not is_generic("Multipart Upload")
    # labels of a note's own parts, not things: "Problem", "Considerations", "Exam Trick", "Part Two"
    assert all(is_generic(t) for t in ("Problem", "Considerations", "Exam Trick", "Part Two", "Setup step"))
    assert not is_generic("Problem Management") and not is_generic("Second-Level Domain")
    assert looks_like_name("Multipart Upload") and looks_like_name("DLQ")
    assert not looks_like_name("the private subnet routes everything to the NAT gateway and beyond")
    assert not looks_like_name("is the best.")


def test_acronyms_defined_in_brackets():
    assert ("RR", "Read Replica") in acronym_pairs("Use Read Replica (RR) for reads")
    assert ("OAI", "Origin Access Identity") in acronym_pairs("OAI (Origin Access Identity) or OAC")
    assert acronym_pairs("Lambda (boto3) preinstalled") == []  # initials must agree


def test_clean_condition_drops_quotes_and_need_to():
    assert clean_condition("“Need to restore to state 24 hours ago”") == "restore to state 24 hours ago"
    assert clean_condition('"notify application whenever an object is uploaded"') == "notify application whenever an object is uploaded"
