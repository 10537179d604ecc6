# Two commands: `make run` (set up, demo data, serve on http://localhost:8501) and `make test` (set up, whole
# suite). Both install what they need and are safe to run twice.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# Test processes: the browser tests run in order on one, the lib and page tests share the others
TEST_WORKERS ?= 2
# make run loads a small demo city so the first start takes seconds; `python -m lib.cli demo` makes the full one
DEMO_ARGS ?= --people 20000 --venues 400 --days 14 --seed 2021

.PHONY: run test test-fast setup setup-test lint bench cert run-https

# Install Debian packages that are missing (as root), or print the exact command to run.
define apt_ensure
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	  else \
	    echo "Missing system packages. Run: sudo apt-get install -y --no-install-recommends$$missing"; exit 1; \
	  fi; \
	fi
endef

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends python3-venv "$$(basename $(PYTHON))-venv" || true; \
	  else echo "Run: sudo apt-get install -y python3-venv"; exit 1; fi; \
	  $(PYTHON) -m venv $(VENV); }

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
	$(call apt_ensure,libzbar0)
	$(PY) -m lib.cli demo $(DEMO_ARGS) --if-empty

setup-test: $(VENV)/.dev
	$(call apt_ensure,libzbar0 chromium fonts-dejavu-core)

run: setup
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1 --client.showErrorDetails none

test: setup-test
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup

# The inner loop: lib and page tests only (no browser, no load or fault tests), a few minutes
test-fast: $(VENV)/.dev
	$(call apt_ensure,libzbar0)
	$(PY) -m pytest -n $(TEST_WORKERS) tests/unit tests/pages

# Formatting, lint rules (the layers as banned imports) and types on lib/, as CI runs them
lint: $(VENV)/.dev
	$(VENV)/bin/ruff format --check lib views tests bench app.py
	$(VENV)/bin/ruff check lib views tests bench app.py
	$(VENV)/bin/pyright

bench: $(VENV)/.runtime
	$(PY) -m bench.run demo

# A self-signed certificate for serving over HTTPS on a LAN (browsers open cameras only on https or localhost)
CERT_HOST ?= $(shell hostname -I 2>/dev/null | cut -d' ' -f1)
cert:
	mkdir -p data/tls
	openssl req -x509 -newkey rsa:2048 -nodes -days 365 -keyout data/tls/key.pem -out data/tls/cert.pem \
	  -subj "/CN=$(CERT_HOST)" -addext "subjectAltName=IP:$(CERT_HOST),DNS:localhost"
	chmod 600 data/tls/key.pem

run-https: setup
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.address 0.0.0.0 --client.showErrorDetails none \
	  --server.sslCertFile data/tls/cert.pem --server.sslKeyFile data/tls/key.pem
