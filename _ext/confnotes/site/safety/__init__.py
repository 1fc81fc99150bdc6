"""Hostile input: no unsafe link, script or redirect reaches a reader, any bytes are read.

``unsafe``: raw content and files from outside the source tree;
``sources`` and ``includes``: pages in any encoding, includes that include
themselves; ``gate``: the late check of every link, image and meta tag;
``icons``, ``toctree_links`` and ``math_links``: markup the gate cannot see
(an icon's SVG, a toctree's URLs, links inside math), checked while reading;
``prose_math``: TeX in prose, which MathJax typesets too, checked as math is;
``active_files``: no image or download copies script into the site;
``myst_settings``: no page turns on MyST's substitutions, which run code;
``myst_links``: a Markdown link markdown-it refuses warns, as an unsafe reST link does;
``page_files``: no page that links outside the project or whose name is a scheme;
``image_fetch``: no build fetches an image or unpacks an unsafe one;
``latex_input``: column specs and equation labels, which LaTeX gets unescaped;
``theme_scripts``: Sphinx's search highlighter writes no ``javascript:`` link;
``toctree_cycles``: a toctree that loops back is cut, not followed until Python gives up;
``toctree_places``: a page listed by a second toctree keeps its first place only;
``title_links``: a section title's download link, which Sphinx copies unchecked, is text;
``sphinx_directives``: option values that stop or swamp Sphinx's own directives are checked;
``sphinx_roles``: the same for Sphinx's roles (a label ending in ``&``);
``sizes``: image sizes and table widths the writers compute with stay within reach;
``inventory``: no object's name forges another entry of ``objects.inv``;
``index_keys``: the index pages print their group keys escaped (a glossary classifier);
``parse_guard``: a page the parser cannot follow (nested too deep, a number too long, a
directive or role that raises) is shown as text, warned at its line;
``decorations``: a page's header and footer, which text and man cannot write, are left out;
``long_words``: the text builder gets a very long word in pieces it wraps in linear time;
``text_sections``: the text builder underlines a section at any depth
(``text_translator`` composes the two);
``node_shapes``: a list item outside a list, and an acronym, in shapes every writer takes;
``nested_tables``: a table in a table cell, which text and man cannot write, is a list;
``table_spans``: a man page's table whose cells span warns at its line;
``target_notes``: ``target-notes`` with a link before its target, where docutils looped;
``man_text``: no text of a page is a roff request or escape in its man page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confnotes.site.safety.active_files import setup_active_files
from confnotes.site.safety.decorations import setup_decorations
from confnotes.site.safety.gate import setup_safety
from confnotes.site.safety.icons import setup_icons
from confnotes.site.safety.image_fetch import setup_image_fetch
from confnotes.site.safety.includes import setup_includes
from confnotes.site.safety.index_keys import setup_index_keys
from confnotes.site.safety.inventory import setup_inventory
from confnotes.site.safety.latex_input import setup_latex_input
from confnotes.site.safety.man_text import setup_man_text
from confnotes.site.safety.math_links import setup_math_links
from confnotes.site.safety.myst_links import setup_myst_links
from confnotes.site.safety.myst_settings import setup_myst_settings
from confnotes.site.safety.nested_tables import setup_nested_tables
from confnotes.site.safety.node_shapes import setup_node_shapes
from confnotes.site.safety.page_files import setup_page_files
from confnotes.site.safety.parse_guard import setup_parse_guard
from confnotes.site.safety.prose_math import setup_prose_math
from confnotes.site.safety.sizes import setup_sizes
from confnotes.site.safety.sources import setup_sources
from confnotes.site.safety.sphinx_directives import setup_sphinx_directives
from confnotes.site.safety.sphinx_roles import setup_sphinx_roles
from confnotes.site.safety.table_spans import setup_table_spans
from confnotes.site.safety.target_notes import setup_target_notes
from confnotes.site.safety.text_translator import setup_text_translator
from confnotes.site.safety.theme_scripts import setup_theme_scripts
from confnotes.site.safety.title_links import setup_title_links
from confnotes.site.safety.toctree_cycles import setup_toctree_cycles
from confnotes.site.safety.toctree_links import setup_toctree_links
from confnotes.site.safety.toctree_places import setup_toctree_places
from confnotes.site.safety.unsafe import setup_unsafe
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the checks."""
    app.setup_extension("confnotes.core")
    setup_unsafe(app)
    setup_active_files(app)
    setup_icons(app)
    setup_toctree_links(app)
    setup_toctree_cycles(app)
    setup_toctree_places(app)
    setup_title_links(app)
    setup_sphinx_directives(app)
    setup_sphinx_roles(app)
    setup_sizes(app)
    setup_inventory(app)
    setup_index_keys(app)
    setup_parse_guard(app)
    setup_decorations(app)
    setup_text_translator(app)
    setup_nested_tables(app)
    setup_node_shapes(app)
    setup_table_spans(app)
    setup_man_text(app)
    setup_math_links(app)
    setup_prose_math(app)
    setup_target_notes(app)
    setup_latex_input(app)
    # any bytes, any include: read, warned about, and the build goes on
    setup_sources(app)
    setup_includes(app)
    setup_myst_settings(app)
    setup_myst_links(app)
    setup_page_files(app)
    setup_image_fetch(app)
    setup_theme_scripts(app)
    setup_safety(app)
    return metadata()
