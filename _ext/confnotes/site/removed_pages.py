"""A page deleted (or renamed) from the sources is deleted from the output too.

Sphinx writes a file per page and never removes one: the old talk page
stayed in ``_build/html`` (its old sidebar and links, its ``_sources``
copy), published by whoever uploads the folder, and the e-book builder,
which packs every file of its folder, kept it in the ``.epub``. Each
builder that writes a file per page notes the pages it wrote, per output
folder, in the doctree folder (shared by builders, read by no one else);
when it writes again, the files of a noted page the sources no longer have
are deleted first. A folder the output shares with nothing else (dirhtml's
``page/``) goes when it is left empty.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confnotes.core.rewrites import output_file
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: in the doctree folder: output folder -> the pages written there
MANIFEST = "confnotes-written-pages.json"


def page_files(builder: Builder, docname: str) -> list[Path]:
    """Return the files *builder* writes for *docname*: the page, and its ``_sources`` copy.

    The copy is named as Sphinx names it: the page's name, its source suffix
    (one of ``source_suffix``) and ``html_sourcelink_suffix`` unless that is
    already its end.
    """
    page = output_file(builder, docname)
    link_suffix = str(getattr(builder.config, "html_sourcelink_suffix", ""))
    copies = []
    for suffix in builder.config.source_suffix:
        name = docname + suffix
        copies.append(
            Path(
                builder.outdir,
                "_sources",
                name if name.endswith(link_suffix) else name + link_suffix,
            )
        )
    return [*([page] if page is not None else []), *copies]


def writes_pages(builder: Builder) -> bool:
    """Whether *builder* writes one file per page (html, dirhtml, epub, text, xml...)."""
    return output_file(builder, "index") is not None


def manifest_key(builder: Builder) -> str:
    """Return the manifest's key for *builder*'s output folder: its resolved path."""
    return str(Path(builder.outdir).resolve())


def read_manifest(app: Sphinx) -> dict[str, list[str]]:
    """Return the pages written in each output folder, as last noted."""
    path = Path(app.doctreedir, MANIFEST)
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def delete_removed_pages(app: Sphinx, builder: Builder) -> None:
    """``write-started``: delete the files of pages written here before and gone since."""
    if not writes_pages(builder):
        return
    written = read_manifest(app).get(manifest_key(builder), [])
    for docname in sorted(set(written) - set(app.env.found_docs)):
        for path in page_files(builder, docname):
            path.unlink(missing_ok=True)
            folder = path.parent
            if folder != Path(builder.outdir) and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def note_written_pages(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: note the pages this output folder now has."""
    if exception is not None or not writes_pages(app.builder):
        return
    manifest = read_manifest(app)
    pages = sorted(app.env.found_docs)
    if manifest.get(manifest_key(app.builder)) == pages:
        return  # a build that added and removed no page: the note stands
    manifest[manifest_key(app.builder)] = pages
    path = Path(app.doctreedir, MANIFEST)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the deletion and the note (a part of the site: ``confnotes.site.removed_pages``)."""
    app.connect("write-started", delete_removed_pages)
    app.connect("build-finished", note_written_pages)
    return metadata()
