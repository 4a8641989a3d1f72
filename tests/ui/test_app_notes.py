"""The Notes page under AppTest (a pasted note: AppTest cannot drive st.file_uploader) and ui.ingest directly."""

from __future__ import annotations

import json

import pytest

from tests.ui.app_graphs import all_text, open_page, small_graph, use_graph, write_graph
from ui.ingest import Upload, stage


@pytest.fixture()
def graph_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return use_graph(monkeypatch, write_graph(tmp_path / "graph.json", small_graph()))


NOTE = "# Amazon DynamoDB\n- Use DynamoDB for key-value access at any scale\n- Max item size 400 KB\n"


def test_pasted_note_is_previewed_then_added_without_losing_anything(graph_file, tmp_path):
    at = open_page("notes", timeout=120)
    assert "Add .md, .txt, .csv or .tsv notes" in all_text(at)
    at.text_input(key="notes_pasted_name").input("dynamo.md")
    at.text_area(key="notes_pasted_text").input(NOTE).run(timeout=120)
    assert not at.exception
    preview = at.dataframe[-1].value
    assert "Amazon DynamoDB" in set(preview["found"])
    assert any("dynamo.md:3" in w for w in preview["where"])
    before = json.loads(graph_file.read_text())
    status_before = at.caption[0].value
    at.button(key="notes_add").click().run(timeout=120)
    assert not at.exception, at.exception
    assert "Added dynamo.md: the graph now has" in all_text(at)
    # The status line already counts the new graph, and the added note is not offered again.
    assert "12 nodes" in status_before and "12 nodes" not in at.caption[0].value
    assert at.text_area(key="notes_pasted_text").value == ""
    assert not at.button
    after = json.loads(graph_file.read_text())
    after_ids = {n["id"] for n in after["nodes"]}
    assert {n["id"] for n in before["nodes"]} <= after_ids  # nothing lost
    assert "service:amazon-dynamodb" in after_ids
    assert (tmp_path / "notes" / "dynamo.md").read_text() == NOTE
    s3_before = next(n for n in before["nodes"] if n["id"] == "service:amazon-s3")
    s3_after = next(n for n in after["nodes"] if n["id"] == "service:amazon-s3")
    assert all(ev in s3_after["evidence"] for ev in s3_before["evidence"])
    assert after["graph"]["conflicts"] == before["graph"]["conflicts"]


def test_a_rejected_file_says_why(graph_file):
    at = open_page("notes")
    at.text_input(key="notes_pasted_name").input("slides.pdf")
    at.text_area(key="notes_pasted_text").input("some text").run()
    assert not at.exception
    assert "slides.pdf: not a note file" in all_text(at)
    assert not at.button  # nothing to add


def test_stage_rejects_empty_and_binary_files_by_their_names():
    staged = stage([Upload("empty.md", b""), Upload("blob.txt", bytes(range(256)) * 4), Upload("ok.md", NOTE.encode())])
    assert [s.split(":")[0] for s in staged.rejected] == ["empty.md", "blob.txt"]
    assert len(staged.accepted) == 1
