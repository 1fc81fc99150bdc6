#!/bin/sh
# Does a pull request leave the built site as it is? Read the Docs then skips its preview.
#
#   sh scripts/preview_unchanged.sh [BASE]       (BASE defaults to origin/main)
#
# Exit status 0: nothing between BASE and HEAD changes what the site is built
# from: only files no build reads changed (the tests, the scaffold and the
# other scripts, CI, the contributors' documents, the test requirements).
# 1: a page, a setting, the extension, a static file, references.bib,
# requirements.txt or .readthedocs.yaml changed, or a file this list does not
# know (a new folder of pages): build. 2: git cannot tell (no BASE, no common
# ancestor): build too, to be safe.
#
# .readthedocs.yaml cancels a pull request's build (exit 183) on 0;
# .github/workflows/preview.yml ignores the same paths; tests/test_previews.py
# checks the rule, and that conf.py excludes every folder listed here.
set -u
base=${1:-origin/main}
# What no build of the site reads: each folder is in conf.py's exclude_patterns,
# each file is no page (or an excluded one).
NOT_THE_SITE='
.ci/
.github/
benchmarks/
scripts/
templates/
tests/
.gitignore
.pre-commit-config.yaml
CONTRIBUTING.md
Makefile
README.md
make.bat
pyproject.toml
requirements-browser.txt
requirements-dev.txt
requirements-test.txt
tox.ini
'
cd "$(git rev-parse --show-toplevel)" || exit 2
git rev-parse --verify --quiet "$base^{commit}" >/dev/null || exit 2
git merge-base "$base" HEAD >/dev/null 2>&1 || exit 2
set --
for path in $NOT_THE_SITE; do
  set -- "$@" ":(exclude)$path"
done
git diff --quiet "$base...HEAD" -- . "$@"
case $? in
  0) exit 0 ;;
  1) exit 1 ;;
  *) exit 2 ;;
esac
