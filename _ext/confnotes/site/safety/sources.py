"""A page that is not valid UTF-8 is read, warned about, and built.

Sphinx 9 reads a page with ``env.settings["input_encoding"]`` (the
``source_encoding`` setting), and docutils' and MyST's ``include`` read a
file with the document's copy of it, all strictly: one byte Latin-1 wrote
stopped the build with a ``UnicodeDecodeError`` that names no file. Sphinx
offers no hook between the bytes and the text (``source-read`` gets the
text; ``sphinx.io``'s readers are deprecated and unused), so that setting
names the same encoding through a codec of ours, which reads every byte it
cannot decode as U+FFFD; the page is read and built. ``source-read`` and
``include-read`` then see the U+FFFD, read the file again as bytes and warn
``confnotes.bad_encoding`` at the line and column of the first bad one.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confnotes.core.validation import AnyLocation, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: our codec's names: this prefix, then the encoding it reads leniently
LENIENT = "confnotes_lenient_"
#: where a line of the text being checked is: ``(docname, line)`` or ``"path:line"``
At = Callable[[int], AnyLocation]


@cache
def lenient_codec(name: str) -> codecs.CodecInfo | None:
    """Codec search function: ``confnotes_lenient_<encoding>`` decodes with ``replace``.

    Whatever error handler the reader asks for (Sphinx asks for none, so
    ``strict``), bytes the encoding cannot read become U+FFFD.
    """
    if not name.startswith(LENIENT):
        return None
    inner = codecs.lookup(name.removeprefix(LENIENT))

    def decode(data: Any, errors: str = "strict") -> tuple[str, int]:
        return inner.decode(data, "replace")

    class IncrementalDecoder(inner.incrementaldecoder):  # type: ignore[misc,name-defined]
        def __init__(self, errors: str = "strict") -> None:
            super().__init__("replace")

    class StreamReader(inner.streamreader):  # type: ignore[misc,name-defined]
        def __init__(self, stream: Any, errors: str = "strict") -> None:
            super().__init__(stream, "replace")

    return codecs.CodecInfo(
        inner.encode,
        decode,
        streamreader=StreamReader,
        streamwriter=inner.streamwriter,
        incrementalencoder=inner.incrementalencoder,
        incrementaldecoder=IncrementalDecoder,
        name=name,
    )


def read_leniently(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: read pages and includes through the lenient codec.

    Set each build, just before reading (the environment resets its settings
    from the configuration when it is set up).
    """
    try:
        encoding = codecs.lookup(app.config.source_encoding).name
    except LookupError:
        return  # Sphinx reports an unknown encoding itself
    env.settings["input_encoding"] = LENIENT + encoding


def first_bad_byte(path: Path, encoding: str) -> tuple[int, int, bytes] | None:
    """Return (line, column, bytes) of the first bytes of *path* *encoding* cannot read."""
    try:
        data = path.read_bytes()
        data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        return line, column, data[error.start : error.end]
    except (OSError, LookupError):
        return None
    return None


def check_encoding(app: Sphinx, path: Path, text: str, at: At) -> None:
    """Warn if *path* is not valid in ``source_encoding``; *text* was read leniently.

    Only a text with U+FFFD can have been: the file is read again as bytes
    then, to find the first bad one.
    """
    if "\ufffd" not in text:
        return
    encoding = app.config.source_encoding
    bad = first_bad_byte(path, encoding)
    if bad is None:
        return  # a U+FFFD written as such
    line, column, byte = bad
    warn(
        "not valid %s: byte %s (column %d) cannot be read; the file is read with U+FFFD"
        " (\ufffd) for every such byte",
        "UTF-8" if codecs.lookup(encoding).name in {"utf-8", "utf-8-sig"} else encoding,
        " ".join(f"0x{b:02x}" for b in byte),
        column,
        subtype="bad_encoding",
        location=at(line),
    )


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: warn about a page that is not valid in its encoding."""

    def at(line: int) -> AnyLocation:
        return (docname, line)

    check_encoding(app, Path(app.env.doc2path(docname)), source[0], at)


def check_included(app: Sphinx, relative_path: Path, parent: str, content: list[str]) -> None:
    """``include-read``: the same for an included file, located in that file."""
    path = Path(os.path.normpath(Path(app.srcdir) / relative_path))

    def at(line: int) -> AnyLocation:
        return f"{path}:{line}"

    check_encoding(app, path, content[0], at)


def setup_sources(app: Sphinx) -> None:
    """Register the codec (once per process) and the hooks (from the package's ``setup()``)."""
    try:
        codecs.lookup(LENIENT + "utf-8")
    except LookupError:
        codecs.register(lenient_codec)
    app.connect("env-before-read-docs", read_leniently)
    app.connect("source-read", check_page)
    app.connect("include-read", check_included)
