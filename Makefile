# polyglot: set-up, demo and tests on a Debian machine.
#   make demo   install everything the main job needs, then run it on the seed article
#   make test   install everything the tests need, then run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export DEBIAN_FRONTEND := noninteractive

# Offline engines and GNU gettext (runtime); browser, Java and Node for the tests.
APT_RUNTIME := gettext apertium apertium-fr-es apertium-fra-cat apertium-eng-cat \
               apertium-eng-spa apertium-es-pt apertium-spa-ita apertium-oci-fra apertium-eo-fr
APT_TEST    := chromium fonts-dejavu-core

.PHONY: demo test setup setup-test system system-test clean

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

# torch is pinned to the CPU build first, so nothing pulls the CUDA packages.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[argos]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install -q -e '.[argos,test]'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf build .polyglot
