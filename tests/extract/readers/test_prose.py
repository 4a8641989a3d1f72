"""Plain prose: sentences located on the line where they start; short standalone lines as headings."""

from __future__ import annotations

from extract.readers.prose import read_prose


def sentences(text: str):
    return [(b.line, b.text, b.heading_path, b.kind) for b in read_prose(text, "p.txt").blocks]


def test_one_block_per_sentence_with_its_starting_line():
    text = "Amazon S3 stores objects in buckets. Each bucket\nlives in one region. Objects can be\n5 TB at most!\n"
    assert sentences(text) == [
        (1, "Amazon S3 stores objects in buckets.", (), "sentence"),
        (1, "Each bucket lives in one region.", (), "sentence"),
        (2, "Objects can be 5 TB at most!", (), "sentence"),
    ]


def test_paragraphs_split_on_blank_lines():
    assert [line for line, *_ in sentences("First paragraph\nwithout a stop\n\nSecond one.\n")] == [1, 4]


def test_abbreviations_and_decimals_do_not_end_sentences():
    text = "Use e.g. S3 or EBS, i.e. storage. It costs 0.023 USD per GB in the U.S. Region.\n"
    assert [t for _, t, *_ in sentences(text)] == [
        "Use e.g. S3 or EBS, i.e. storage.",
        "It costs 0.023 USD per GB in the U.S. Region.",
    ]


def test_short_standalone_line_before_prose_is_a_heading():
    result = sentences("Amazon EBS\n\nEBS volumes are network drives. They are AZ-bound.\n")
    assert result[0] == (1, "Amazon EBS", (), "heading")
    assert result[1][2] == ("Amazon EBS",)


def test_a_short_sentence_is_not_a_heading():
    assert sentences("S3 is regional.\n\nBuckets hold objects.\n")[0][3] == "sentence"
