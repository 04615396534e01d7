# The two commands of the README: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: setup libreoffice chromium official writer poppler locale demo lint check test fuzz bench server worker clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

demo: setup official
	$(BIN)/giamngheo demo

# The system programs the tests open files with, installed with apt when missing: $(1) a command, $(2) its package.
define apt_install
	@command -v $(1) >/dev/null || { \
	  echo "Cài / installing $(2) (Debian package)"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(2) >/dev/null; }
endef

# The same for what a command cannot find: $(1) a shell test that passes when it is there, $(2) what it is, $(3) its
# Debian packages.
define apt_install_unless
	@$(1) || { \
	  echo "Cài / installing $(2) ($(3))"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(3) >/dev/null; }
endef

# LibreOffice opens the marked-up workbooks sent back to communes, as a commune might, and prints the published ones.
libreoffice:
	$(call apt_install,libreoffice,libreoffice-calc-nogui)

# Headless Chromium opens the HTML period report and the documentation sites with the network blocked.
chromium:
	$(call apt_install,chromium-headless-shell,chromium-headless-shell)

# The official report (bao-cao-<area>-<period>.docx and .pdf): WeasyPrint prints it with Pango, in Times New Roman or
# Liberation Serif, its metric twin (Debian has no Times New Roman); without them a run says which report it could
# not print, and why, and publishes the rest.
official:
	$(call apt_install_unless,fc-list | grep -qiE "Times New Roman|Liberation Serif",the serif font Liberation Serif,fonts-liberation2)
	$(call apt_install_unless,ldconfig -p | grep -q "libpangoft2-1.0.so.0",Pango for WeasyPrint,libpango-1.0-0 libpangoft2-1.0-0)

# The tests open the report's .docx in LibreOffice Writer, turn PDF pages into pictures with pdftoppm, and print the
# report under an English locale (en_US.UTF-8), whose separators are the other way round.
writer:
	$(call apt_install_unless,test -e /usr/lib/libreoffice/program/libswlo.so,LibreOffice Writer,libreoffice-writer-nogui)

poppler:
	$(call apt_install,pdftoppm,poppler-utils)

locale:
	@locale -a 2>/dev/null | grep -qi "^en_US.utf8$$" || { \
	  echo "Tạo / generating the locale en_US.UTF-8"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  command -v locale-gen >/dev/null || { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends locales >/dev/null; }; \
	  $$SUDO sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' /etc/locale.gen; \
	  grep -q "^en_US.UTF-8 UTF-8" /etc/locale.gen || echo "en_US.UTF-8 UTF-8" | $$SUDO tee -a /etc/locale.gen >/dev/null; \
	  $$SUDO locale-gen >/dev/null; }

# ruff's rules and mypy's settings are in pyproject.toml; CI runs this before the tests
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy vocabulary transforms checks warehouse publish pipeline flows giamngheo

# pytest-xdist workers: one more than the cores, since many tests spend part of their time waiting (on a server, a
# subprocess, a schedule); a module's tests stay on one worker, which builds its fixtures once
WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))

# The fast tier: every test but those marked slow (tests/conftest.py), for a change being made; CI runs them all
check: setup
	$(BIN)/pytest -q -n $(WORKERS) --dist loadscope -m "not slow" $(PYTEST_ARGS)

# Every test
test: setup libreoffice chromium official writer poppler locale
	$(BIN)/pytest -q -n $(WORKERS) --dist loadscope $(PYTEST_ARGS)

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
