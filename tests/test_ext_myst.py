"""The same talk page in reStructuredText and in MyST gives the same result."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes


def normalised(doctree: nodes.document) -> str:
    """The resolved doctree without source positions and parser-only attributes."""
    for node in doctree.findall(nodes.Element):
        for attr in ("source", "line"):
            node.attributes.pop(attr, None)
        node.source = node.line = None
    # MyST keeps a soft line break as a Text node of its own: join neighbours
    for node in doctree.findall(nodes.Element):
        merged: list[nodes.Node] = []
        for child in node.children:
            if merged and isinstance(child, nodes.Text) and isinstance(merged[-1], nodes.Text):
                merged[-1] = nodes.Text(merged[-1] + child)
            else:
                merged.append(child)
        node.children = merged
    for node in list(doctree.findall(nodes.system_message)):
        node.parent.remove(node)
    return doctree.pformat()


def build(make_app: Any, rootdir: Path, tmp_path: Path, page: Any, source: str) -> Any:
    """Build the root with only the *source* version of the talk page."""
    src = tmp_path / source
    shutil.copytree(rootdir / "test-myst", src)
    (src / ("talk.md" if source == "rst" else "talk.rst")).unlink()
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    assert app.env.doc2path("talk").suffix == f".{source}"
    doctree = app.env.get_doctree("talk")
    app.env.apply_post_transforms(doctree, "talk")
    result = (
        normalised(doctree.next_node(nodes.section)),
        str(page(app.outdir / "talk.html")),
        str(page(app.outdir / "tools.html")),
    )
    app.cleanup()  # unregister docutils nodes/roles before the next app
    return result


def test_myst_and_rst_give_the_same_doctree_and_html(
    make_app: Any, rootdir: Path, tmp_path: Path, page: Any
) -> None:
    rst_tree, rst_talk, rst_tools = build(make_app, rootdir, tmp_path, page, "rst")
    md_tree, md_talk, md_tools = build(make_app, rootdir, tmp_path, page, "md")
    assert md_tree == rst_tree
    assert md_talk == rst_talk
    assert md_tools == rst_tools
    assert "talk_header" not in rst_tree  # placeholders are gone once resolved
    assert "conf-talk-header" in rst_tree
    assert "mention-psutil-0" in rst_tree


def test_refused_links_in_fences_are_found_where_myst_reads_markdown() -> None:
    """Admonitions' bodies are Markdown; a doctest's or a toctree's are not (no false alarm)."""
    from confnotes.site.safety.myst_links import refused_links

    page = (
        "# T\n\n"
        "```{note}\n[in a note](javascript:alert(1))\n```\n\n"
        "```{doctest}\n>>> '<javascript:alert(2)>'\n```\n\n"
        "```{toctree}\nEvil <javascript:alert(3)>\n```\n\n"
        "````{card-carousel} 2\n```{card}\n[in a card](javascript:alert(5))\n```\n````\n\n"
        # any case, a fence's title, a table's cells
        "```{NOTE}\n[upper](javascript:alert(6))\n```\n\n"
        "```{admonition} A [title](javascript:alert(7))\nBody.\n```\n\n"
        '```{csv-table}\n"[cell](javascript:alert(8))", b\n```\n'
        "```{code-block} md\n[code](javascript:alert(4))\n```\n"
    )
    assert refused_links(page) == {
        "javascript:alert(1)": (4, 4),
        "javascript:alert(5)": (17, 17),
        "javascript:alert(6)": (22, 22),
        "javascript:alert(7)": (25, 25),
        "javascript:alert(8)": (30, 30),
    }


def test_a_link_spelt_with_references_is_placed_in_its_own_block() -> None:
    """Its decoded address is not in the source: a later code span holding it is not its line."""
    from confnotes.site.safety.myst_links import refused_links

    page = "# T\n\nA [link](&#106;avascript:x()) here.\n\nLater `javascript:x()` as code.\n"
    assert refused_links(page) == {"javascript:x()": (3, 3)}


def test_fences_nested_past_what_myst_reads_stop_the_check_not_the_build() -> None:
    """One Python frame a level made 1,100 nested fences stop the build (RecursionError);
    past MyST's own depth the page is shown as text (parse_guard), so the walk stops there."""
    from confnotes.site.safety.myst_links import MAX_FENCE_DEPTH, refused_links

    levels = MAX_FENCE_DEPTH + 5
    page = (
        "# Deep\n\n"
        + "".join("`" * (levels + 3 - i) + "{note}\n" for i in range(levels))
        + "[x](javascript:alert(1))\n"
        + "".join("`" * (i + 3) + "\n" for i in range(levels))
    )
    assert refused_links(page) == {}  # deeper than MAX_FENCE_DEPTH: shown as text anyway
    shallow = "".join("`" * (MAX_FENCE_DEPTH + 3 - i) + "{note}\n" for i in range(3))
    assert refused_links(shallow + "[x](javascript:alert(1))\n") == {"javascript:alert(1)": (4, 4)}
