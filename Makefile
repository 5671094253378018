# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000
TEST_ENV := SECRET_KEY=test-only-not-a-secret DEBUG=

.PHONY: run test lint format bench check clean

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

run: $(VENV)/.runtime
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_initial_data
	@echo
	@echo "  Site:  http://$(ADDRESS)/   (1996 season: http://$(ADDRESS)/seasons/1996/)"
	@echo "  Admin: http://$(ADDRESS)/admin/  -- create a user with:"
	@echo "         DEBUG=1 $(BIN)/python manage.py createsuperuser"
	@echo
	DEBUG=1 $(BIN)/python manage.py runserver $(ADDRESS)

test: $(VENV)/.dev
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

bench: $(VENV)/.dev
	$(TEST_ENV) $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
