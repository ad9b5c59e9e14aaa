# Two environments, one Makefile:
#   .venv-rasa  Python 3.10, Rasa 3.6 and the action server (pinned: requirements/rasa.lock)
#   .venv-bot   system Python 3.11, the gateway bot/ (added by the gateway issue)
SHELL := /bin/bash
.DEFAULT_GOAL := help

# A Python 3.10 that really runs: pyenv's installed 3.10 (its shim refuses to run
# unless 3.10 is active), else a python3.10 on PATH. Override with PYTHON310=...
PYTHON310 ?= $(shell for p in $(HOME)/.pyenv/versions/3.10*/bin/python3.10 \
	"$$(command -v pyenv >/dev/null 2>&1 && pyenv root)"/versions/3.10*/bin/python3.10 \
	"$$(command -v python3.10)"; do \
	[ -x "$$p" ] && "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null \
	&& { echo "$$p"; break; }; done)
RASA_VENV := .venv-rasa
RASA_PY := $(RASA_VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1
# Rasa telemetry would try to reach the internet.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

PYTHON311 ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
BOT_VENV := .venv-bot
BOT_PY := $(BOT_VENV)/bin/python
# Tools that run in the gateway's environment (linted with it).
BOT_TOOLS := tools/image_bench.py tools/image_metrics.py tools/launch_bench.py tools/launch_report.py tools/process_usage.py tools/helpdesk_bench.py tools/conversation_bench.py \
	tools/run_topology.py tools/topology_config.py tools/wave_bench.py tools/wave_metrics.py

RASA_PORT ?= 5005
GATEWAY_PORT ?= 8000
ACTIONS_PORT ?= 5055
# endpoints.yml reads ${ACTIONS_PORT}: every Rasa started from here must see it.
export ACTIONS_PORT
# The action server (rasa_sdk) listens where SANIC_HOST says, else on every interface:
# loopback only, like Rasa and the gateway.
export SANIC_HOST := 127.0.0.1
# The rasa CLI without Python's deprecation warnings (tools/quiet_rasa.py says why).
QUIET_RASA := $(RASA_PY) -m tools.quiet_rasa
MODEL := models/scamhelp.tar.gz
DOMAIN := responses
DATA := intents dialogue
SPACY_STAMP := models/spacy/pipeline.json
TRAIN_INPUTS := config.yml $(shell find intents dialogue responses -name '*.yml' 2>/dev/null) \
	$(wildcard assistant/*.py) common/damage.py common/damage_patterns.py $(SPACY_STAMP)

.PHONY: help env run train shell test quick lint validate unit core-test gateway-test bench clean \
	print-python310 FORCE

help:
	@echo "make run    start everything (Rasa, action server, gateway with widget demo); sets up what is missing"
	@echo "make test   everything CI runs: lint, data validation, unit tests, train, story tests"
	@echo "make quick  lint, data validation and every test that needs no trained model (fake Rasa)"
	@echo "make train  train the model if the data changed"
	@echo "make shell  talk to the assistant in the terminal"
	@echo "make bench  NLU quality, baseline, latency, training time and memory figures;"
	@echo "            one Rasa process: CPU ms per message and msg/s (1 and 10 senders);"
	@echo "            screenshots: OCR character error rate, links and IBANs recovered,"
	@echo "            intent agreement and seconds per image (60 rendered in Chromium);"
	@echo "            open-loop launch load (20/40/60 msg/s via the widget API of 2 Rasa"
	@echo "            replicas and 2 gateway workers, and direct; needs PostgreSQL and Redis);"
	@echo "            helpdesk latency (console and widget, 50 cases);"
	@echo "            waves: clustering precision and recall, matching time against"
	@echo "            100,000 stored fingerprints (SQLite, PostgreSQL), storage per message;"
	@echo "            scripted conversations: pass rate per category"

# --- environments ---------------------------------------------------------
$(RASA_VENV)/.installed: requirements/rasa.lock
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed for Rasa 3.6: install it or set PYTHON310 (see README)"; exit 1; }
	test -d $(RASA_VENV) || $(PYTHON310) -m venv $(RASA_VENV)
	$(RASA_PY) -m pip install --quiet --no-deps -r requirements/rasa.lock
	$(RASA_PY) -m pip check
	touch $@

$(BOT_VENV)/.installed: requirements/bot.lock
	test -d $(BOT_VENV) || $(PYTHON311) -m venv $(BOT_VENV)
	$(BOT_PY) -m pip install --quiet --no-deps -r requirements/bot.lock
	$(BOT_PY) -m pip check
	touch $@

# Headless Chromium for the browser tests: Debian's package (no browser download).
/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# Tesseract with its Dutch and English data, for reading screenshots (bot/images/):
# Debian's packages, installed like Chromium.
TESSERACT := /usr/share/tesseract-ocr/5/tessdata/nld.traineddata
$(TESSERACT):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		tesseract-ocr tesseract-ocr-nld tesseract-ocr-eng

# The report draft's PDF (bot/reports/pdf.py) prints in DejaVu Sans (€, ë, curly quotes),
# and the tests read the PDFs back with poppler's pdftotext: Debian's packages, as above.
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
$(DEJAVU):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core
/usr/bin/pdftotext:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils

env: $(RASA_VENV)/.installed $(BOT_VENV)/.installed

# The spaCy pipeline: nl_core_news_sm if installed, else the project's own.
# The stamp records which one and its content hash, so a change retrains.
$(SPACY_STAMP): $(RASA_VENV)/.installed assistant/spacy_pipeline.py FORCE
	@$(RASA_PY) -m assistant.spacy_pipeline build $@

# --- model ------------------------------------------------------------------
$(MODEL): $(TRAIN_INPUTS) $(RASA_VENV)/.installed
	$(RASA) train --config config.yml --domain $(DOMAIN) --data $(DATA) \
		--out models --fixed-model-name scamhelp

train: $(MODEL)

# --- running ----------------------------------------------------------------
# Quiet: Rasa and the action server log warnings and errors only (--quiet), without
# Python's deprecation warnings; one line says what runs where, one when Rasa is ready.
# tools/run_topology.py starts everything, one code path for both set-ups: with nothing
# set one action server, one Rasa (in-memory stores) and one gateway on SQLite; with
# RASA_REPLICAS or GATEWAY_WORKERS above 1 several of them sharing PostgreSQL and Redis
# (docs/deploy.md).
run: $(MODEL) $(BOT_VENV)/.installed $(TESSERACT) $(DEJAVU)
	@exec env RASA_PORT=$(RASA_PORT) ACTIONS_PORT=$(ACTIONS_PORT) GATEWAY_PORT=$(GATEWAY_PORT) \
		$(BOT_PY) -m tools.run_topology

shell: $(MODEL)
	@trap 'kill 0' EXIT INT TERM; \
	$(QUIET_RASA) run actions --actions actions --port $(ACTIONS_PORT) --quiet & \
	$(QUIET_RASA) shell --quiet --model $(MODEL) --endpoints endpoints.yml

# --- checks -----------------------------------------------------------------
lint: env
	$(RASA_VENV)/bin/ruff check assistant actions common tests tools
	$(RASA_VENV)/bin/ruff format --check assistant actions common tests tools
	$(BOT_VENV)/bin/ruff check bot $(BOT_TOOLS)
	$(BOT_VENV)/bin/ruff format --check bot $(BOT_TOOLS)

# rasa data validate, every warning an error (see tools/validate_data.py).
validate: env
	$(RASA_PY) tools/validate_data.py

unit: $(MODEL)
	$(RASA_PY) -m pytest -q tests

# Gateway tests: real Rasa (started by the tests), SQLite and PostgreSQL, Chromium.
gateway-test: $(MODEL) $(BOT_VENV)/.installed /usr/bin/chromium $(TESSERACT) $(DEJAVU) \
	/usr/bin/pdftotext
	$(BOT_PY) -m pytest -q bot/tests

core-test: $(MODEL)
	$(RASA) test core --model $(MODEL) --stories tests/stories \
		--endpoints endpoints.yml --fail-on-prediction-errors --out results/core

test: lint validate unit core-test gateway-test

# The fast tier: lint, the data validation and every test that needs no trained model and
# no real Rasa (the gateway against the fake Rasa of bot/tests/fake_rasa.py). Nothing here
# needs $(MODEL), and SCAMHELP_NO_REAL_RASA makes a test that would start real Rasa fail
# (it lacks its `rasa` marker) instead of waiting for training. The PostgreSQL tests run
# when PostgreSQL answers at TEST_POSTGRES_URL (the Redis tests when Redis answers at
# TEST_REDIS_URL); otherwise they are left out, and it says so.
QUICK := env -u RASA_URL SCAMHELP_NO_REAL_RASA=1
# The default is bot/tests/conftest.py's.
TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
POSTGRES_ANSWERS := $(BOT_PY) -c 'import sys, psycopg; psycopg.connect(sys.argv[1], \
	connect_timeout=3).close()' "$(TEST_POSTGRES_URL)"
# The same for Redis (the tests of several gateway workers); the default is conftest's.
TEST_REDIS_URL ?= redis://127.0.0.1:6379/9
REDIS_ANSWERS := $(BOT_PY) -c 'import sys, redis; redis.Redis.from_url(sys.argv[1], \
	socket_connect_timeout=3).ping()' "$(TEST_REDIS_URL)"
quick: lint validate $(TESSERACT) $(DEJAVU) /usr/bin/pdftotext
	$(QUICK) $(RASA_PY) -m pytest -q -m "not rasa" tests
	@tier="not rasa and not chromium"; \
	if ! $(POSTGRES_ANSWERS) 2>/dev/null; then tier="$$tier and not postgres"; \
		echo "PostgreSQL does not answer (TEST_POSTGRES_URL): its tests are left out."; fi; \
	if ! $(REDIS_ANSWERS) 2>/dev/null; then tier="$$tier and not redis"; \
		echo "Redis does not answer (TEST_REDIS_URL): its tests are left out."; fi; \
	echo "$(QUICK) $(BOT_PY) -m pytest -q -m \"$$tier\" bot/tests"; \
	$(QUICK) $(BOT_PY) -m pytest -q -m "$$tier" bot/tests

bench: env $(MODEL) /usr/bin/chromium $(TESSERACT)
	$(RASA_PY) tools/bench.py $(BENCH_ARGS)
	$(RASA_PY) tools/rasa_load_bench.py $(RASA_LOAD_BENCH_ARGS)
	$(RASA_PY) tools/report_bench.py
	$(RASA_PY) tools/wild_bench.py
	$(RASA_PY) tools/spelling_bench.py
	$(BOT_PY) tools/image_bench.py
	$(BOT_PY) tools/launch_bench.py $(LAUNCH_BENCH_ARGS)
	$(BOT_PY) tools/helpdesk_bench.py $(HELPDESK_BENCH_ARGS)
	$(BOT_PY) tools/wave_bench.py $(WAVE_BENCH_ARGS)
	$(BOT_PY) tools/conversation_bench.py --show-failures

clean:
	rm -rf models .rasa results

print-python310:
	@echo "$(PYTHON310)"
