"""The markdown reader, rule by rule: each with the note line that motivated it and a negative case."""

from __future__ import annotations

import textwrap

from extract.readers.markdown import read_markdown


def read(text: str):
    return read_markdown(textwrap.dedent(text).lstrip("\n"), "n.md")


def by_text(result, text):
    matches = [b for b in result.blocks if b.text == text]
    assert matches, f"no block {text!r} in {[b.text for b in result.blocks]}"
    return matches[0]


# -- headings ------------------------------------------------------------------------


def test_atx_headings_build_the_path():
    result = read(
        """
        # ⚡ EC2 Fundamentals – Notes
        ## EC2 Overview
        - Public IP changes on stop/start
        ### Security Groups
        - Network-level firewall for EC2
        ## EBS Overview
        - AZ-bound
        """
    )
    assert by_text(result, "EC2 Fundamentals – Notes").kind == "heading"
    assert by_text(result, "Public IP changes on stop/start").heading_path == ("EC2 Fundamentals – Notes", "EC2 Overview")
    assert by_text(result, "Network-level firewall for EC2").heading_path == (
        "EC2 Fundamentals – Notes",
        "EC2 Overview",
        "Security Groups",
    )
    assert by_text(result, "AZ-bound").heading_path == ("EC2 Fundamentals – Notes", "EBS Overview")
    assert by_text(result, "EBS Overview").heading_path == ("EC2 Fundamentals – Notes",)


def test_setext_heading():
    result = read(
        """
        Amazon S3
        =========
        Buckets hold objects.
        """
    )
    assert by_text(result, "Amazon S3").kind == "heading"
    assert by_text(result, "Buckets hold objects.").heading_path == ("Amazon S3",)


def test_hash_without_space_is_not_a_heading():
    result = read("#serverless note\n")
    assert [b.kind for b in result.blocks] == ["paragraph"]


# -- pseudo-headings -------------------------------------------------------------------


def test_short_line_followed_by_bullets_is_a_pseudo_heading():
    # 001: "🟣 AWS Lambda", "CloudFront", "ECR:" introduce their bullets without "#"
    result = read(
        """
        🟣 AWS Lambda
        - Use Provisioned Concurrency for cold-start-free performance.

        CloudFront
        - Global CDN (Content Delivery Network)

        ECR:
        - Expired token → must re-auth every 12 hours.
        """
    )
    assert by_text(result, "AWS Lambda").kind == "heading"
    assert by_text(result, "Use Provisioned Concurrency for cold-start-free performance.").heading_path == (
        "AWS Lambda",
    )
    assert by_text(result, "Global CDN (Content Delivery Network)").heading_path == ("CloudFront",)
    assert by_text(result, "Expired token → must re-auth every 12 hours.").heading_path == ("ECR",)


def test_pseudo_heading_sits_one_level_below_the_markdown_heading():
    # 004: "**Key Features:**" under "## Amazon Simple Email Service (SES)"
    result = read(
        """
        ## Amazon Simple Email Service (SES)
        **Key Features:**

        - Send emails using SMTP
        ## Amazon Pinpoint
        - marketing
        """
    )
    assert by_text(result, "Key Features").heading_path == ("Amazon Simple Email Service (SES)",)
    assert by_text(result, "Send emails using SMTP").heading_path == ("Amazon Simple Email Service (SES)", "Key Features")
    assert by_text(result, "marketing").heading_path == ("Amazon Pinpoint",)


def test_a_bold_line_heads_the_paragraphs_and_lists_after_it():
    # 004: "**AWS Backup Vault Lock**", then a blank line, a paragraph and bullets about it; a bold label
    # ("**Key Configurations:**") sits below the bold name before it, and the next bold name or heading ends both.
    result = read(
        """
        ## AWS Backup
        - central backups

        **AWS Backup Vault Lock**

        Enforces a WORM state.

        - Even the root user cannot delete backups

        **Firehose**

        **Key Configurations:**
        - Buffer size 1 MB to 128 MB

        ## Amazon SNS
        - push
        """
    )
    assert by_text(result, "AWS Backup Vault Lock").kind == "heading"
    assert by_text(result, "Enforces a WORM state.").heading_path == ("AWS Backup", "AWS Backup Vault Lock")
    assert by_text(result, "Even the root user cannot delete backups").heading_path == ("AWS Backup", "AWS Backup Vault Lock")
    assert by_text(result, "Buffer size 1 MB to 128 MB").heading_path == ("AWS Backup", "Firehose", "Key Configurations")
    assert by_text(result, "push").heading_path == ("Amazon SNS",)


def test_a_bold_line_inside_a_paragraph_heads_nothing():
    result = read(
        """
        Some text that goes on
        **and on**

        More text.
        """
    )
    assert all(b.kind == "paragraph" and b.heading_path == () for b in result.blocks)


def test_pseudo_heading_before_a_table():
    # 003: "IAM & AWS CLI" stands above the table of subjects
    result = read(
        """
        IAM & AWS CLI

        | Subject | Description |
        | --- | --- |
        | IAM | global |
        """
    )
    assert by_text(result, "IAM & AWS CLI").kind == "heading"
    assert by_text(result, "global").heading_path == ("IAM & AWS CLI", "IAM")


def test_not_pseudo_headings():
    result = read(
        """
        Recommended alternative: use the AWS CLI V2 and enable authentication through IAM Identity Center.
        - a bullet after a long sentence

        Short but a sentence.
        - a bullet after a full stop

        MFA
        Virtual MFA Device: Authenticator, Authy
        """
    )
    assert [b.kind for b in result.blocks] == ["paragraph", "bullet", "paragraph", "bullet", "paragraph", "paragraph"]
    assert all(b.heading_path == () for b in result.blocks)


def test_title_lines_inside_a_table_cell_head_the_lines_under_them():
    # 003: exported cells hold "Title" lines over plain description lines, with no list markers
    result = read(
        """
        | Subject | Description |
        | --- | --- |
        | Advanced Amazon S3 | Edge location will transfer data to S3 bucket
        Byte-Range Fetches
        Parallelize GET by requesting specific byte ranges
        🔷 S3 Select & Glacier Select
        Retrieve less data using SQL
        Operations
        Shard Splitting
        Used to divide a hot shard
        Supports
        PostgreSQL
        MySQL
        Microsoft SQL Server
        Aurora (AWS proprietary database)
        After
        Successful write of new object
        ⭐ MFA Delete
        Needed to
        Permanently delete an object version
        Pre-requisites
        Enable Versioning on the S3 bucket |
        """
    )
    headings = [b.text for b in result.blocks if b.kind == "heading"]
    assert headings == ["Byte-Range Fetches", "S3 Select & Glacier Select", "Shard Splitting", "MFA Delete", "Pre-requisites"]
    assert by_text(result, "Parallelize GET by requesting specific byte ranges").heading_path[-1] == "Byte-Range Fetches"
    assert by_text(result, "Retrieve less data using SQL").heading_path[-1] == "S3 Select & Glacier Select"
    assert by_text(result, "Used to divide a hot shard").heading_path[-1] == "Shard Splitting"
    # a generic title ("Pre-requisites") nests under the title above it instead of ending its section
    assert by_text(result, "Enable Versioning on the S3 bucket").heading_path[-2:] == ("MFA Delete", "Pre-requisites")


def test_a_title_over_a_generic_sub_title_in_a_cell_heads_the_lines_under_both():
    # 003: "Amazon S3 Intelligent Tiering" / "Pros" / "Move Objects automatically …" — without this the
    # lines stayed with the title before it ("Flexibilities", a storage class further up)
    result = read(
        """
        | Subject | Description |
        | --- | --- |
        | Amazon S3 | Storage classes
        Flexibilities
        Expedited (1 - 5 minutes)
        Amazon S3 Intelligent Tiering
        Pros
        Move Objects automatically between Access Tiers based on usage
        Supports
        PostgreSQL
        MySQL
        Cons
        Costly
        Slow |
        """
    )
    moves = by_text(result, "Move Objects automatically between Access Tiers based on usage")
    assert moves.heading_path[-2:] == ("Amazon S3 Intelligent Tiering", "Pros")
    # the last of a list of names stays a name, even over a generic title and a description
    assert by_text(result, "MySQL").kind == "table_cell"


def test_title_lines_outside_tables_stay_paragraphs():
    result = read(
        """
        Byte-Range Fetches
        Parallelize GET by requesting specific byte ranges
        """
    )
    assert [b.kind for b in result.blocks] == ["paragraph", "paragraph"]


# -- lists -------------------------------------------------------------------------------


def test_nested_bullets_have_depth_and_parent():
    result = read(
        """
        - Invocations:
          - Async (S3/SNS/EventBridge) = automatic retries (2x)
            - Use idempotent logic for all async integrations.
          - Sync (API Gateway/ALB) = caller gets response
        - Use Provisioned Concurrency.
        """
    )
    blocks = result.blocks
    assert [(b.depth, b.parent) for b in blocks] == [
        (0, ""),
        (1, "Invocations:"),
        (2, "Async (S3/SNS/EventBridge) = automatic retries (2x)"),
        (1, "Invocations:"),
        (0, ""),
    ]
    assert all(b.kind == "bullet" for b in blocks)


def test_numbered_items_and_pasted_dashes_nest_under_a_colon():
    # 003: "- Types:" / "1. General Purpose:" / "— Great for diversity of workloads"
    result = read(
        """
        - Types:
        1. General Purpose:
        — Great for diversity of workloads

        2. Compute optimised
        — Batch processing workloads
        """
    )
    assert [(b.text, b.depth, b.parent) for b in result.blocks] == [
        ("Types:", 0, ""),
        ("General Purpose:", 1, "Types:"),
        ("Great for diversity of workloads", 2, "General Purpose:"),
        ("Compute optimised", 1, "Types:"),
        ("Batch processing workloads", 2, "Compute optimised"),
    ]


def test_short_item_heads_a_list_of_another_marker():
    # 003: "- Reserved" then "1. Reserve instance attributes …" "5. Best for steady-sat (db)"
    result = read("- Reserved\n1. Long workload\n2. Best for steady-state (db)\n")
    assert [(b.depth, b.parent) for b in result.blocks] == [(0, ""), (1, "Reserved"), (1, "Reserved")]


def test_markers_changing_after_a_sentence_start_a_sibling_list():
    result = read("- S3 stores objects in buckets across many AZs\n1. EBS\n")
    assert [(b.depth, b.parent) for b in result.blocks] == [(0, ""), (0, "")]


def test_indented_line_continues_the_item_above():
    # 001: "- Cluster" followed by "    └── Service (optional) …"
    result = read("- Cluster\n    └── Service (optional) - manages tasks\n")
    continuation = result.blocks[1]
    assert (continuation.kind, continuation.depth, continuation.parent) == ("paragraph", 1, "Cluster")


def test_task_boxes_and_empty_bullets():
    result = read("- [x] enable MFA\n- \n")
    assert [b.text for b in result.blocks] == ["enable MFA"]


def test_anchor_only_bullets_skipped():
    result = read("* [AWS Certifications](#aws-certifications)\n* [S3 docs](https://docs.aws.amazon.com/s3)\n")
    assert [b.text for b in result.blocks] == ["S3 docs"]


# -- inline ----------------------------------------------------------------------------------


def test_bold_terms_go_to_emphasis_and_links_to_their_text():
    block = read("- **IAM Role**: identity granting permissions via [IAM policies](https://x)\n").blocks[0]
    assert block.text == "IAM Role: identity granting permissions via IAM policies"
    assert block.emphasis == ("IAM Role",)


def test_images_reduced_to_alt_text_or_dropped():
    result = read("![aws-iam](media/aws-iam.png)\n\n![img.png](media/a.png)\n\n![Region map](r.png)\n")
    assert [b.text for b in result.blocks] == ["aws-iam", "Region map"]


# -- left out --------------------------------------------------------------------------------


def test_fenced_code_left_out():
    result = read(
        """
        - Permissions:
          ```
          {"Effect": "Allow"}
          ```
        - after
        ~~~yaml
        Type: Custom::Resource
        ~~~
        """
    )
    assert [b.text for b in result.blocks] == ["Permissions:", "after"]


def test_unclosed_fence_in_a_list_ends_with_the_item():
    # 000: "  ```yaml" inside a bullet is never closed; the next "## 1️⃣1️⃣ StackSets" must be read
    result = read(
        """
        - Defined with:
          ```yaml
          Type: Custom::ResourceName

        ---

        ## StackSets
        - Deploy across accounts
        """
    )
    assert [b.text for b in result.blocks] == ["Defined with:", "StackSets", "Deploy across accounts"]


def test_indented_code_left_out_but_not_indented_list_items():
    result = read(
        """
        Example:

            aws s3 ls
            aws s3 cp a b

        - item
            - deeper item
        """
    )
    assert [b.text for b in result.blocks] == ["Example:", "item", "deeper item"]


def test_toc_and_html_comments_skipped():
    result = read(
        """
        # AWS Certifications
        <!-- TOC -->
        * [AWS Certifications](#aws-certifications)
          * [IAM](#iam)
        <!-- TOC -->
        <!-- a comment
        over two lines -->
        ## IAM
        - users
        """
    )
    assert [b.text for b in result.blocks] == ["AWS Certifications", "IAM", "users"]


def test_front_matter_skipped_but_not_a_later_thematic_break():
    result = read(
        """
        ---
        tags: [aws]
        aliases: S3
        ---
        # S3
        ---
        - buckets
        """
    )
    assert [b.text for b in result.blocks] == ["S3", "buckets"]
    assert result.blocks[0].line == 5


# -- Obsidian -------------------------------------------------------------------------------------


def test_obsidian_wikilinks_and_tags():
    block = read("- [[Amazon Simple Storage Service|S3]] events trigger [[AWS Lambda]] #serverless\n").blocks[0]
    assert block.text == "S3 events trigger AWS Lambda serverless"
    assert block.emphasis == ("S3", "AWS Lambda", "serverless")


# -- tables ----------------------------------------------------------------------------------------


def test_one_line_rows_with_br():
    # 004: the EBS volume tables
    result = read(
        """
        | Type     | Purpose                     | Key Features |
        |----------|-----------------------------|--------------|
        | **gp2**  | General Purpose SSD (legacy) | - 3 IOPS/GB, burst up to 3,000 IOPS<br>- IOPS tied to volume size |
        """
    )
    blocks = result.blocks
    assert [(b.text, b.column, b.heading_path) for b in blocks] == [
        ("gp2", "Type", ()),
        ("General Purpose SSD (legacy)", "Purpose", ("gp2",)),
        ("3 IOPS/GB, burst up to 3,000 IOPS", "Key Features", ("gp2",)),
        ("IOPS tied to volume size", "Key Features", ("gp2",)),
    ]
    assert {b.line for b in blocks} == {3}
    assert all(b.kind == "table_cell" for b in blocks)
    assert result.warnings == []


def test_multi_line_cells_read_line_by_line():
    # 003: a row starts with "| IAM | …" and runs until a line ending in " |"
    result = read(
        """
        | Subject | Description |
        | --- | --- |
        | IAM | **Identity and Access Management**
        Consists of Root account

        **Policies** (permissions)
        - Least privilege principle
          - nested detail
        1. numbered |
        | EC2 Fundamentals | OS: Linux |
        |  | Visibility Timeout |
        """
    )
    assert [(b.line, b.text, b.heading_path, b.kind) for b in result.blocks] == [
        (3, "IAM", (), "table_cell"),
        (3, "Identity and Access Management", ("IAM",), "table_cell"),
        (4, "Consists of Root account", ("IAM",), "table_cell"),
        (6, "Policies (permissions)", ("IAM",), "heading"),
        (7, "Least privilege principle", ("IAM", "Policies (permissions)"), "table_cell"),
        (8, "nested detail", ("IAM", "Policies (permissions)"), "table_cell"),
        (9, "numbered", ("IAM", "Policies (permissions)"), "table_cell"),
        (10, "EC2 Fundamentals", (), "table_cell"),
        (10, "OS: Linux", ("EC2 Fundamentals",), "table_cell"),
        (11, "Visibility Timeout", ("EC2 Fundamentals",), "table_cell"),  # empty subject: same row subject
    ]
    nested = by_text(result, "nested detail")
    assert (nested.depth, nested.parent, nested.column) == (1, "Least privilege principle", "Description")
    assert by_text(result, "Identity and Access Management").emphasis == ("Identity and Access Management",)


def test_row_whose_first_line_ends_with_an_empty_cell_continues():
    # 003: "| AWS CodeDeploy | " then the cell's lines
    result = read(
        """
        | Subject | Description |
        | --- | --- |
        | AWS CodeDeploy | 
        What is it?
        Deploy new application versions |
        """
    )
    assert [(b.text, b.heading_path) for b in result.blocks][1:] == [
        ("What is it?", ("AWS CodeDeploy",)),
        ("Deploy new application versions", ("AWS CodeDeploy",)),
    ]


def test_subject_over_two_lines():
    result = read("| Subject | Description |\n| --- | --- |\n| AWS Fundamentals:\nELB + ASG | High Scalability |\n")
    assert by_text(result, "High Scalability").heading_path == ("AWS Fundamentals: ELB + ASG",)


def test_missing_cells_warn_and_stay_empty():
    result = read(
        """
        | Type | Purpose | Key Features |
        |------|---------|--------------|
        | **Use case** | Boot volumes |
        | **gp3** | SSD | fast |
        """
    )
    assert result.warnings == ["n.md: table at line 1 has rows with missing cells; treated them as empty."]
    assert [b.text for b in result.blocks] == ["Use case", "Boot volumes", "gp3", "SSD", "fast"]


def test_pipes_in_code_and_escapes_stay_in_the_cell():
    result = read("| Cmd | Use |\n|---|---|\n| `a | b` | pipe \\| here |\n")
    assert [b.text for b in result.blocks] == ["a | b", "pipe | here"]


def test_pipe_line_without_delimiter_row_is_not_a_table():
    result = read("| just a line with | pipes\nmore text\n")
    assert all(b.kind == "paragraph" for b in result.blocks)


def test_table_inside_a_bullet():
    # 001: "  - | Level | Example | Description |" with the rows indented below
    result = read(
        """
        AWS CDK:
        - Constructs
          - | Level  | Description |
            | ------ | ----------- |
            | **L1** | raw CloudFormation |
          - after the table
        """
    )
    assert by_text(result, "raw CloudFormation").heading_path == ("AWS CDK", "L1")
    assert by_text(result, "after the table").parent == "Constructs"
