# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000
TEST_ENV := SECRET_KEY=test-only-not-a-secret DEBUG=
# One test process per CPU (pytest-xdist); PYTEST_ARGS= runs them in one.
PYTEST_ARGS ?= --numprocesses auto

CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run test lint format bench check clean messages gettext wrk

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "copaperu needs Python 3.11 or newer: make PYTHON=python3.12 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The .mo files are built, not committed: compilemessages needs GNU gettext's msgfmt,
# which `make gettext` installs from Debian's packages when it is missing.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(BIN)/python
	@command -v msgfmt >/dev/null || $(MAKE) --no-print-directory gettext
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.git -v0

gettext:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing gettext (msgfmt, for compilemessages)"; \
		apt-get update -q && apt-get install -y -q gettext; \
	else \
		echo "compilemessages needs GNU gettext: install it, e.g. sudo apt-get install gettext"; \
		exit 1; \
	fi

# The Spanish catalogue, updated from the code (then translate the new entries).
messages: $(VENV)/.runtime
	DEBUG=1 $(BIN)/python manage.py makemessages -l es --no-obsolete \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=docs --ignore=staticfiles

run: $(VENV)/.runtime $(COMPILED)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_initial_data
	@echo
	@echo "  Site:  http://$(ADDRESS)/   (1996 season: http://$(ADDRESS)/seasons/1996/)"
	@echo "  Admin: http://$(ADDRESS)/admin/  -- create a user with:"
	@echo "         DEBUG=1 $(BIN)/python manage.py createsuperuser"
	@echo
	DEBUG=1 $(BIN)/python manage.py runserver $(ADDRESS)

test: $(VENV)/.dev $(COMPILED)
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.dev
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# The bench (bench/README.md); BENCH_ARGS="--duration 5 ..." passes options to bench/run.py,
# BENCH_DATABASE_URL=postgres://... adds a scratch PostgreSQL. The HTTP part needs wrk,
# which `make wrk` installs from Debian's packages when it is missing.
bench: $(VENV)/.dev $(COMPILED)
	@case "$(BENCH_ARGS)" in *--skip-http*) ;; \
		*) command -v wrk >/dev/null || $(MAKE) --no-print-directory wrk ;; esac
	$(TEST_ENV) $(BIN)/python bench/run.py $(BENCH_ARGS)

wrk:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing wrk (HTTP load, for make bench)"; \
		apt-get update -q && apt-get install -y -q wrk; \
	else \
		echo "make bench needs wrk: install it, e.g. sudo apt-get install wrk"; \
		echo "(or skip the HTTP part: make bench BENCH_ARGS=--skip-http)"; \
		exit 1; \
	fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
