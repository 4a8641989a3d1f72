"""The five sample notes: every block traceable to its line, known heading paths, repaired text."""

from __future__ import annotations

import time

import pytest

from extract.readers import find_note_files, read_note_file
from extract.readers.delimited import clean_cell
from extract.readers.inline import render_inline

from .conftest import NOTES, SAMPLES, line_of

MOJIBAKE = ("â€", "â†", "ğŸ", "Ã", "‚Ä", "‚Ü", "\uf8ff")


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_every_block_is_found_on_its_line(key, sample_results, sample_lines):
    result, lines = sample_results[key], sample_lines[key]
    assert result.blocks
    for block in result.blocks:
        assert block.file == result.file
        assert block.text and block.text == block.text.strip()
        line = lines[block.line - 1]
        if block.kind == "glossary":
            cleaned = clean_cell(line.replace("\t", " "))
            for _, value in block.fields:
                for piece in value.split("; "):
                    assert piece in cleaned, (block.line, piece, line)
        else:
            haystack = " ".join(render_inline(line).lines) + " " + _squash(line)
            assert block.text in haystack, (block.line, block.text, line)


@pytest.mark.parametrize(
    "key,fmt", [("000", "markdown"), ("001", "markdown"), ("002", "glossary"), ("003", "markdown"), ("004", "markdown")]
)
def test_formats(key, fmt, sample_results):
    assert sample_results[key].format == fmt


def block_at(result, lines, text):
    number = line_of(lines, text)
    found = [b for b in result.blocks if b.line == number]
    assert found, f"no block on line {number}: {lines[number - 1]!r}"
    return found[0]


def test_000_nested_bullets(sample_results, sample_lines):
    block = block_at(sample_results["000"], sample_lines["000"], "Amazon Authenticator, Google Authenticator")
    assert block.heading_path == ("IAM & AWS CLI – Notes", "IAM Users & Groups Hands-On", "IAM MFA Overview")
    assert (block.kind, block.depth, block.parent) == ("bullet", 1, "Devices:")


def test_000_bold_terms(sample_results, sample_lines):
    block = block_at(sample_results["000"], sample_lines["000"], "IAM is a **global service**")
    assert block.text == "IAM is a global service. Users are valid across all regions."
    assert block.emphasis == ("global service",)


@pytest.mark.parametrize(
    "line,heading",
    [
        ("- Use Provisioned Concurrency for cold-start-free performance.", "AWS Lambda"),
        ("- Global CDN (Content Delivery Network)", "CloudFront"),
        ("- Expired token → must re-auth every 12 hours.", "ECR"),
        ("- Unified operational suite for managing EC2", "AWS Systems Manager (SSM)"),
    ],
)
def test_001_pseudo_headings(line, heading, sample_results, sample_lines):
    assert block_at(sample_results["001"], sample_lines["001"], line).heading_path == (heading,)


def test_001_mojibake_repaired(sample_results, sample_lines):
    assert sample_lines["001"][0] == "🟣 AWS Lambda"
    (warning,) = sample_results["001"].warnings
    assert warning.endswith("001_d7ee3d579fd30206.txt: repaired broken text encoding (mojibake) on 288 line(s).")
    for line in sample_lines["001"]:
        assert not any(marker in line for marker in MOJIBAKE), line
        assert not line.endswith(" â"), line
    texts = {b.text for b in sample_results["001"].blocks}
    assert "“Need relational DB, not NoSQL → RDS.”" in texts
    assert "Async (S3/SNS/EventBridge) = automatic retries (2x) → failed events go to DLQ if configured" in texts


def test_002_glossary(sample_results, sample_lines):
    result, lines = sample_results["002"], sample_lines["002"]
    use_case = block_at(result, lines, "use case: content management,web serving")
    assert use_case.heading_path == ("EC2 Storage EBS and EFS", "EFS")
    assert use_case.parent == "EFS"
    ebs = block_at(result, lines, "EBS Volume\tElastic Block Store")
    assert ebs.text == (
        "EBS Volume (Elastic Block Store): Volume is a network drive , can attach to instances while they run"
        " — It's a network drive"
    )
    topic = block_at(result, lines, "Topics 2) : ELB AND ASG")
    assert (topic.kind, topic.text) == ("heading", "ELB AND ASG")
    assert not any(b.text.startswith("Terms") for b in result.blocks)  # repeated headers are not rows


def test_003_table_cells_under_their_subject(sample_results, sample_lines):
    result, lines = sample_results["003"], sample_lines["003"]
    block = block_at(result, lines, "- Least privilege principle")
    assert "IAM" in block.heading_path
    assert (block.kind, block.column) == ("table_cell", "Description")
    ec2 = block_at(result, lines, "Launch other EC2 instances from the created AMI")
    assert "EC2 Instance Storage" in ec2.heading_path
    sqs = block_at(result, lines, "Message is invisible for 30 seconds (default)")
    assert "AWS Integration & Messaging: SQS, SNS & Kinesis" in sqs.heading_path


def test_003_and_004_correct_text_untouched(sample_lines):
    raw_003 = (NOTES / SAMPLES["003"]).read_text(encoding="utf-8").split("\n")
    assert sample_lines["003"] == raw_003  # emoji, “quotes”, em dashes: all correct already
    raw_004 = (NOTES / SAMPLES["004"]).read_text(encoding="utf-8").split("\n")
    for raw, decoded in zip(raw_004, sample_lines["004"], strict=True):
        if not any(marker in raw for marker in ("‚", "Ä", "Ô", "ü", "√", "\uf8ff", "Ö")):
            assert decoded == raw


def test_004_mac_roman_mojibake_repaired(sample_lines):
    assert "    * [AWS WAF – Web Application Firewall](#aws-waf--web-application-firewall)" in sample_lines["004"]
    assert all(not any(m in line for m in MOJIBAKE) for line in sample_lines["004"])


def test_004_toc_code_and_images_left_out(sample_results, sample_lines):
    result, lines = sample_results["004"], sample_lines["004"]
    toc_end = line_of(lines[2:], "<!-- TOC -->") + 2
    assert not [b for b in result.blocks if 1 < b.line <= toc_end]
    assert not [b for b in result.blocks if "AKIA2XXVXXVDXANC" in b.text]  # inside a ``` fence
    assert not [b for b in result.blocks if b.text.endswith(".png")]
    block = block_at(result, lines, "  - enables to build sophisticated, scalable applications")
    assert block.heading_path == ("AWS Solution Architect", "AWS Introduction - AWS Certified Solutions Architect(SAA-C03)")
    assert block.parent == "AWS:"


def test_004_table_with_missing_cells_warns(sample_results):
    assert any("table at line 949 has rows with missing cells" in w for w in sample_results["004"].warnings)


def test_reading_all_samples_is_fast():
    started = time.perf_counter()
    files, errors = find_note_files([NOTES])
    blocks = sum(len(read_note_file(f).blocks) for f in files)
    elapsed = time.perf_counter() - started
    assert len(files) == 5 and not errors and blocks > 10_000
    assert elapsed < 3, elapsed  # about 0.3 s once imported; generous for slow CI machines
