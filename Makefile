# utopia: `make run` serves the demo, `make test` runs the whole suite. Both install what they need.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# `make run` is the development server: SQLite, no broker, mail printed to the console.
RUN_ENV := env -u REDIS_URL DEBUG=true DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3

.PHONY: run shell test lint bench install install-dev messages makemessages browser clean

# The browser tests drive the system's Chromium; Playwright must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.run-installed: $(VENV)/bin/activate requirements.txt
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.run-installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.run-installed
install-dev: $(VENV)/.dev-installed

# Compile locale/*/LC_MESSAGES/django.po into .mo (Babel, pure Python: no system gettext needed).
messages: install
	$(PY) -m utopia.compilemessages

# Regenerate the .po files from the code and templates (needs GNU gettext's xgettext and msgmerge:
# apt-get install gettext). New strings arrive untranslated; tests/ui/test_translations.py fails until
# every French msgstr is filled and no entry is fuzzy.
makemessages: install
	$(RUN_ENV) $(PY) manage.py makemessages -l fr -l en --no-obsolete --no-location \
	  --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench --ignore=test-artifacts

run: install messages
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@# The sweeps (reminders, team and overdue alerts, stay reminders) run every minute beside the server, as
	@# Celery beat would in production; Ctrl-C stops both.
	$(RUN_ENV) $(PY) manage.py sweep --every 60 & sweeper=$$!; trap 'kill $$sweeper 2>/dev/null' EXIT INT TERM; \
	  $(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# A Django shell on the demo's database and settings (the ones `make run` uses).
shell: install
	$(RUN_ENV) $(PY) manage.py shell

# Debian's Chromium for the browser tests; installed only when missing (needs root, as in CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: browser tests will be skipped (install Debian's chromium package)"; fi; }

# In a random order (pytest-randomly: the seed is printed at the top; `PYTEST_ARGS="-p no:randomly"`
# keeps the file order, `PYTEST_ARGS=--randomly-seed=N` replays one). PYTEST_ARGS goes to pytest as it is.
PYTEST_ARGS ?=
test: install-dev messages browser
	$(PY) -m pytest $(PYTEST_ARGS)

# pip-audit asks PyPI's vulnerability data about each pin. Where that service cannot be reached (an offline
# mirror answers "not found"), lint says so plainly and goes on; a known vulnerability fails it.
AUDIT_TIMEOUT ?= 180
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -r utopia outbox volunteers sites shifts stays records donations store api -q
	@echo "pip-audit -r requirements.txt (timeout $(AUDIT_TIMEOUT)s)"; \
	out=$$(timeout $(AUDIT_TIMEOUT) $(VENV)/bin/pip-audit -r requirements.txt --progress-spinner off 2>&1); rc=$$?; \
	echo "$$out" | grep -vE "could not be audited|^No known vulnerabilities found|^Name +Skip Reason|^-+ -+$$"; \
	if [ $$rc -eq 124 ]; then \
	  echo "pip-audit: NOT AUDITED - no answer from the vulnerability service within $(AUDIT_TIMEOUT)s"; \
	elif echo "$$out" | grep -qE "Found [0-9]+ known vulnerabilit"; then \
	  exit 1; \
	elif echo "$$out" | grep -qE "could not be audited|ConnectionError|Max retries exceeded"; then \
	  echo "pip-audit: NOT AUDITED - the vulnerability service could not be reached for $$(echo "$$out" | grep -c 'could not be audited') packages (no network beyond the package registry?)"; \
	elif [ $$rc -ne 0 ]; then \
	  exit $$rc; \
	else \
	  echo "pip-audit: no known vulnerabilities"; \
	fi

# A year of data in its own PostgreSQL database (DATABASE_URL's server), gunicorn, pages and a sign-up storm.
bench: install-dev messages
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache
