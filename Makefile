# `make run` and `make test` set everything up on first use: no other step is needed.
# Django 6.1 needs Python 3.12+: the newest python3.13/python3.12 on the PATH that runs,
# else one installed under $(pyenv root)/versions/.

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTHON ?= $(shell \
	for v in 3.13 3.12; do \
		if python$$v -c '' >/dev/null 2>&1; then command -v python$$v; exit 0; fi; \
	done; \
	root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
	for v in 3.13 3.12; do \
		for p in $$(ls -d $$root/versions/$$v* 2>/dev/null | sort -rV); do \
			if [ -x $$p/bin/python$$v ]; then echo $$p/bin/python$$v; exit 0; fi; \
		done; \
	done)

.PHONY: run test test-browser lint format bench clean check-python

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Outreach needs Python 3.12 or newer (Django 6.1)."; \
		echo "Install python3.13 or python3.12 (e.g. 'pyenv install 3.13') and run make again."; \
		exit 1; \
	fi

$(VENV)/.installed: pyproject.toml | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --disable-pip-version-check --group dev
	@touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

# Real Chromium against a live server; needs Debian's chromium at /usr/bin/chromium.
# axe-core (the accessibility checks) comes from npm, pinned in package.json.
test-browser: $(VENV)/.installed node_modules/axe-core
	$(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

node_modules/axe-core: package.json
	npm install --no-audit --no-fund
	@touch $@

# Public pages' throughput as ratios to a static file, measured in one run (see outreach/bench.py).
bench: $(VENV)/.installed
	$(PY) -m outreach.bench $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV)
