# polyglot: set-up, demo and tests on a Debian machine.
#   make demo   install everything the main job needs, then run it on the seed article
#   make test   install everything the tests need, then run the whole test suite
#   make lock   re-resolve requirements.lock (every Python dependency, pinned with hashes)
#   make test-latest  run the suite against the newest releases, in a throw-away venv
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export DEBIAN_FRONTEND := noninteractive

# Offline engines and GNU gettext (runtime); browser, Java and Node for the tests.
APT_RUNTIME := gettext apertium apertium-fr-es apertium-fra-cat apertium-eng-cat \
               apertium-eng-spa apertium-es-pt apertium-spa-ita apertium-oci-fra apertium-eo-fr
APT_TEST    := chromium fonts-dejavu-core epubcheck

.PHONY: demo test test-latest lock setup setup-test system system-test clean

demo: setup
	$(BIN)/polyglot run
	@echo "Open build/index.html in a browser."

test: setup-test
	$(BIN)/python -m pytest

setup: system $(VENV)/.installed
setup-test: system-test $(VENV)/.installed-test node_modules/.installed

# Debian's own python3 needs python3-venv for 'python3 -m venv'.
system:
	@missing="$$(dpkg -s $(APT_RUNTIME) >/dev/null 2>&1 || echo $(APT_RUNTIME)) \
	  $$($(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || echo python3-venv)"; \
	if [ -n "$$(echo $$missing)" ]; then $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends $$missing; fi

# Java and npm only where the machine has none (a NodeSource node already brings npm).
system-test: system
	@missing="$$(dpkg -s $(APT_TEST) >/dev/null 2>&1 || echo $(APT_TEST)) \
	  $$(command -v java >/dev/null || echo default-jre-headless) $$(command -v npm >/dev/null || echo npm)"; \
	if [ -n "$$(echo $$missing)" ]; then $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends $$missing; fi

# Every Python dependency comes from requirements.lock, pinned with hashes (torch is the
# CPU build, 2.13.0+cpu, so nothing pulls the CUDA packages); the project itself is then
# installed without resolving anything.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	touch $@

# uv resolves (fast, reproducible, hashes for every wheel); pip installs, so the machine's
# own pip settings (a local wheel folder for the CPU torch) apply.
LOCK_FLAGS := --all-extras --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28
lock: $(VENV)/.installed
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) $(if $(PIP_FIND_LINKS),--find-links $(PIP_FIND_LINKS)) --upgrade -q -o requirements.lock

# The newest releases of everything (torch stays the CPU build), in a venv thrown away after.
test-latest: system-test node_modules/.installed
	rm -rf build/latest-venv && $(PYTHON) -m venv build/latest-venv
	build/latest-venv/bin/python -m pip install -q torch==2.13.0
	build/latest-venv/bin/python -m pip install -q --upgrade -e '.[argos,review,cluster,test]'
	build/latest-venv/bin/python -m pip list --format=freeze > build/latest-versions.txt
	build/latest-venv/bin/python -m pytest; status=$$?; rm -rf build/latest-venv; exit $$status

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf build .polyglot
