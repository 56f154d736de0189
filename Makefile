# Alpine Smart Villages — the two commands a new user needs:
#   make run    venv, install, migrate, compile messages, demo content, serve on :8000
#   make test   the whole test suite (PostgreSQL when DATABASE_URL is set, else SQLite)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# make test: both cores (pytest-xdist; each worker builds its own demo database once), random
# order (pytest-randomly: the seed is printed at the top; replay with -p randomly
# --randomly-seed=N), the ten slowest tests at the end. Override: make test PYTEST_ARGS="-n 0 tests/home"
PYTEST_ARGS ?= -n 2 --durations=10
# The tests' checkers, devDependencies from the same registry: axe-core (accessibility, in
# Chromium) and the W3C Nu HTML Checker's jar (markup, run with Java).
CHECKERS := node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: run test install messages migrate demo serve lint check-deploy benchmark benchmark-tasks loadtest fuzz backup restore clean makemessages vendor

run: install messages migrate demo serve

test: install messages $(CHECKERS)
	scripts/system-deps.sh --browser
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed vendor

# Front-end libraries from the npm registry (package.json / package-lock.json), copied into
# static files; the copies are not committed (.gitignore). The Dockerfile does the same, without
# the devDependencies (NPM_CI_FLAGS=--omit=dev): the checkers that only the tests use.
NPM_CI_FLAGS ?=
LEAFLET_DIR := practices/static/practices/vendor/leaflet
# Leaflet.markercluster: nearby practices on the listing's map become one target (WCAG 2.5.8)
CLUSTER_DIR := practices/static/practices/vendor/leaflet.markercluster
vendor: $(LEAFLET_DIR)/leaflet.js

$(LEAFLET_DIR)/leaflet.js: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund $(NPM_CI_FLAGS)
	rm -rf $(LEAFLET_DIR)
	mkdir -p $(LEAFLET_DIR)
	cp -R node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images node_modules/leaflet/LICENSE $(LEAFLET_DIR)/
	cp node_modules/leaflet/LICENSE $(LEAFLET_DIR)/LICENSE
	rm -rf $(CLUSTER_DIR)
	mkdir -p $(CLUSTER_DIR)
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map node_modules/leaflet.markercluster/dist/MarkerCluster.css node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css node_modules/leaflet.markercluster/MIT-LICENCE.txt $(CLUSTER_DIR)/

$(CHECKERS) &: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(CHECKERS)

$(VENV)/.installed: pyproject.toml requirements.lock
	scripts/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

messages: install
	$(MANAGE) compilemessages --ignore=$(VENV) --verbosity 0

migrate: install
	mkdir -p var
	$(MANAGE) migrate --noinput --verbosity 0

demo: migrate
	$(MANAGE) load_demo

serve:
	$(MANAGE) runserver $(HOST):$(PORT)

makemessages: install
	$(MANAGE) makemessages -l fr -l en -l it -l de -l sl --no-wrap --ignore=$(VENV) --ignore=var --ignore=tests

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r . --severity-level medium --quiet

check-deploy: install
	DJANGO_SETTINGS_MODULE=smartvillages.settings.production \
	DJANGO_SECRET_KEY=check-deploy-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') \
	DJANGO_ALLOWED_HOSTS=smartvillages.example.org \
	$(MANAGE) check --deploy --fail-level WARNING

benchmark: install messages
	scripts/system-deps.sh --bench
	$(PY) tests/benchmarks/serve_and_measure.py

# Faults under load: gunicorn on PostgreSQL (database "loadtest", built once, then reused),
# its own Redis and search engine emulator; 10 then 50 readers for 60 s each while an editor
# publishes every 2 s, Redis is killed and the engine stopped once (docs/deployment.md).
loadtest: install messages
	scripts/system-deps.sh --bench
	$(PY) tests/benchmarks/loadtest.py --reuse

# The task queue: worker throughput for search engine writes and publish-to-searchable delay,
# on PostgreSQL (database "loadtest", reused) with its own search engine emulator
# (docs/performance.md).
benchmark-tasks: install messages
	$(PY) tests/benchmarks/task_queue.py --reuse

# make fuzz: the whole hostile-input corpus (tests/hostile.py, 188 inputs) on every public route,
# parameter and path segment, in every language, with the test client; prints the counts per
# route and fails on any 5xx or unescaped echo of "<". About an hour. FUZZ_DATABASE_URL: a
# PostgreSQL copy of the demo site; otherwise a SQLite demo database built once in var/fuzz/.
fuzz: install messages
	$(PY) tests/benchmarks/fuzz.py

# make backup [ARCHIVE=file.tar]: database, media and private files in one archive (default
# var/backups/smartvillages-<engine>-<date>.tar; a .tar.gz name compresses).
# make restore ARCHIVE=file.tar: replaces them (asks first). docs/deployment.md "Backup and restore"
ARCHIVE ?=
backup: install
	$(MANAGE) backup $(ARCHIVE)

restore: install
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=path/to/backup.tar" >&2; exit 2; }
	$(MANAGE) restore $(ARCHIVE)

clean:
	rm -rf $(VENV) var/static node_modules $(LEAFLET_DIR) $(CLUSTER_DIR)
