# Quick start: `make demo` runs the coupling experiment, `make test` runs the tests.
# Both create the local virtualenv .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv bench clean docs

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# byte-compile the package once (pip does so for installed packages, not for an
	# editable one): commands start without compiling it where PYTHONDONTWRITEBYTECODE is set
	$(BIN)/python -m compileall -q coupling_sym
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/coupling-sym experiment --config default

test: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest

# Every benchmark script, one after another; each prints ratios measured side by side in
# one run (never pass/fail on absolute times).  docs/performance.md records the results.
bench: $(STAMP)
	$(BIN)/python scripts/bench_stability.py --range 2..24 --p 1/2 --scale 32,48,64
	$(BIN)/python scripts/bench_stability.py --range 2..24 --p 3/4 --scale 32,48,64
	$(BIN)/python scripts/bench_stability.py --range 2..40 --p 1/2 --every --repeat 1
	$(BIN)/python scripts/bench_stability.py --range 2..64 --p 3/4 --phases
	$(BIN)/python scripts/bench_sweep.py
	$(BIN)/python scripts/bench_experiment.py
	$(BIN)/python scripts/bench_symbolic.py --quick
	$(BIN)/python scripts/bench_cost.py

clean:
	rm -rf $(VENV) outputs build *.egg-info docs/_build

# The theory note: regenerate its tables and figures, then build tex/multiple_discrete.pdf.
# Fails on any LaTeX error and on undefined references or citations.
.PHONY: pdf
pdf: $(STAMP)
	MPLBACKEND=Agg $(BIN)/coupling-sym tables --out tex/tables --figures tex/figures --force
	cd tex && latexmk -pdf -Werror -interaction=nonstopmode -halt-on-error -file-line-error multiple_discrete.tex
	! grep -E "LaTeX Warning: (Reference|Citation).*undefined|There were undefined|may have changed" tex/multiple_discrete.log

# The documentation site (docs/ -> docs/_build/html): installs the docs extra, runs the
# tutorial notebook, and fails on any Sphinx warning.
DOCS_STAMP := $(VENV)/.docs-installed

$(DOCS_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	rm -rf docs/_build docs/_gallery
	$(BIN)/python -m sphinx -E -W --keep-going -b html -d docs/_build/doctrees docs docs/_build/html
