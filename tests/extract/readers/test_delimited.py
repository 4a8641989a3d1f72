"""TSV/CSV glossaries and Anki exports."""

from __future__ import annotations

from extract.readers.delimited import clean_cell, read_anki, read_glossary, render_row

HEADER = "Terms\tFull Form\tDefinition\tNOTE\n"


def glossary(text: str):
    return read_glossary(text, "g.tsv")


def test_header_maps_columns_and_rows_render_as_a_sentence():
    result = glossary(
        HEADER + "EBS Volume\tElastic Block Store\tVolume is a network drive\tIt's a network drive\n"
    )
    block = result.blocks[0]
    assert block.kind == "glossary"
    assert block.line == 2
    assert block.text == "EBS Volume (Elastic Block Store): Volume is a network drive — It's a network drive"
    assert dict(block.fields) == {
        "term": "EBS Volume",
        "full_form": "Elastic Block Store",
        "definition": "Volume is a network drive",
        "note": "It's a network drive",
    }


def test_header_synonyms_and_extra_columns():
    result = read_glossary("Service,Description,Use Case,Exam tip\nSQS,queue,decoupling,visibility timeout\n", "g.csv")
    block = result.blocks[0]
    assert block.field("term") == "SQS"
    assert block.field("note") == "decoupling"
    assert block.field("exam_tip") == "visibility timeout"
    assert block.text == "SQS: queue — decoupling — visibility timeout"


def test_topic_rows_start_sections_and_repeated_headers_are_recognised():
    result = glossary(
        HEADER
        + "Topic 1) :-IAM and EC2\t\t\t\n"
        + "MFA\tMultifactor Authentication\t\t\n"
        + "\n"
        + HEADER
        + "Topics 2) : ELB AND ASG\t\t\t\n"
        + "ELB\tElastic Load Balancer\tmanaged load balancer\t\n"
    )
    assert [(b.kind, b.text, b.heading_path) for b in result.blocks] == [
        ("heading", "IAM and EC2", ()),
        ("glossary", "MFA (Multifactor Authentication)", ("IAM and EC2",)),
        ("heading", "ELB AND ASG", ()),
        ("glossary", "ELB (Elastic Load Balancer): managed load balancer", ("ELB AND ASG",)),
    ]


def test_a_term_alone_is_not_a_topic():
    result = glossary(HEADER + "Region\t\t\t\n")
    assert result.blocks[0].kind == "glossary"
    assert result.blocks[0].text == "Region"


def test_rows_with_empty_first_cells_continue_the_term_above():
    # 002: the EFS row and its "use case: …" line
    result = glossary(
        HEADER
        + "EFS\tElastic File System\tEFS work with EC2 instance in multi A-Z\texpensive, pay per use\n"
        + "\t\t\tuse case: content management,web serving,data sharing\n"
        + "Types Of Load Balancer\tCLB\tClassic Load Balancer\tLayer 7\n"
        + "\tALB\tApplication Load Balancer\tWebSocket\n"
    )
    use_case = result.blocks[1]
    assert use_case.text == "use case: content management,web serving,data sharing"
    assert use_case.heading_path == ("EFS",)
    assert use_case.parent == "EFS"
    assert use_case.line == 3
    alb = result.blocks[3]
    assert alb.text == "ALB: Application Load Balancer — WebSocket"
    assert alb.parent == "Types Of Load Balancer"


def test_note_rows_continue_the_entry_named_above_them():
    # 002: "4) Immutable" listed under Elastic Beanstalk, its notes on the rows below
    result = glossary(
        HEADER
        + "Elastic Beanstalk\t\tDeployment modes\t\n"
        + "\t\t4) Immutable\tZero downtime\n"
        + "\t\t\tQuick rollback in case of failures\n"
        + "\t\tBlue Green\tnot a direct feature\n"
        + "\t\tThis is a whole sentence about deployments.\tnote\n"
        + "\t\t\tlast note\n"
    )
    immutable, rollback, blue_green, sentence, last = result.blocks[1:]
    assert (immutable.parent, immutable.heading_path) == ("Elastic Beanstalk", ("Elastic Beanstalk",))
    assert (rollback.parent, rollback.heading_path) == ("4) Immutable", ("Elastic Beanstalk", "4) Immutable"))
    assert blue_green.parent == "Elastic Beanstalk"
    assert (last.parent, last.heading_path) == ("Elastic Beanstalk", ("Elastic Beanstalk",))  # a sentence names no entry


def test_a_term_row_naming_an_entry_above_more_entries_opens_a_list():
    # 002: "ASG Scaling policies" lists its first policy in its own row
    result = glossary(
        HEADER
        + "ASG Scaling policies\t\tTarget Tracking Scaling\tasg cpu to stay at 40 %\n"
        + "\t\tSimple / step scaling\twhen cloudwatch alarm is triggered add 2 unit\n"
        + "\t\t\tthe alarm fires first\n"
        + "AWS X ray\t\tVisual analysis of our applications\thelps developers debug\n"
        + "\t\tAWS X-Ray advantages\tTroubleshooting performance\n"
        + "Vertical Scalability\t\tIncrease Instance Size\tex: t2.large\n"
        + "Horizontal Scalability\t\tIncrease Number of instance\tcommon for web application\n"
    )
    term, tracking, step, note, xray, advantages, vertical, horizontal = result.blocks
    assert (term.text, term.fields, term.line) == ("ASG Scaling policies", (("term", "ASG Scaling policies"),), 2)
    assert (tracking.text, tracking.parent, tracking.line) == (
        "Target Tracking Scaling — asg cpu to stay at 40 %", "ASG Scaling policies", 2)
    assert tracking.heading_path == ("ASG Scaling policies",) and tracking.field("term") == ""
    assert step.parent == "ASG Scaling policies"
    assert tracking.column == step.column == "ASG Scaling policies"  # entries of the term's list
    assert (note.parent, note.column) == ("Simple / step scaling", "")
    # a phrase about the term is its definition; a term row with no entry row below keeps its definition
    assert xray.field("definition") == "Visual analysis of our applications"
    assert advantages.column == ""  # under a term that defines itself: no list
    assert vertical.field("definition") == "Increase Instance Size"
    assert horizontal.field("term") == "Horizontal Scalability"


def test_a_bracket_after_an_entry_name_is_no_part_of_its_length():
    # 004: "DynamoDB – GSI (Global Secondary Index)" is an entry; the row below it is its note
    result = glossary(
        HEADER
        + "DynamoDB\t\tIndexes\t\n"
        + "\t\tDynamoDB – GSI (Global Secondary Index)\twhole new table\n"
        + "\t\t\tTo speed up queries on non-key attributes, use a GSI\n"
        + "\t\tA name with far too many words to be one (really)\tnote\n"
        + "\t\t\tlast note\n"
    )
    gsi, note, long_name, last = result.blocks[1:]
    assert gsi.parent == "DynamoDB"
    assert (note.parent, note.heading_path) == (
        "DynamoDB – GSI (Global Secondary Index)", ("DynamoDB", "DynamoDB – GSI (Global Secondary Index)"))
    assert last.parent == "DynamoDB"  # seven words before the bracket name no entry


def test_questions_section_and_numbered_rows():
    result = glossary(
        HEADER
        + "Topics 3) : EC2 Storage\t\t\t\n"
        + "question:\t\t\t\n"
        + "1)\t\tEBS Volumes are created for a specific AZ\t\n"
        + "4)\t\tYou need an IOPS of 210,000. What do you recommend?\tInstance store\n"
    )
    heading, first, second = result.blocks[1:]
    assert (heading.kind, heading.text, heading.heading_path) == ("heading", "question", ("EC2 Storage",))
    assert first.heading_path == ("EC2 Storage", "question")
    assert first.parent == ""
    assert second.text == "You need an IOPS of 210,000. What do you recommend? — Instance store"
    assert "term" not in dict(second.fields)


def test_html_in_cells():
    result = glossary(
        HEADER
        + 'SNS\tSimple Notification Service\tpub/sub\t<ul style="list-style-type: none"> • The “event producer” only sends to one topic\n'
        + "\t\tSubscribers can be\t<ul> • SQS • HTTP / HTTPS • Lambda</ul>\n"
        + "\t\tcost<br>free tier &amp; more\t\n"
    )
    assert result.blocks[0].field("note") == "The “event producer” only sends to one topic"
    assert result.blocks[1].text == "Subscribers can be — SQS; HTTP / HTTPS; Lambda"
    assert result.blocks[2].text == "cost; free tier & more"


def test_clean_cell_unescapes_and_strips():
    assert clean_cell("\\$0.05 per <b>month</b>") == "$0.05 per month"
    assert clean_cell('<input type="radio"/> JeDeploy') == "JeDeploy"


def test_quoted_cell_over_lines_keeps_its_first_line():
    result = read_glossary('Term,Definition\nS3,"object storage\nin buckets"\nEBS,block storage\n', "g.csv")
    assert [(b.line, b.field("definition")) for b in result.blocks] == [
        (2, "object storage; in buckets"),
        (4, "block storage"),
    ]


def test_stray_quote_does_not_swallow_the_file():
    lines = ["Term\tDefinition", 'S3\t"object storage'] + [f"T{i}\tdef {i}" for i in range(40)]
    result = glossary("\n".join(lines) + "\n")
    assert len(result.blocks) == 41
    assert result.blocks[-1].line == 42
    assert result.warnings == ["g.tsv: a quote mark opens a cell that never closes; read the rows without quoting."]


def test_lines_without_delimiters_are_kept_as_plain_text_with_one_warning():
    result = glossary(HEADER + "[illegible]\nEnviron\nEC2\tElastic Compute Cloud\t\t\n")
    assert [b.kind for b in result.blocks] == ["paragraph", "paragraph", "glossary"]
    assert result.warnings == ["g.tsv: 2 line(s) (first at line 2) are not glossary rows; kept them as plain text."]


def test_no_header_maps_by_position():
    result = glossary("EBS\tblock storage\tAZ-bound\n")
    assert dict(result.blocks[0].fields) == {"term": "EBS", "definition": "block storage", "note": "AZ-bound"}


def test_render_row():
    assert render_row({"term": "MFA", "full_form": "Multifactor Authentication"}) == "MFA (Multifactor Authentication)"
    assert render_row({"note": "IOPS :- Input/output operation per second"}) == "IOPS :- Input/output operation per second"


# -- Anki ---------------------------------------------------------------------------------------------


def test_anki_front_back_csv():
    result = read_anki('front,back\nWhat is S3?,Object storage\n"Max object size?","5 TB"\n', "cards.csv")
    assert [(b.kind, b.line, b.text, dict(b.fields)) for b in result.blocks] == [
        ("card", 2, "What is S3? — Object storage", {"front": "What is S3?", "back": "Object storage"}),
        ("card", 3, "Max object size? — 5 TB", {"front": "Max object size?", "back": "5 TB"}),
    ]


def test_anki_export_headers():
    text = "#separator:tab\n#html:true\n#deck:AWS Developer\n#tags column:3\nWhat is SQS?\tA <b>queue</b>\taws sqs\n"
    result = read_anki(text, "export.txt")
    block = result.blocks[0]
    assert (block.line, block.heading_path) == (5, ("AWS Developer",))
    assert dict(block.fields) == {"front": "What is SQS?", "back": "A queue", "tags": "aws sqs"}


def test_anki_without_header_row():
    result = read_anki("What is EBS?;Block storage\n", "cards.txt")
    assert result.blocks[0].field("back") == "Block storage"
