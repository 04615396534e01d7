# The two commands of the README: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: setup libreoffice chromium demo test fuzz bench server worker clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

demo: setup
	$(BIN)/giamngheo demo

# The system programs the tests open files with, installed with apt when missing: $(1) a command, $(2) its package.
define apt_install
	@command -v $(1) >/dev/null || { \
	  echo "Cài / installing $(2) (Debian package)"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(2) >/dev/null; }
endef

# LibreOffice opens the marked-up workbooks sent back to communes, as a commune might, and prints the published ones.
libreoffice:
	$(call apt_install,libreoffice,libreoffice-calc-nogui)

# Headless Chromium opens the HTML period report and the documentation sites with the network blocked.
chromium:
	$(call apt_install,chromium-headless-shell,chromium-headless-shell)

test: setup libreoffice chromium
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
