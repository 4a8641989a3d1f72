"""The Prerequisites page under AppTest."""

from __future__ import annotations


from tests.ui.app_graphs import all_text, iframes, open_page


def test_learning_path_in_order_with_reasons_and_a_hierarchical_drawing(graph_file):
    at = open_page("prerequisites")
    assert "Pick a topic" in at.info[0].value
    at.selectbox(key="prereq_topic").set_value("concept:object-lock").run()
    assert not at.exception
    steps = at.dataframe[-1].value
    assert list(steps["learn"])[0] == "Versioning"
    assert "explicit" in steps["reason"].iloc[0]
    assert steps["where"].iloc[0].startswith("aws.md:4")  # the file's name and line, not its folder
    page = iframes(at)[-1]
    assert '"hierarchical"' in page and '"sortMethod": "directed"' in page


def test_a_topic_with_no_prerequisites_says_so(graph_file):
    at = open_page("prerequisites")
    at.selectbox(key="prereq_topic").set_value("service:aws-lambda").run()
    assert not at.exception
    assert "The notes name nothing to learn before AWS Lambda" in all_text(at)
