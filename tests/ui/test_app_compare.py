"""The Compare page under AppTest."""

from __future__ import annotations


from tests.ui.app_graphs import all_text, drawn_nodes, iframes, open_page


def test_asks_for_two_topics_first(graph_file):
    at = open_page("compare")
    assert not at.exception
    assert "Pick two or more topics" in at.info[0].value
    at.multiselect(key="compare_topics").set_value(["service:amazon-sqs"]).run()
    assert "Pick two or more topics" in at.info[0].value and not iframes(at)


def test_side_by_side_with_shared_neighbours_highlighted(graph_file):
    at = open_page("compare")
    at.multiselect(key="compare_topics").set_value(["service:amazon-sqs", "service:amazon-sns"]).run()
    assert not at.exception
    assert [s.value for s in at.subheader][:2] == ["Amazon SQS", "Amazon SNS"]
    text = all_text(at)
    assert "message queue" in text and "pub/sub notifications" in text  # definitions, each in its column
    assert "SQS vs SNS: pull vs push" in text  # the notes' own comparison
    assert "AWS Lambda" in text  # the shared neighbour
    assert "decouple producers from consumers" in text  # SQS's USE_WHEN
    drawn = drawn_nodes(iframes(at)[0])
    assert {"service:amazon-sqs", "service:amazon-sns", "service:aws-lambda"} <= set(drawn)
    assert drawn["service:aws-lambda"]["borderWidth"] == 4  # shared: stands out
    assert drawn["service:amazon-sqs"]["borderWidth"] == 1
