# Kommune Interop — two commands do all set-up on a fresh machine:
#   make demo   # creates .venv, installs core + plugins, runs the bundled example
#   make test   # creates .venv, installs everything, runs the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
CORPUS ?= ../shared/corpus

MYPY_PATHS = src plugins/thueringen/src plugins/sachsen/src
COVERED = src/kommune_core/ $(sort $(dir $(wildcard src/kommune_core/*/__init__.py))) \
          $(wildcard plugins/*/src/*/)

.PHONY: demo test lint coverage bench clean install system-deps serve

$(STAMP): pyproject.toml plugins/thueringen/pyproject.toml plugins/sachsen/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]' -e plugins/thueringen -e plugins/sachsen
	touch $(STAMP)

install: $(STAMP)

# Debian's chromium (HTML report test) and xmllint (benchmark peer), installed when missing and
# we may; elsewhere the tests that need them skip with a reason.
system-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v xmllint >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium and libxml2-utils (Debian packages)"; \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends chromium libxml2-utils >/dev/null; \
	else echo "note: chromium/xmllint missing and not installable here; their tests skip"; fi
	@# WeasyPrint (--format pdf) needs pango; Debian 12 names
	@if ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing the pango libraries WeasyPrint needs (Debian packages)"; \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
	    libharfbuzz-subset0 fonts-dejavu-core >/dev/null; \
	else echo "note: pango missing and not installable here; PDF tests skip"; fi

demo: $(STAMP)
	$(BIN)/kommune plugins
	@# exit 1 means "some area not possible or open" (a result, not a failure); 2 is an error
	@for setup in gera saale-orla-kreis; do for provider in kisa kiv; do \
	  echo; echo "== kommune check examples/$$setup.toml --provider $$provider"; \
	  $(BIN)/kommune check examples/$$setup.toml --provider $$provider; \
	  rc=$$?; [ $$rc -le 1 ] || exit $$rc; \
	  $(BIN)/kommune check examples/$$setup.toml --provider $$provider --format html \
	    -o out/$$setup-$$provider.html; \
	  rc=$$?; [ $$rc -le 1 ] || exit $$rc; \
	  $(BIN)/kommune check examples/$$setup.toml --provider $$provider --format pdf \
	    -o out/$$setup-$$provider.pdf; \
	  rc=$$?; [ $$rc -le 1 ] || exit $$rc; \
	done; done
	@echo; $(BIN)/kommune compare 16052000 --providers kisa,kiv; [ $$? -le 1 ]
	@echo; echo "HTML-Berichte: out/gera-kisa.html (Hauptbericht), out/gera-kiv.html, out/saale-orla-kreis-kisa.html, out/saale-orla-kreis-kiv.html"
	@echo "PDF-Berichte (A4, daneben): out/gera-kisa.pdf, out/gera-kiv.pdf, out/saale-orla-kreis-kisa.pdf, out/saale-orla-kreis-kiv.pdf"
	@echo; echo "== kommune validate examples/messages/ (valid and invalid examples of both Länder)"
	@# exit 1 is expected: the invalid examples must be reported
	@$(BIN)/kommune validate examples/messages/ --format json -o out/validation.json; \
	  rc=$$?; [ $$rc -eq 1 ] || { echo "expected exit 1 (invalid examples found), got $$rc"; exit 1; }
	@$(BIN)/kommune validate examples/messages/; [ $$? -eq 1 ]

test: $(STAMP) system-deps
	$(BIN)/ruff check src plugins tests
	$(BIN)/ruff format --check src plugins tests
	$(BIN)/mypy $(MYPY_PATHS)
	$(BIN)/python -m pytest -q

# Coverage of the whole suite, subprocesses included (see [tool.coverage.run]); one line per
# package (src/kommune_core/ alone: the modules at its top level), then the total.
coverage: $(STAMP) system-deps
	rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest -q
	$(BIN)/coverage combine -q
	@for pkg in $(COVERED); do \
	  case $$pkg in src/kommune_core/) include="$$pkg*.py";; *) include="$$pkg*";; esac; \
	  pct=$$($(BIN)/coverage report --include="$$PWD/$$include" --format=total 2>/dev/null) \
	    || pct="-"; printf '%-45s %5s%%\n' "$$pkg" "$$pct"; \
	done
	@printf '%-45s %5s%%\n' total \
	  "$$($(BIN)/coverage report --include="$$PWD/src/*,$$PWD/plugins/*" --format=total)"

# kommune serve on the bundled plugins (KoSIT-daemon-compatible; see docs/service.md)
HOST ?= 127.0.0.1
PORT ?= 8080
WORKERS ?= 1
serve: $(STAMP)
	$(BIN)/kommune serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

# Benchmarks (not part of the tests): numbers for the notes, see benchmarks/*.py
bench: $(STAMP) system-deps
	$(BIN)/python benchmarks/matrix.py
	$(BIN)/python benchmarks/validate.py --n 50000

lint: $(STAMP)
	$(BIN)/ruff check src plugins tests
	$(BIN)/ruff format --check src plugins tests
	$(BIN)/mypy $(MYPY_PATHS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .coverage .coverage.*
