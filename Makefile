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

# Every benchmark script, one after another; each prints ratios measured side by side in
# one run (never pass/fail on absolute times).  docs/performance.md records the results.
bench: $(STAMP)
	$(BIN)/python scripts/bench_stability.py --range 2..24 --p 1/2 --scale 32,48,64
	$(BIN)/python scripts/bench_stability.py --range 2..24 --p 3/4 --scale 32,48,64
	$(BIN)/python scripts/bench_sweep.py
	$(BIN)/python scripts/bench_symbolic.py --quick

clean:
	rm -rf $(VENV) outputs build *.egg-info

# The theory note: regenerate its tables and figures, then build tex/multiple_discrete.pdf.
# Fails on any LaTeX error and on undefined references or citations.
.PHONY: pdf
pdf: $(STAMP)
	MPLBACKEND=Agg $(BIN)/coupling-sym tables --out tex/tables --figures tex/figures
	cd tex && latexmk -pdf -Werror -interaction=nonstopmode -halt-on-error -file-line-error multiple_discrete.tex
	! grep -E "LaTeX Warning: (Reference|Citation).*undefined|There were undefined|may have changed" tex/multiple_discrete.log
