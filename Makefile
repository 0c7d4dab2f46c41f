# Two commands set berichte up on a fresh machine (see README.md):
#   make demo   installs everything and renders the demo reports
#   make test   installs everything (and Chromium for the browser tests) and runs the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/install-system-deps.sh
	sh scripts/install-system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[test]"
	touch $@

demo: install
	$(BIN)/berichte build

test: install
	sh scripts/install-system-deps.sh test
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q
