"""Sphinx configuration for the Django Circus notes (DjangoCon Europe 2013, Warsaw)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Django Circus Notes"
author = "the Django Circus Notes contributors"
copyright = "2013-2026, the Django Circus Notes contributors"
version = "1.0"
release = "1.0.0"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "confnotes_bib",
    # the conference domain and its views (talks, speakers, tools, programme),
    # then every part this website adds on top: confnotes.PARTS in
    # _ext/confnotes/__init__.py lists them (a project that wants fewer names
    # the parts it uses instead, e.g. "confnotes.core", "confnotes.site.safety")
    "confnotes",
    # the site on the open web (see "Link previews, sitemap, 404" below)
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    ".venv",
    ".tox",
    "tests",
    "benchmarks",
    "README.md",
    "CONTRIBUTING.md",
    ".github",
    ".ci",
    ".pytest_cache",
    "scripts",
    "templates",
    "test-artifacts",
    "Thumbs.db",
    ".DS_Store",
]
templates_path: list[str] = []

# -- Conference metadata (used by the confnotes extension) -------------------
confnotes_default_event = "DjangoCon Europe 2013"
# `make check` flags tool names in plain prose; these phrases are names, not mentions.
confnotes_plain_mentions_ignore = ["Django Circus"]

# -- Citations ----------------------------------------------------------------
# Works live in references.bib; talk pages cite them, "(Godwin, 2013)", and end
# with a bullet "References" list; bibliography.rst holds the one citation list
# every citation links to (see that page for how to add and cite a work).
bibtex_bibfiles = ["references.bib"]
# pybtex's "plain" (sorted by author, year, title; labels [1], [2], ...), with
# titles compared case-insensitively (confnotes_bib.style)
bibtex_default_style = "plain_casefold"
bibtex_reference_style = "author_year_round"  # from confnotes_bib: round brackets
bibtex_cite_id = "cite-{bibliography_count}-{key}"  # stable anchors for entries
# a page that cites works ends with its own list of them (CONTRIBUTING.md)
confnotes_bib_page_references = True

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]

# -- HTML -----------------------------------------------------------------------
html_theme = "furo"
html_title = "Django Circus Notes"
html_static_path = ["_static"]
# The priority Sphinx gives a site's own CSS anyway, written out: Sphinx adds
# it to this very setting while building, so without it every rebuild would
# report html_css_files as changed (see the README, "Rebuilds").
html_css_files = [("confnotes.css", {"priority": 800})]
html_logo = "_static/logo.svg"
html_favicon = "_static/favicon.svg"

# -- Link previews, sitemap, robots.txt, 404 -------------------------------------
# The site's root URL is never made up: Read the Docs gives it
# (READTHEDOCS_CANONICAL_URL, e.g. https://<project>.readthedocs.io/en/latest/),
# or a build passes `-D html_baseurl=...`. With it, pages carry a canonical
# link and absolute og:url / og:image, and sitemap.xml is written. Without it
# (a local build), those are left out and robots.txt names no sitemap
# (confnotes.site.web.web); the extension also writes conference.json (open data).
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
confnotes_site_description = (
    "One attendee's notes from DjangoCon Europe 2013, "
    '"Django Circus", in Warsaw: every talk with its speakers, video and slides, '
    "the lightning talks, and a glossary of the tools mentioned."
)
# sphinxext-opengraph: title, description (a talk page's introduction, set by
# confnotes.site.web.web), site name, URL and a static preview card (no matplotlib).
ogp_site_name = project
ogp_image = "_static/social-card.png"  # relative to the site root; 1200 x 630
ogp_image_alt = "Django Circus Notes: notes from DjangoCon Europe 2013, Warsaw"
ogp_social_cards = {"enable": False}
# sphinx-sitemap: the canonical URL already ends in /<language>/<version>/.
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html", "search/", "genindex/", "404/"]
if not html_baseurl:
    # sphinx-sitemap warns that it cannot write a sitemap without a root URL;
    # that is the intended local behaviour, not a mistake.
    suppress_warnings = ["sitemap.configuration"]
# sphinx-notfound-page: 404.html with absolute asset and link URLs, so Read the
# Docs can serve it for a missing page at any depth.
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"


def _source_repository() -> str | None:
    """Return the https URL of the repository, or None when it is not known.

    Never invented: Read the Docs' clone URL first, then this checkout's
    ``origin``; only hosts furo can build an edit link for are accepted.
    """
    url = os.environ.get("READTHEDOCS_GIT_CLONE_URL", "").strip()
    if not url:
        try:
            url = subprocess.run(
                ["git", "remote", "get-url", "origin"],
                cwd=Path(__file__).parent,
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
    match = re.fullmatch(
        r"(?:https?://(?:[^@/]+@)?|ssh://(?:[^@/]+@)?|[^@/:]+@)"
        r"(github\.com|gitlab\.com|bitbucket\.org)[:/]([\w.-]+(?:/[\w.-]+)+)/?",
        url,
    )
    return f"https://{match[1]}/{match[2].removesuffix('.git')}/" if match else None


# "Edit this page" links (furo), only when the repository URL is known.
html_theme_options: dict[str, object] = {}
if _repository := _source_repository():
    html_theme_options |= {
        "source_repository": _repository,
        "source_branch": os.environ.get("READTHEDOCS_GIT_IDENTIFIER", "main"),
        "source_directory": "",
    }

# -- Other builders --------------------------------------------------------------
epub_show_urls = "no"
latex_engine = "pdflatex"
man_pages = [(root_doc, "django-circus-notes", project, [author], 7)]
