# The two commands a new user needs: `make run` and `make test` (see README).
# The distribution's CPython when it can make a virtual environment (Debian builds it with PGO
# and LTO: the app spends ~20 % less CPU a request than on a plain source build such as pyenv's,
# README "Scaling out"); otherwise the first python3 on the PATH. Any Python 3.11+ works.
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' \
  2>/dev/null && echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup lock lint typecheck screenshots migrations-check messages vendor bench bench-import bench-replica load replica replica-drop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Install exactly the locked versions (every file checked against its hash); reinstall only
# when the lock changes. `make lock` refreshes the lock from pyproject.toml.
$(VENV)/.installed: requirements/lock.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

UV_VERSION := 0.13.9
lock: | $(BIN)/python
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra bench --generate-hashes --upgrade \
	  --python-version 3.11 --python-platform x86_64-unknown-linux-gnu -o requirements/lock.txt

setup: $(VENV)/.installed
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	# The compiled catalogue is committed; rebuild it where GNU gettext is installed.
	if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; fi
	$(BIN)/python manage.py seed_demo

run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs over the modules pyproject.toml lists ([tool.mypy]).
typecheck: $(VENV)/.installed
	mkdir -p var
	$(BIN)/mypy

migrations-check: $(VENV)/.installed
	mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test

test: $(VENV)/.installed lint typecheck migrations-check
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -n auto $(PYTEST_ARGS)

# Pictures of the main pages for the README, taken in Chromium from the demo (docs/screenshots/).
screenshots: setup
	$(BIN)/python scripts/screenshots.py

# Regenerate the English catalogue after changing UI text (needs GNU gettext).
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=static/vendor --ignore=bench --no-obsolete

# Refresh Bootstrap, htmx and Chart.js from the npm registry (versions pinned in the script).
vendor:
	bash scripts/vendor_assets.sh

# Page timings on PostgreSQL with 100,000 synthetic cadets (seeded once); see bench/run_bench.py.
BENCH_ARGS ?=
bench: $(VENV)/.installed
	$(BIN)/python bench/run_bench.py $(BENCH_ARGS)

# Import of 10,000 cadets (preview + apply) on PostgreSQL; see bench/import_bench.py.
bench-import: $(VENV)/.installed
	psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='bench_import'" | grep -q 1 \
	  || createdb -h 127.0.0.1 -U postgres bench_import
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import $(BIN)/python bench/import_bench.py

# The dashboard on the streaming replica (make replica first) while writers load the primary.
bench-replica: $(VENV)/.installed
	$(BIN)/python bench/replica_bench.py $(BENCH_ARGS)

# 60 s of mixed load on gunicorn + PostgreSQL with a worker killed midway; see bench/load_test.py.
load: $(VENV)/.installed
	$(BIN)/python bench/load_test.py

# A PostgreSQL streaming replica of the local cluster on 127.0.0.1:5433 (root: a second Debian
# cluster from pg_basebackup); see scripts/make_replica.sh and README "Scaling out".
replica:
	bash scripts/make_replica.sh

replica-drop:
	bash scripts/make_replica.sh drop

clean:
	rm -rf $(VENV) var
