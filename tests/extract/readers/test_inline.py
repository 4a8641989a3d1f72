"""Inline markdown → text and emphasis; heading names."""

from __future__ import annotations

import pytest

from extract.readers.inline import heading_name, render_inline


@pytest.mark.parametrize(
    "source,text,emphasis",
    [
        ("IAM is a **global service**.", "IAM is a global service.", ("global service",)),
        ("*italic* and __bold__", "italic and bold", ("italic", "bold")),
        ("**Assume Role Policy (Trust Policy)**: who", "Assume Role Policy (Trust Policy): who", ("Assume Role Policy (Trust Policy)",)),
        ("Naming: `m5.xlarge` → `m` = class", "Naming: m5.xlarge → m = class", ()),
        ("Follow these [steps](https://docs.aws.amazon.com/x): ", "Follow these steps:", ()),
        ("![AWS-region-az.png](media/AWS-region-az.png)", "", ()),
        ("![Untitled](a/Untitled%203.png)", "", ()),
        ("see ![the region map](media/r.png)", "see the region map", ()),
        ("a &amp; b \\*not bold\\*", "a & b *not bold*", ()),
        ("~~Cognito Sync~~ App Sync", "Cognito Sync App Sync", ()),
        ("plain text, no markup", "plain text, no markup", ()),
        ("paths: /root/.m2/**/*", "paths: /root/.m2/**/*", ()),
        ("snake `__init__` stays", "snake __init__ stays", ()),
    ],
)
def test_render_inline(source, text, emphasis):
    rendered = render_inline(source)
    assert rendered.text == text
    assert rendered.emphasis == emphasis


def test_bold_spanning_two_lines_loses_its_stray_markers():
    # 003: "**Identity and Access Management (*Global Service*)" / "Consists** of Root account"
    assert render_inline("**Identity and Access Management (*Global Service*)").text == (
        "Identity and Access Management (Global Service)"
    )
    assert render_inline("Consists** of Root account").text == "Consists of Root account"


def test_br_splits_lines():
    assert render_inline("- 3 IOPS/GB<br>- IOPS tied<br/>x").lines == ("- 3 IOPS/GB", "- IOPS tied", "x")


def test_other_html_dropped():
    assert render_inline('<input type="radio"/> JeDeploy is <b>managed</b>').text == "JeDeploy is managed"


def test_wikilinks_and_tags():
    rendered = render_inline("Use [[Amazon S3|S3]] with [[AWS Lambda]] and [[Note#Part]] #serverless #aws/lambda")
    assert rendered.text == "Use S3 with AWS Lambda and Note serverless aws/lambda"
    assert rendered.emphasis == ("S3", "AWS Lambda", "Note", "serverless", "aws/lambda")


@pytest.mark.parametrize("source", ["C# and F#", "issue #12", "a#b", "[x](#anchor)"])
def test_not_tags(source):
    assert render_inline(source).emphasis == ()


@pytest.mark.parametrize(
    "raw,name",
    [
        ("🟣 AWS Lambda", "AWS Lambda"),
        ("ECR:", "ECR"),
        ("⚡ IAM & AWS CLI – Notes", "IAM & AWS CLI – Notes"),
        ("2️⃣6️⃣ Cloud Development Kit (CDK)", "Cloud Development Kit (CDK)"),
        ("15️⃣ CloudFront", "CloudFront"),
        ("S3 v2", "S3 v2"),
        ("🛠️ AWS Systems Manager (SSM)", "AWS Systems Manager (SSM)"),
        ("AWS Config — Resource Configuration & Compliance", "AWS Config — Resource Configuration & Compliance"),
        ("ECS, ECR & Fargate - ", "ECS, ECR & Fargate"),
        ("C++", "C++"),
        ("🔐", ""),
    ],
)
def test_heading_name(raw, name):
    assert heading_name(raw) == name
