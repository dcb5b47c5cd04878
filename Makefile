# The README's commands. Each target sets up what it needs first.
PYTHON := $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run demo test lint format setup mutate

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

run: setup
	$(BIN)/python manage.py runarchive

demo: setup
	$(BIN)/python manage.py runarchive --demo

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup lint
	scripts/ensure-chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Mutation testing of the pure modules (slow: not part of `make test`).
# `make mutate MUTANTS="articles.textnorm*"` runs one module's mutants.
mutate: setup
	rm -rf mutants
	env -u DATABASE_URL -u REDIS_URL $(BIN)/mutmut run $(MUTANTS)
	$(BIN)/python scripts/mutation-scores
