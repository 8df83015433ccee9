# Quick start: `make demo` runs the coupling experiment, `make test` runs the tests.
# Both create the local virtualenv .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/coupling-sym experiment --config default

test: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) outputs build *.egg-info
