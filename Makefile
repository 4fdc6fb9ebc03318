# Two commands do everything on a fresh machine:
#   make demo   set up a virtual environment, install marsad, analyse an example article, print the report
#   make test   set up the same environment and run the linter and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CANONICAL := ../shared/examples/rubio-pakistan.ar.txt

.PHONY: demo test install lint schema bench clean

$(BIN)/marsad-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@# PyTorch only trains the neural tagger (two tests skip without it): install it from a CPU
	@# wheel on this disk when there is one, never as a several-GB download
	if ls /opt/wheels/torch-2.13.0+cpu-*.whl >/dev/null 2>&1; then $(BIN)/pip install -q torch==2.13.0; fi
	touch $@

install: $(BIN)/marsad-installed

demo: install
	@if [ -f $(CANONICAL) ]; then \
	  $(BIN)/marsad analyze $(CANONICAL) --published 2025-10-26 --title-first-line --format text; \
	else \
	  $(BIN)/marsad analyze examples/diplomatic-visit.ar.txt --format text; \
	fi

lint: install
	$(BIN)/ruff check src tests benchmarks

test: install lint
	$(BIN)/pytest -q

schema: install
	$(BIN)/python -m marsad.schema src/marsad/schema/analysis.schema.json

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
