# The two commands of the README: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: setup libreoffice demo test fuzz bench server worker clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

demo: setup
	$(BIN)/giamngheo demo

# The tests open the marked-up workbooks sent back to communes in LibreOffice, as a commune might.
libreoffice:
	@command -v libreoffice >/dev/null || { \
	  echo "Cài LibreOffice Calc / installing LibreOffice Calc (Debian package libreoffice-calc-nogui)"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; }

test: setup libreoffice
	$(BIN)/pytest -q

# The property-based test of tests/test_fuzz.py with many more examples than the suite tries (FUZZ_EXAMPLES=N).
fuzz: setup
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} $(BIN)/pytest -q -p no:cacheprovider tests/test_fuzz.py --hypothesis-show-statistics

# Prefect's server and UI on http://127.0.0.1:4200, its database in data/prefect/; then, in a second terminal,
# the worker that deploys prefect.yaml and runs its schedules.
server: setup
	$(BIN)/giamngheo server

worker: setup
	$(BIN)/giamngheo worker

bench: setup
	$(BIN)/python bench/bench.py $(BENCH)
	$(BIN)/python bench/registers.py

clean:
	rm -rf data out .prefect
