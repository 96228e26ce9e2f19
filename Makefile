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

.PHONY: run test test-browser lint format bench security clean check-python messages

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

# The public pages under wrk, on PostgreSQL with gunicorn and production settings, each beside a
# hashed static file measured in the same run (bench/run.py). Installs wrk (Debian) when missing;
# results also in bench-results.json. BENCH_ARGS="--notes 100000" for the large dataset,
# BENCH_ARGS="--help" for every option.
bench: $(VENV)/.installed
	$(PY) -m bench $(BENCH_ARGS)

# The translation catalogues: new strings of the code and templates merged into locale/*/,
# then compiled (the .mo files are committed). Needs GNU gettext (Debian's gettext package).
LANGS := -l ar -l es -l fr -l ru -l zh_Hans
messages: $(VENV)/.installed
	$(PY) manage.py makemessages $(LANGS) --add-location=file --no-obsolete --ignore=.venv --ignore=node_modules \
		--ignore=bench --ignore=tests --ignore=staticfiles --ignore=docs --ignore=artifacts
	$(PY) manage.py compilemessages $(LANGS) --ignore=.venv --ignore=node_modules

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Security checks; each runs, then the target fails if any failed:
# - pip-audit: known vulnerabilities of the pins of pyproject.toml and of the virtual
#   environment (audit/dependency_audit.py). Asks PyPI's vulnerability service: when it does
#   not answer, this FAILS with a message saying so (SECURITY_ALLOW_UNAUDITED=1 only warns);
# - bandit on the project's code ([tool.bandit] in pyproject.toml): medium and high findings
#   are listed, a high one fails;
# - `check --deploy` with production settings, every warning fails.
SECURITY_PRODUCTION_ENV := DEBUG=0 \
	SECRET_KEY=security-check-only-8e1f4a7c2b9d6e3f0a5c8b1d4e7f2a9c6b3d0e8f5a2c7b4d1e9f6a3c0b8d5e2 \
	ALLOWED_HOSTS=outreach.example.org EMAIL_URL=smtp://outreach@mail.example.org:587 \
	CACHE_URL=redis://127.0.0.1:6379/0 DATABASE_URL=sqlite:///:memory:

security: $(VENV)/.installed
	@status=0; \
	echo "== pip-audit: known vulnerabilities of the dependencies"; \
	$(PY) -m audit.dependency_audit || status=1; \
	echo "== bandit: the project's code (medium and high findings; a high one fails)"; \
	$(VENV)/bin/bandit -c pyproject.toml -r . -q --severity-level medium || \
		$(VENV)/bin/bandit -c pyproject.toml -r . -q --severity-level high >/dev/null || status=1; \
	echo "== check --deploy with production settings"; \
	env $(SECURITY_PRODUCTION_ENV) $(PY) manage.py check --deploy --fail-level WARNING || status=1; \
	if [ $$status -ne 0 ]; then echo "make security: FAILED (see above)"; else echo "make security: passed"; fi; \
	exit $$status

clean:
	rm -rf $(VENV)
