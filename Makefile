# friendship_union — the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Tests and production run on PostgreSQL; `make run` uses SQLite unless DATABASE_URL is set.
# pytest workers (pytest-xdist), each with its own test database; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/friendship_union)

.PHONY: help run serve demo test lint messages migrate check-deploy bench-import bench-dashboard bench-public bench-load clean

help:
	@echo "make run    - create .venv, install, migrate, load demo data, serve http://127.0.0.1:$(PORT)/ with the task worker"
	@echo "make test   - ruff (lint and format), import-linter, makemigrations --check, pytest on PostgreSQL (browser tests included)"
	@echo "make lint   - ruff check and format --check, import-linter (the apps' floors)"
	@echo "make demo   - (re)load demo data only (idempotent)"

# Python >= 3.12: try each candidate by running it (pyenv shims may exist but fail), keep the first that works.
$(PY):
	@py=""; \
	for c in python3.13 python3.12 python3 $$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  if [ "$$($$c -c 'import sys; print(sys.version_info >= (3, 12))' 2>/dev/null)" = "True" ]; then py=$$c; break; fi; \
	done; \
	if [ -z "$$py" ]; then echo "Cần Python >= 3.12 / Python >= 3.12 is required: none of python3.13, python3.12, python3 on PATH is recent enough." >&2; exit 1; fi; \
	echo "Using $$py ($$($$py --version))"; \
	$$py -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

messages: $(VENV)/.installed
	@DJANGO_DEBUG=1 $(PY) manage.py compile_catalogs

migrate: messages
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=1 $(PY) manage.py load_reference
	DJANGO_DEBUG=1 $(PY) manage.py load_demo

run: migrate
	DJANGO_DEBUG=1 $(PY) manage.py load_reference
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	@$(MAKE) --no-print-directory serve

# The web server and the task worker side by side; Ctrl-C (or TERM) stops both.
serve:
	@trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py db_worker --interval 0.2 & worker=$$!; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

test: messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_DEBUG=1 DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run
	@DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m friendship_union.core.dbcheck
	DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

check-deploy: $(VENV)/.installed
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=huunghi.example.vn DATABASE_URL="$(TEST_DATABASE_URL)" \
	$(PY) manage.py check --deploy --fail-level WARNING

bench-import: messages
	$(PY) bench/import_aid_items.py $(ROWS)

bench-dashboard: messages
	$(PY) bench/dashboard.py $(FACTOR)

bench-public: messages
	$(PY) bench/public_pages.py $(RUNS) $(if $(FACTOR),--factor $(FACTOR))

# gunicorn + wrk over the database bench-public built (FACTOR=N for its ×N one); CACHE_URL=redis://… advised.
bench-load: messages
	$(PY) bench/load.py $(if $(FACTOR),--factor $(FACTOR)) $(if $(SOAK),--soak $(SOAK))

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
