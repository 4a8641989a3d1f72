"""The Explore page under AppTest: drawing, filters, neighbourhood, cap, details, downloads, escaping."""

from __future__ import annotations


from tests.ui.app_graphs import HOSTILE_IMG, HOSTILE_SCRIPT, all_text, drawn_nodes, drawn_options, iframes, open_page, small_graph, synthetic_graph, \
    use_graph, write_graph


def _drawn_ids(at) -> set[str]:
    return set(drawn_nodes(iframes(at)[0]))


def test_whole_graph_is_drawn_with_status_line(graph_file):
    at = open_page("explore")
    assert not at.exception
    status = at.caption[0].value
    assert "embedded file" in status and "12 nodes" in status and "14 edges" in status and "1 conflicts" in status
    assert len(iframes(at)) == 1
    assert _drawn_ids(at) == {n["id"] for n in small_graph()["nodes"]}


def test_filters_kinds_types_categories_and_degree(graph_file):
    at = open_page("explore")
    at.sidebar.multiselect(key="explore_kinds").set_value(["service"]).run()
    assert _drawn_ids(at) == {"service:amazon-s3", "service:amazon-s3-glacier", "service:amazon-sqs", "service:amazon-sns",
                              "service:aws-lambda"}
    at.sidebar.multiselect(key="explore_categories").set_value(["integration"]).run()
    assert _drawn_ids(at) == {"service:amazon-sqs", "service:amazon-sns"}
    at.sidebar.multiselect(key="explore_categories").set_value([]).run()
    at.sidebar.multiselect(key="explore_types").set_value(["INTEGRATES_WITH"]).run()
    at.sidebar.slider(key="explore_min_degree").set_value(1).run()
    assert _drawn_ids(at) == {"service:amazon-sqs", "service:amazon-sns", "service:aws-lambda"}


def test_neighbourhood_grows_with_depth_and_opens_details(graph_file):
    at = open_page("explore")
    at.sidebar.selectbox(key="explore_topic").set_value("concept:object-lock").run()
    one = _drawn_ids(at)
    assert one == {"concept:object-lock", "concept:versioning", "service:amazon-s3"}
    at.sidebar.slider(key="explore_depth").set_value(2).run()
    assert _drawn_ids(at) > one and "limit:amazon-s3:object-size:max:5-tb" in _drawn_ids(at)
    details = at.selectbox(key="explore_details:concept:object-lock")
    assert details.value == "concept:object-lock"
    text = all_text(at)
    assert "aws.md:4" in text and "Object Lock requires versioning" in text
    # Tables cite the file by its name: a long folder would hide the line number in a narrow column.
    assert "notes/aws.md" not in text


def test_details_show_limits_use_when_and_conflicts(graph_file):
    at = open_page("explore")
    at.sidebar.selectbox(key="explore_topic").set_value("service:amazon-s3").run()
    text = all_text(at)
    assert "max object size: 5 TB" in text and "max object size: 5 GB" in text  # limits, in conflict
    assert "keep every version" in text  # USE_WHEN
    assert "Conflicts between notes" in text
    assert "old.md:7" in text
    # The conflict names its values and where the notes give them, not the limits' ids.
    assert "5 TB (aws.md:6) vs 5 GB (old.md:7)" in text or "5 GB (old.md:7) vs 5 TB (aws.md:6)" in text


def test_text_search_keeps_hits_and_their_neighbours(graph_file):
    at = open_page("explore")
    at.sidebar.text_input(key="explore_search").set_value("queue").run()
    drawn = _drawn_ids(at)
    assert {"service:amazon-sqs", "concept:dead-letter-queue"} <= drawn
    assert "service:amazon-s3-glacier" not in drawn


def test_capped_search_says_its_hits_come_first(tmp_path, monkeypatch):
    use_graph(monkeypatch, write_graph(tmp_path / "big.json", synthetic_graph(2000)))
    at = open_page("explore")
    at.sidebar.number_input(key="explore_cap").set_value(10).run()
    hit = next(n["name"] for n in synthetic_graph(2000)["nodes"] if n["kind"] == "service")
    at.sidebar.text_input(key="explore_search").set_value(hit).run()
    assert not at.exception
    assert at.info and "the search hits first" in at.info[0].value


def test_big_graph_is_capped_and_says_so(tmp_path, monkeypatch):
    use_graph(monkeypatch, write_graph(tmp_path / "big.json", synthetic_graph(2000)))
    at = open_page("explore")
    assert not at.exception
    assert len(_drawn_ids(at)) == 300
    assert "showing 300 of 2,000 nodes" in at.info[0].value
    at.sidebar.toggle(key="explore_physics").set_value(False).run()
    assert drawn_options(iframes(at)[0])["physics"]["enabled"] is False
    assert all("x" in node for node in drawn_nodes(iframes(at)[0]).values())  # a fixed layout instead


def test_downloads_hold_the_current_view(graph_file):
    at = open_page("explore")
    at.sidebar.multiselect(key="explore_kinds").set_value(["service"]).run()
    buttons = {b.key: b for b in at.get("download_button")}
    assert set(buttons) == {"dl_html", "dl_graphml", "dl_json"}


def test_unknown_filters_show_a_message_not_a_traceback(graph_file):
    at = open_page("explore")
    at.sidebar.text_input(key="explore_search").set_value("zzzzqqq").run()
    assert not at.exception
    assert "Nothing matches" in at.warning[0].value


def test_hostile_note_text_is_escaped_everywhere(graph_file):
    at = open_page("explore")
    page = iframes(at)[0]
    assert HOSTILE_IMG not in page and HOSTILE_SCRIPT not in page and "<script>window.__pwned" not in page
    at.sidebar.selectbox(key="explore_topic").set_value("concept:evil").run()
    assert not at.exception
    for element in [*at.markdown, *at.caption, *at.subheader]:
        assert "<img" not in element.value and "<script" not in element.value
    assert HOSTILE_SCRIPT in all_text(at)  # shown, as text, in st.text / st.dataframe


def test_topics_sharing_a_name_stay_apart(tmp_path, monkeypatch):
    data = small_graph()
    data["nodes"].append({"id": "concept:amazon-s3", "kind": "concept", "name": "Amazon S3", "aliases": [],
                          "evidence": [{"file": "notes/aws.md", "line": 40, "text": "Amazon S3"}]})
    use_graph(monkeypatch, write_graph(tmp_path / "graph.json", data))
    at = open_page("explore")
    picker = at.sidebar.selectbox(key="explore_topic")
    assert "Amazon S3" in picker.options and "Amazon S3 (concept)" in picker.options
    picker.set_value("service:amazon-s3").run()
    assert "service:amazon-s3" in _drawn_ids(at) and len(_drawn_ids(at)) > 2
    at.sidebar.selectbox(key="explore_topic").set_value("concept:amazon-s3").run()
    assert _drawn_ids(at) == {"concept:amazon-s3"}
