"""Format detection: content first, the extension only breaks ties."""

from __future__ import annotations

import pytest

from extract.readers.detect import detect_format, header_roles, sniff_delimiter

from .conftest import SAMPLES


@pytest.mark.parametrize(
    "key,expected", [("000", "markdown"), ("001", "markdown"), ("002", "glossary"), ("003", "markdown"), ("004", "markdown")]
)
def test_samples(key, expected, sample_lines):
    assert detect_format("\n".join(sample_lines[key]), SAMPLES[key]) == expected


def test_markdown_without_hash_headings():
    # 001: emoji pseudo-headings and bullets, no "#" anywhere
    text = "🟣 AWS Lambda\n- Invocations:\n  - Async = retries\n\nCloudFront\n- Global CDN\n"
    assert detect_format(text, "n.txt") == "markdown"


def test_glossary_by_header_whatever_the_extension():
    text = "Terms\tFull Form\tDefinition\tNOTE\nEBS\tElastic Block Store\tnetwork drive\t\n"
    assert detect_format(text, "notes.txt") == "glossary"
    assert detect_format(text.replace("\t", ","), "notes.csv") == "glossary"


def test_glossary_without_header_when_more_than_two_columns():
    assert detect_format("EBS\tElastic Block Store\tdrive\nEFS\tElastic File System\tNFS\n", "g.tsv") == "glossary"


def test_anki_two_columns_or_headers():
    assert detect_format("front,back\nWhat is S3?,Object storage\n", "cards.txt") == "anki"
    assert detect_format("What is S3?\tObject storage\nWhat is EBS?\tBlock storage\n", "cards.txt") == "anki"
    assert detect_format("#separator:tab\n#html:true\nS3\tstorage\n", "export.txt") == "anki"


def test_prose():
    text = "Amazon S3 stores objects in buckets. Buckets are regional.\n\nEBS volumes attach to one instance.\n"
    assert detect_format(text, "n.txt") == "prose"


def test_prose_with_commas_is_not_csv():
    text = "S3, the object store, is regional.\nIt has classes, tiers and rules.\nEBS is a drive, not a store, for EC2.\n"
    assert detect_format(text, "n.txt") == "prose"


def test_extension_breaks_ties():
    text = "Amazon S3 stores objects.\n"
    assert detect_format(text, "n.md") == "markdown"
    assert detect_format(text, "n.txt") == "prose"


def test_markdown_extension_does_not_override_a_tab_table_in_a_txt():
    assert detect_format("Term\tDefinition\nS3\tstorage\n", "n.txt") == "glossary"


def test_empty_text():
    assert detect_format("", "n.txt") == "prose"
    assert detect_format("\n\n", "n.md") == "markdown"


def test_sniff_delimiter():
    assert sniff_delimiter(["a\tb\tc", "d\te\tf"]) == "\t"
    assert sniff_delimiter(["a;b", "c;d", "e;f"]) == ";"
    assert sniff_delimiter(["just words", "more words"]) is None


def test_header_roles_synonyms():
    assert header_roles(["Terms", "Full Form", "Definition", "NOTE"]) == {
        0: "term",
        1: "full_form",
        2: "definition",
        3: "note",
    }
    assert header_roles(["Service", "Description", "Use Case"]) == {0: "term", 1: "definition", 2: "note"}
    assert header_roles(["Name", "Meaning"]) == {0: "term", 1: "definition"}
    assert header_roles(["EBS", "Elastic Block Store", "drive"]) == {}
    assert header_roles(["Note", "Remarks"]) == {}  # no term or definition column
