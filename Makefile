# Yhdessä: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi

.PHONY: setup run test test-faults lint translations extract-messages browser bench bench-tally clean

setup: $(VENV)/.installed translations

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create $(VENV): on Debian, apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel --quiet compile -d app/translations

run: setup
	$(FLASK) db upgrade
	$(FLASK) seed demo
	@echo "Yhdessä is at http://127.0.0.1:$(PORT) (stop with Ctrl+C)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Debian's chromium drives the browser tests; nothing is downloaded by Playwright.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

lint: setup
	$(BIN)/ruff check .

# The tests without a browser in two workers (pytest-xdist; each file stays on one worker;
# TEST_WORKERS=0 for one process), then the browser tests one at a time, since a page's
# timing is what they watch.
TEST_WORKERS ?= 2
test: setup browser lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile -m "not browser and not faults"
	$(BIN)/pytest -m "browser and not faults"

# Faults under a running app: stops and restarts a PostgreSQL and a Redis of its own
# (needs PostgreSQL's server programs and redis-server installed; CI runs it).
test-faults: setup
	$(BIN)/pytest -m faults

# Collect new messages into the catalogues (English msgids are the English text).
extract-messages: setup
	$(BIN)/pybabel extract --no-location --sort-by-file -F babel.cfg -k _l -o app/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i app/translations/messages.pot -d app/translations
	msgen --no-wrap -o app/translations/en/LC_MESSAGES/messages.po app/translations/en/LC_MESSAGES/messages.po

# The load benchmarks on a stack they start themselves (PostgreSQL and Redis must be running):
# the live workshop on one app server and on two, and the PB voting day. `make bench QUICK=1`
# runs each in small (under 5 minutes in all); results go to bench/results/ (bench/README.md).
BENCH_FLAGS := $(if $(QUICK),--quick,)
bench: setup
	$(BIN)/python -c "import httpx, gevent, uvloop" 2>/dev/null || $(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/load_workshop.py $(BENCH_FLAGS)
	$(BIN)/python bench/load_workshop.py --servers 2 $(BENCH_FLAGS)
	$(BIN)/python bench/load_budget.py $(BENCH_FLAGS)

bench-tally: setup
	$(BIN)/python bench/tally.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
