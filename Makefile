# One command to serve, one to test. Each target creates what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-test browser serve build test validate bench audit clean

# The virtual environment, re-installed when pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed
install-test: $(BIN)/.installed-test

# Debian's Chromium and CJK fonts for the browser tests (never Playwright's own download).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; \
	fi

# PORT: where `make serve` listens (make serve PORT=8001); checked first, so a busy port is one line.
PORT ?= 8000

serve: install
	@$(BIN)/python scripts/port_free.py '$(PORT)' 127.0.0.1
	$(BIN)/mkdocs serve --livereload -a 127.0.0.1:$(PORT)

build: install
	$(BIN)/mkdocs build --strict

validate: install
	$(BIN)/gpt-lineage validate data

test: install-test browser
	$(BIN)/gpt-lineage validate --require-zh data
	$(BIN)/python -m pytest -q

bench: install-test browser
	$(BIN)/python scripts/bench.py

audit: install-test browser
	$(BIN)/python scripts/audit.py

clean:
	rm -rf site $(VENV) .pytest_cache .hypothesis
