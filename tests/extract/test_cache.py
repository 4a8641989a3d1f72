"""The per-file extraction cache: a build from the cache is the build from scratch, and only changed files are read."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import extract.pipeline as pipeline
from extract.cache import ExtractionCache, extractor_version
from extract.nlp import build_nlp
from extract.pipeline import extract_paths

NOTES = {
    "s3": "# Amazon S3\n- Large uploads → Multipart Upload for reliability. Max 5TB\n- S3 Object Lock requires versioning.\n",
    "lambda": "# AWS Lambda\n- Use Provisioned Concurrency for cold-start-free performance.\n- REST API timeout = 29 seconds\n",
    "vs": "# Messaging\n- SQS vs SNS vs EventBridge\n- Use Amazon SQS to decouple producers from consumers\n",
    "glossary": "term\tdefinition\nEBS\tElastic Block Store, block storage for EC2\nRead Replica (RR)\tcopy of a database for reads\n",
    "dynamo": "# DynamoDB\n- Item size max 400 KB\n- DAX requires DynamoDB\n- Use DynamoDB Streams to trigger Lambda\n",
    "prose": "Amazon Kinesis is ideal for real-time streaming. Kinesis Data Streams retention default 24 hours.\n",
    "latin": "# Amazon RDS\n- Multi-AZ for high availability \u2013 caf\u00e9\n",
    "empty": "",
}


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def snapshot(result) -> tuple:
    """Everything a build gives back: the document as it is written, and the report."""
    report = result.report
    return (list(result.doc.node_link()), result.doc.graph_attrs(),
            report.files_read, report.rejected, report.warnings, report.blocks)


def write(folder: Path, name: str, key: str) -> None:
    encoding = "cp1252" if key == "latin" else "utf-8"
    (folder / f"{name}.md").write_bytes(NOTES[key].encode(encoding))


def test_a_cached_rebuild_equals_a_fresh_build_and_reads_only_the_changed_file(tmp_path, nlp, monkeypatch):
    notes, cache = tmp_path / "notes", tmp_path / ".cache"
    notes.mkdir()
    for key in ("s3", "lambda", "vs", "glossary"):
        write(notes, key, key)
    first = extract_paths([notes], nlp=nlp, cache_dir=cache)
    assert snapshot(first) == snapshot(extract_paths([notes], nlp=nlp))
    assert len(list(cache.glob("*.entry"))) == 4

    (notes / "vs.md").write_text(NOTES["vs"] + "- Kinesis vs SQS\n", encoding="utf-8")
    extracted = []
    real = pipeline.outcome_of
    monkeypatch.setattr(pipeline, "outcome_of", lambda *a, **k: extracted.append(a[1].name) or real(*a, **k))
    again = extract_paths([notes], nlp=nlp, cache_dir=cache)
    assert extracted == ["vs.md"]
    monkeypatch.setattr(pipeline, "outcome_of", real)
    assert snapshot(again) == snapshot(extract_paths([notes], nlp=nlp))


def test_entries_of_deleted_files_are_pruned(tmp_path, nlp):
    notes, cache = tmp_path / "notes", tmp_path / ".cache"
    notes.mkdir()
    write(notes, "a", "s3")
    write(notes, "b", "lambda")
    extract_paths([notes], nlp=nlp, cache_dir=cache)
    (notes / "b.md").unlink()
    result = extract_paths([notes], nlp=nlp, cache_dir=cache)
    assert len(list(cache.glob("*.entry"))) == 1
    assert all(ev["file"].endswith("a.md") for _, item in result.doc.node_link() for ev in item["evidence"])


def test_a_corrupt_or_foreign_entry_is_a_miss(tmp_path, nlp):
    notes, cache = tmp_path / "notes", tmp_path / ".cache"
    notes.mkdir()
    write(notes, "a", "s3")
    fresh = snapshot(extract_paths([notes], nlp=nlp))
    extract_paths([notes], nlp=nlp, cache_dir=cache)
    (entry,) = cache.glob("*.entry")
    entry.write_bytes(entry.read_bytes()[:-20])  # truncated, as by a full disk
    assert snapshot(extract_paths([notes], nlp=nlp, cache_dir=cache)) == fresh
    other = ExtractionCache(cache, "another extractor version")
    assert other.get(notes / "a.md", pipeline.display_path(notes / "a.md"), "whatever") is None
    assert other.misses == 1


def test_an_unwritable_cache_folder_still_builds(tmp_path, nlp):
    notes = tmp_path / "notes"
    notes.mkdir()
    write(notes, "a", "s3")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert snapshot(extract_paths([notes], nlp=nlp, cache_dir=blocker / "cache")) == snapshot(extract_paths([notes], nlp=nlp))


def test_the_version_changes_with_the_lexicon(tmp_path):
    from extract.lexicon import LEXICON_DIR

    lexicon = tmp_path / "lexicon"
    lexicon.mkdir()
    shutil.copyfile(LEXICON_DIR / "services.json", lexicon / "services.json")
    same = extractor_version(lexicon)
    assert same == extractor_version(LEXICON_DIR)
    with (lexicon / "services.json").open("a") as fh:
        fh.write(" ")
    extractor_version.cache_clear()
    assert extractor_version(lexicon) != same


def test_workers_fill_and_use_the_cache_too(tmp_path):
    notes, cache = tmp_path / "notes", tmp_path / ".cache"
    notes.mkdir()
    for key in ("s3", "lambda", "dynamo"):
        write(notes, key, key)
    fresh = snapshot(extract_paths([notes]))
    assert snapshot(extract_paths([notes], jobs=2, cache_dir=cache)) == fresh
    write(notes, "lambda", "prose")
    assert snapshot(extract_paths([notes], jobs=2, cache_dir=cache)) == snapshot(extract_paths([notes]))


class CachedBuilds(RuleBasedStateMachine):
    """Any sequence of changes, additions and deletions: the cached build equals the fresh one."""

    nlp = None

    @initialize()
    def start(self):
        self.root = Path(tempfile.mkdtemp(prefix="servicemap-cache-test-"))
        self.notes, self.cache = self.root / "notes", self.root / ".cache"
        self.notes.mkdir()

    @rule(name=st.sampled_from(["a", "b", "c", "d"]), key=st.sampled_from(sorted(NOTES)))
    def write_file(self, name, key):
        write(self.notes, name, key)

    @rule(name=st.sampled_from(["a", "b", "c", "d"]), line=st.sampled_from(["- Max 10 GB", "- Use SQS for queues", "x"]))
    def append_line(self, name, line):
        path = self.notes / f"{name}.md"
        if path.exists():
            path.write_bytes(path.read_bytes() + f"\n{line}\n".encode())

    @rule(name=st.sampled_from(["a", "b", "c", "d"]))
    def delete_file(self, name):
        (self.notes / f"{name}.md").unlink(missing_ok=True)

    @invariant()
    def cached_equals_fresh(self):
        if not any(self.notes.iterdir()):
            return
        cached = extract_paths([self.notes], nlp=self.nlp, cache_dir=self.cache)
        assert snapshot(cached) == snapshot(extract_paths([self.notes], nlp=self.nlp))
        assert {e.name for e in self.cache.glob("*.entry")} <= {
            ExtractionCache(self.cache, "")._entry(p).name for p in self.notes.iterdir()}

    def teardown(self):
        shutil.rmtree(self.root, ignore_errors=True)


def test_any_sequence_of_edits(nlp):
    CachedBuilds.nlp = nlp
    machine = CachedBuilds.TestCase
    machine.settings = settings(max_examples=15, stateful_step_count=6, deadline=None,
                                suppress_health_check=[HealthCheck.too_slow])
    machine().runTest()


def test_cache_files_are_not_left_half_written(tmp_path, nlp, monkeypatch):
    notes, cache = tmp_path / "notes", tmp_path / ".cache"
    notes.mkdir()
    write(notes, "a", "s3")
    import pickle

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pickle, "dump", crash)
    extract_paths([notes], nlp=nlp, cache_dir=cache)
    assert [p for p in cache.iterdir()] == []
    assert os.listdir(notes) == ["a.md"]
