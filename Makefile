# Two commands set up everything on a fresh machine:
#   make run    venv + package + data sync, then the app on http://localhost:8501
#   make test   the same set-up + Debian chromium, then lint and the whole suite (browser tests included)
# and one for the edit loop:
#   make check  lint + the unit tier (fixtures built in code, SQLite; no data bundle, browser or server)
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

AXE_VERSION := 4.14.1
AXE := .cache/axe/node_modules/axe-core/axe.min.js

.PHONY: run test check lint format data chromium postgresql nginx axe bench screenshots clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

data: $(STAMP)
	$(BIN)/ruraldash data sync

chromium:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }
	@/usr/bin/chromium --version

# PostgreSQL and nginx (Debian): the store and replica tests start their own throwaway server and
# balancer from these binaries (tests/dbserver.py); nothing is started or enabled system-wide here.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; }
	@ls /usr/lib/postgresql/*/bin/initdb

nginx:
	@test -x /usr/sbin/nginx || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null; }
	@/usr/sbin/nginx -v

# axe-core (accessibility rules) from the npm registry into an ignored folder; the browser tests
# inject it from there (never from a CDN)
axe: $(AXE)
$(AXE):
	npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@$(AXE_VERSION)

run: data
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address 0.0.0.0

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_public_seams.py  # no CSS/JS on Streamlit internals

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# the suite on $(WORKERS) pytest-xdist processes; --dist loadscope keeps a module (its streamlit server,
# browser, module fixtures) on one worker, and --no-loadscope-reorder hands out the modules in file order
# (tests/app and tests/e2e first, the short unit modules fill the end). Serially: make test WORKERS=0
WORKERS ?= 2
test: data chromium postgresql nginx axe lint
	$(BIN)/python -m pytest -q -n $(WORKERS) --dist loadscope --no-loadscope-reorder

check: lint
	$(BIN)/python -m pytest -q -m unit -p no:cacheprovider

bench: data chromium
	$(BIN)/python bench/map_bench.py
	$(BIN)/python bench/browser_bench.py

screenshots: data chromium
	$(BIN)/python -m pytest -q -m screenshots
	@ls artifacts/screenshots | wc -l | xargs echo "screenshots in artifacts/screenshots:"

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache .cache
