# Slussen – the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python

.PHONY: run test cluster-test bench install build lint run-packages system-packages test-sqlite test-postgres clean

## make run: install, migrate, load the demo region and serve on http://127.0.0.1:$(PORT)
run: build run-packages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py bokslut 2024 --publish
	PORT=$(PORT) scripts/serve-dev

## make test: install what the tests need and run the whole suite on SQLite and PostgreSQL,
## then the cluster test
test: build system-packages
	scripts/test-all
	scripts/cluster-test

## make cluster-test: two gunicorn servers on one PostgreSQL behind haproxy, Redis, S3 (moto)
cluster-test: build system-packages
	scripts/cluster-test

## make bench: a region-scale dataset on a throwaway PostgreSQL, served by gunicorn and driven by
## 20 concurrent clients; prints the table (also var/bench/results.md). BENCH_SCALE=0.01 is quick.
bench: build
	scripts/ensure-system-packages $(RUN_DEBS) postgresql
	scripts/bench

install: .venv/.synced node_modules/.installed

.venv/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build: install
	$(PY) manage.py compile_translations

# Debian packages: what the platform needs to run (PDF rendering), and what the tests add.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_DEBS := chromium chromium-driver postgresql redis-server haproxy

run-packages:
	scripts/ensure-system-packages $(RUN_DEBS)

system-packages:
	scripts/ensure-system-packages $(RUN_DEBS) $(TEST_DEBS)

lint: install
	.venv/bin/ruff check slussen
	.venv/bin/ruff format --check slussen

clean:
	rm -rf .venv node_modules var
