"""No page turns on MyST's substitutions (they run code), nor stops the build with a setting.

MyST's ``substitution`` extension renders ``{{ ... }}`` with Jinja2, with no
sandbox and with the build environment in reach (``{{ env.app... }}``): a
page that uses it calls any Python the build can. A page can turn it on in
its own front matter (``myst: enable_extensions: [substitution]``), and
``conf.py`` can turn it on for every page.

* In a page's (or an included file's) front matter, ``substitution`` is taken
  out of ``enable_extensions`` before MyST reads it: the page is built with
  ``{{ ... }}`` as text. It warns ``confnotes.unsafe_substitution`` at the
  front matter's line.
* In ``conf.py`` (``myst_enable_extensions``) it is taken out as well, with
  the same warning located at ``conf.py``: every page could use it.

A page's ``myst: words_per_minute:`` of 0 or less is left out, with a
warning ``confnotes.bad_option`` at its line: MyST divides the page's word
count by it, and 0 stopped every builder (``ZeroDivisionError``).

The front matter is read with MyST's own reader (``read_topmatter``), and
written back as one line of YAML followed by blank lines, so every line of
the page keeps its number.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from confnotes.core.markup import is_markdown
from confnotes.core.source_lines import line_with
from confnotes.core.validation import AnyLocation, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

EXTENSION = "substitution"
EXTENSION_LINE_RE = re.compile(r"\bsubstitution\b(?!s)")
CLOSING_RE = re.compile(r"^(?:---|\.\.\.)")
#: the setting MyST divides a page's word count by (its ``wordcount``)
WORDS_PER_MINUTE = "words_per_minute"
MESSAGE = (
    "MyST's %r extension is turned off%s: it renders {{ ... }} with Jinja2 and the build"
    " environment, so a page could run any code while it is read; {{ ... }} stays text"
)


def front_matter(text: str) -> tuple[dict[str, Any], int] | None:
    """Return a page's front matter and the index of its closing line, or None.

    MyST's rule: a first line of ``---``, then YAML up to ``---`` or ``...``.
    """
    if not text.startswith("---"):
        return None
    try:
        from myst_parser.config.main import TopmatterReadError, read_topmatter
    except ImportError:  # pragma: no cover - MyST is not installed: nothing reads it
        return None
    try:
        data = read_topmatter(text)
    except TopmatterReadError:
        return None  # MyST warns about it and reads none of it
    lines = text.splitlines()
    closing = next((i for i, line in enumerate(lines[1:], 1) if CLOSING_RE.match(line)), None)
    if not isinstance(data, dict) or closing is None:
        return None
    return data, closing


def without_substitution(extensions: Any) -> tuple[Any, bool]:
    """Return *extensions* without ``substitution``, and whether it was there.

    "There" as MyST asks it (``"substitution" in enable_extensions``), for
    whatever YAML made of the value: a list, a set, a mapping (its keys)...
    What is left is a list of the other names.
    """
    try:
        present = EXTENSION in extensions
    except TypeError:  # not a collection: MyST refuses it and turns nothing on
        return extensions, False
    if not present:
        return extensions, False
    if isinstance(extensions, str):
        return [], True
    return [name for name in extensions if name != EXTENSION], True


def rewritten(text: str, at: Any) -> str:
    """Return *text* with its front matter's refused settings taken out (warns); else *text*."""
    # every front matter is read: YAML can spell the name without its letters
    # ("sub\x73titution"), so no search of the raw text may stand in for the parse
    found = front_matter(text)
    if found is None:
        return text
    data, closing = found
    myst = data.get("myst")
    if not isinstance(myst, dict):
        return text
    lines = text.splitlines(keepends=True)

    def line_naming(pattern: re.Pattern[str], key: str) -> int:
        """Return the front matter's line naming *pattern*, else *key*, else its first."""
        for wanted in (pattern, re.compile(re.escape(key))):
            for number, line in enumerate(lines[1:closing], 2):
                if wanted.search(line):
                    return number
        return 1

    changed = False
    if "enable_extensions" in myst:
        kept, removed = without_substitution(myst["enable_extensions"])
        if removed:
            myst["enable_extensions"] = kept
            number = line_naming(EXTENSION_LINE_RE, "enable_extensions")
            warn(
                MESSAGE,
                EXTENSION,
                " for this page",
                subtype="unsafe_substitution",
                location=at(number),
            )
            changed = True
    minutes = myst.get(WORDS_PER_MINUTE)
    if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes < 1:
        del myst[WORDS_PER_MINUTE]
        warn(
            "%s: %d is left out: MyST divides the page's words by it, and stopped the"
            " build on 0; the site's setting is used",
            WORDS_PER_MINUTE,
            minutes,
            subtype="bad_option",
            location=at(line_naming(re.compile(WORDS_PER_MINUTE), WORDS_PER_MINUTE)),
        )
        changed = True
    if not changed:
        return text
    flow = yaml.safe_dump(data, default_flow_style=True, width=float("inf"), allow_unicode=True)
    blank = "\n" * (closing - 1 - flow.count("\n"))
    return "".join([lines[0], flow, blank, *lines[closing:]])


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: a Markdown page's front matter may not turn substitutions on."""
    if is_markdown(app.config, app.env.doc2path(docname)):
        source[0] = rewritten(source[0], lambda line: (docname, line))


def check_included(app: Sphinx, relative_path: Path, parent: str, content: list[str]) -> None:
    """``include-read``: nor may an included file's (``:parser:`` reads it as a page)."""
    path = Path(app.srcdir) / relative_path
    content[0] = rewritten(content[0], lambda line: f"{path}:{line}")


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``conf.py`` may not turn them on for every page either."""
    extensions = getattr(config, "myst_enable_extensions", None)
    kept, removed = without_substitution(extensions)
    if not removed:
        return
    conf = Path(app.confdir, "conf.py")
    # the line that names it (1 when set elsewhere: Sphinx reads a location
    # without a line as a page's name, and has no pages yet)
    location: AnyLocation = f"{conf}:{line_with(conf, EXTENSION) or 1}"
    warn(MESSAGE, EXTENSION, " for the site", subtype="unsafe_substitution", location=location)
    config.myst_enable_extensions = kept


def setup_myst_settings(app: Sphinx) -> None:
    """Register the checks (called from the package's ``setup()``)."""
    app.connect("config-inited", check_config, priority=100)
    app.connect("source-read", check_page, priority=100)
    app.connect("include-read", check_included, priority=100)
