# papergraph — `make demo` to see it work, `make test` to check it. Both set up .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
GRAPH  ?= exports/papergraph.graph

.PHONY: install demo test lint bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/papergraph build examples --graph $(GRAPH)
	@echo; echo "== What improves on the Transformer (transitively)?"
	$(BIN)/papergraph query improves-on --graph $(GRAPH) --param target=Transformer
	@echo; echo "== The most used datasets"
	$(BIN)/papergraph query top-datasets --graph $(GRAPH)
	$(BIN)/papergraph export html --graph $(GRAPH) -o exports/papergraph.html
	$(BIN)/papergraph export ttl --graph $(GRAPH) -o exports/papergraph.ttl
	@echo; echo "Open exports/papergraph.html in a browser; the Turtle is in exports/papergraph.ttl."

test: install lint
	$(BIN)/python -m pytest

# Lint, the layer contract and the type check of the public API (pyproject.toml: [tool.ruff],
# [tool.importlinter], [tool.mypy]): a wrong import, a mistake ruff knows or a type error in
# the API fails the tests before they run.
lint: install
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf exports/*.graph exports/*.html exports/*.ttl .pytest_cache
