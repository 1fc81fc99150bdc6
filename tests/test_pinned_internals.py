"""What the extension relies on in other packages where they offer no public API.

Each place in ``_ext/confnotes`` that reaches past a documented API says so
("no public API") and is pinned here, on a small project built in a
temporary folder: the exact behaviour it relies on, so that an upgrade of
Sphinx, furo, sphinxext-opengraph or sphinx-sitemap that changes it fails
here, by name, rather than changing the site quietly.

* Sphinx: ``env._app.builder`` is the current builder (the domain and the
  views' resolver); the standard domain's ``_terms`` (the tools' glossary
  terms); reading a page again at ``env-updated`` (the programme);
  ``StandaloneHTMLBuilder.render_partial`` renders nodes (the sidebar), and
  a toctree list renders the same alone as inside its item (the shared
  sidebar); the warning handler's filters (the replay); the ``MemoryHandler``
  that holds reading's warnings and a worker's records back (the warnings'
  fallback locations, pinned in ``test_warning_locations.py``);
  the order of the build's events (the replay's phases); the indexer's
  entries (the search index); singlehtml's sidebar links (singlepage); the
  caption and citation markup the site's translator keeps; the registry's
  source parsers (the nesting guard); ``env.toctree_includes``, which the
  relations are made from (the toctree loop cut); the theme's folders and
  the order Sphinx copies static files in (the highlighter's copy); the
  ``only`` directive's ``BooleanParser`` and the nodes ``Tags`` evaluates,
  and ``LiteralIncludeReader``'s order of filters (the checked directives);
  the steps of ``Builder._write_parallel`` (the parallel writing redoes them).
* furo: its ``html-page-context`` handler renders ``toctree()`` into
  ``furo_navigation_tree`` and renders nothing without one; its decoration
  rules (the sidebar's :func:`decorate`).
* sphinxext-opengraph: the page fields it writes as given, escaping only
  ``"``; the ``og:url`` line it writes on every page; where its handler
  runs.
* sphinx-sitemap: the queue of links it makes at ``builder-inited`` and writes at
  ``build-finished``; the builder class name it tells dirhtml by; Sphinx:
  ``app.parallel``, the ``-j`` value.
* sphinx-notfound-page: its handler runs before the 404 page's sidebar.
* sphinx-design: the opening tag of every icon it draws (the icon check
  knows no other: a change would remove every icon, with a warning).
* docutils and MyST: the chain of includes and the directive lookups the
  circular-include guard watches.
"""

from __future__ import annotations

import io
import logging
import queue
import textwrap
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx import addnodes
from sphinx.testing.util import SphinxTestApp
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging as sphinx_logging

App = Callable[..., SphinxTestApp]


def write_project(root: Path, conf: str, pages: dict[str, str]) -> Path:
    """Write ``conf.py`` and the pages (name -> reST) of a small project into *root*."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(textwrap.dedent(conf), encoding="utf-8")
    for name, text in pages.items():
        path = root / f"{name}.rst"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., SphinxTestApp]:
    """Return a function that writes a small project and makes its (unbuilt) app."""
    made: list[SphinxTestApp] = []

    def make(conf: str, pages: dict[str, str], builder: str = "html", **kwargs: Any) -> Any:
        srcdir = write_project(tmp_path / f"src{len(made)}", conf, pages)
        app = SphinxTestApp(
            builder,
            srcdir=srcdir,
            builddir=srcdir / "_build",
            freshenv=True,
            status=io.StringIO(),
            warning=io.StringIO(),
            **kwargs,
        )
        made.append(app)
        return app

    yield make
    for app in made:
        app.cleanup()


def head_meta(path: Path) -> list[str]:
    """The ``<meta>`` lines of a built page's head, as written."""
    return [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("<meta ")
    ]


# -- Sphinx: the current builder ------------------------------------------------------


def test_env_app_builder_is_the_builder_during_post_transforms(project: App) -> None:
    """``env._app.builder`` (``confnotes.core.builder``): the builder the core reads."""
    app = project("extensions = []\n", {"index": "Title\n=====\n\nText.\n"})
    seen: list[Any] = []

    class Spy(SphinxPostTransform):
        default_priority = 5

        def run(self, **kwargs: Any) -> None:
            from confnotes.core.builder import current_builder

            seen.append(current_builder(self.env))

    app.add_post_transform(Spy)
    app.build()
    assert seen
    assert all(builder is app.builder for builder in seen)
    assert app.env._app is app


# -- Sphinx: the standard domain's terms, reading a page again -----------------------


def test_std_terms_are_what_term_resolves_against(project: App) -> None:
    """``StandardDomain._terms`` (``confnotes.core.stdtargets.register``).

    Lower-cased term -> ``(docname, anchor)``: ``:term:`` resolves against it
    in any case, and the domain's ``clear_doc`` and ``merge_domaindata``
    forget and copy it with the document that wrote it.
    """
    import copy

    from confnotes.core.records import ToolRecord
    from confnotes.core.stdtargets import register

    tool = ToolRecord("zmq", "ZeroMQ", "library", "", "", "index", 3)
    app = project("extensions = []\n", {"index": "Title\n=====\n\n:term:`zeromq`, :term:`zmq`.\n"})

    def note(app: Any, doctree: nodes.document) -> None:
        register(app.env.domains.standard_domain, "index", tool, read=True)

    app.connect("doctree-read", note)
    app.build()
    std = app.env.domains.standard_domain
    assert std._terms == {"zeromq": ("index", "conf-tool-zmq"), "zmq": ("index", "conf-tool-zmq")}
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert html.count('href="#conf-tool-zmq"') == 2
    data = copy.deepcopy(std.data)
    std.clear_doc("index")
    assert std._terms == {}
    std.merge_domaindata({"index"}, data)
    assert std._terms["zeromq"] == ("index", "conf-tool-zmq")


def test_a_page_read_again_at_env_updated_is_the_page_written(project: App) -> None:
    """``confnotes.core.views.programme.reread``: the builder's own steps, after reading.

    ``env-purge-doc``, ``env.clear_doc`` and ``builder.read_doc`` from an
    ``env-updated`` handler: the environment's collectors see the page again
    and the written page is the second reading.
    """
    from confnotes.core.views.programme import reread
    from docutils.parsers.rst import Directive

    app = project("extensions = []\n", {"index": "Title\n=====\n\n.. reading::\n"})
    readings: list[int] = []
    purged: list[str] = []

    class Reading(Directive):
        def run(self) -> list[nodes.Node]:
            readings.append(len(readings) + 1)
            return [nodes.paragraph("", f"reading {readings[-1]}")]

    def again(app: Any, env: Any) -> list[str]:
        if readings == [1]:
            reread(app, env, "index")
        return []

    app.add_directive("reading", Reading)
    app.connect("env-purge-doc", lambda app, env, docname: purged.append(docname))
    app.connect("env-updated", again)
    app.build()
    assert readings == [1, 2]
    assert purged == ["index", "index"]
    assert app.env.titles["index"].astext() == "Title"
    assert "reading 2" in app.env.get_doctree("index").astext()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "reading 2" in html
    assert "reading 1" not in html


# -- Sphinx: rendering the sidebar ----------------------------------------------------

NAVIGATION_CONF = """
extensions = ["confnotes.site.navigation"]
html_theme = "furo"
"""


def toctree_item(text: str, level: int, *children: nodes.Node) -> nodes.list_item:
    """An ``li.toctree-l<level>`` holding a link, as the sidebar makes one."""
    ref = nodes.reference("", text, internal=True, refuri=f"{text}.html", anchorname="")
    item = nodes.list_item("", addnodes.compact_paragraph("", "", ref), *children)
    item["classes"].append(f"toctree-l{level}")
    return item


def sidebar_tree(day_pages: nodes.Node) -> list[nodes.Node]:
    """A sidebar: a caption, an event, two days, the first holding *day_pages*."""
    from confnotes.site.navigation.navigation import caption

    days = nodes.bullet_list("", toctree_item("day-1", 2, day_pages), toctree_item("day-2", 2))
    return [caption("Programme"), nodes.bullet_list("", toctree_item("event", 1, days))]


def talks() -> nodes.bullet_list:
    """The pages of a day, the second one current."""
    items = [toctree_item(name, 3) for name in ("a", "b", "c")]
    items[1]["classes"] += ["current", "current-page"]
    return nodes.bullet_list("", *items)


def test_render_partial_renders_a_sidebar_split_at_the_slot(project: App) -> None:
    """The shared sidebar's rendering, cut where the slot is, takes any day list back.

    ``render_partial`` (no public API) returns the fragment the translator
    wrote, so the length of what was written before the slot is where it
    sits; and a toctree list renders the same alone as inside its item.
    """
    from confnotes.site.navigation.navigation import render
    from confnotes.site.navigation.sidebar import day_pages_slot, decorate

    app = project(NAVIGATION_CONF, {"index": "Title\n=====\n"})
    parts = app.builder.render_partial(nodes.paragraph("", "text"))
    assert set(parts) >= {"fragment"}
    assert parts["fragment"] == "<p>text</p>\n"

    whole = sidebar_tree(talks())
    decorate(whole, mark_page=False)
    slot = day_pages_slot()
    shared = sidebar_tree(slot)
    decorate(shared, mark_page=False)
    html = render(app.builder, shared)
    before, after = html[: slot["offset"]], html[slot["offset"] :]
    assert before.endswith('<use href="#svg-arrow-right"></use></svg></span></label>')
    assert before + render(app.builder, [talks()]) + after == render(app.builder, whole)


def test_furo_decorates_as_our_sidebar_does(project: App) -> None:
    """The sidebar's :func:`decorate` makes furo's ``get_navigation_tree`` markup.

    Furo parses the HTML of ``toctree()`` on every page and adds the
    checkboxes, expanders, ``has-children`` and ``current-page``; ours
    does the same on the nodes, without furo's ``role="switch"``.
    """
    from confnotes.site.navigation.navigation import render
    from confnotes.site.navigation.sidebar import decorate
    from furo.navigation import get_navigation_tree

    app = project(NAVIGATION_CONF, {"index": "Title\n=====\n"})
    plain = sidebar_tree(talks())
    plain[1][0]["classes"].append("current")  # the event and day of the current page
    plain[1][0][1][0]["classes"].append("current")
    for item in plain[1][0][1][0][1]:
        item["classes"] = [c for c in item["classes"] if c != "current-page"]
    furos = get_navigation_tree(render(app.builder, plain))
    decorate(plain)
    ours = render(app.builder, plain)

    def normal(html: str) -> str:
        return str(BeautifulSoup(html, "html.parser"))

    assert ' role="switch"' in furos
    assert normal(ours) == normal(furos.replace(' role="switch"', ""))


def test_furo_renders_furo_navigation_tree_from_toctree_only(project: App) -> None:
    """Furo's handler (priority 500) makes ``furo_navigation_tree`` from ``toctree()``.

    Without ``toctree`` in the context it parses nothing; its
    ``sidebar/navigation.html`` shows ``furo_navigation_tree`` as given.
    """
    import furo

    app = project('extensions = []\nhtml_theme = "furo"\n', {"index": "Title\n=====\n\nText.\n"})
    listeners = app.events.listeners["html-page-context"]
    assert [lst.priority for lst in listeners if lst.handler is furo._html_page_context] == [500]

    parsed: list[str] = []
    real = furo.get_navigation_tree

    def spy(html: str) -> str:
        parsed.append(html)
        return real(html)

    marker = '<p class="pinned-sidebar">ours</p>'

    def hide(
        app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        context.pop("toctree", None)

    def give(
        app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        assert context["furo_navigation_tree"] == ""
        context["furo_navigation_tree"] = marker

    app.connect("html-page-context", hide, priority=499)
    app.connect("html-page-context", give, priority=501)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(furo, "get_navigation_tree", spy)
        app.build()
    assert parsed and set(parsed) == {""}
    tree = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "lxml")
    sidebar = tree.select_one(".sidebar-tree")
    assert sidebar is not None and sidebar.select_one("p.pinned-sidebar") is not None


# -- Sphinx: warnings and the build's events -------------------------------------------


def test_warning_handler_filters_see_warnings_as_shown(project: App) -> None:
    """A filter added to Sphinx's ``WarningStreamHandler`` sees each warning as shown.

    After ``suppress_warnings``; the location ``path:line``; ``type`` and
    ``subtype`` on the record; the message as given (``show_warning_types``
    adds `` [type.subtype]``). What the replay's recorder relies on.
    """
    conf = 'extensions = []\nsuppress_warnings = ["pinned.hidden"]\nshow_warning_types = True\n'
    app = project(conf, {"index": "Title\n=====\n\nText.\n"})
    app.build()
    handlers = [
        handler
        for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers
        if isinstance(handler, sphinx_logging.WarningStreamHandler)
    ]
    assert len(handlers) == 1
    seen: list[logging.LogRecord] = []

    class Recording(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            seen.append(record)
            return True

    recording = Recording()
    handlers[0].addFilter(recording)
    try:
        logger = sphinx_logging.getLogger("pinned")
        logger.warning("shown %s", "here", location=("index", 3), type="pinned", subtype="shown")
        logger.warning("never", location=("index", 4), type="pinned", subtype="hidden")
    finally:
        handlers[0].removeFilter(recording)
    assert len(seen) == 1
    (record,) = seen
    assert record.location == f"{app.srcdir / 'index.rst'}:3"  # type: ignore[attr-defined]
    assert (record.type, record.subtype) == ("pinned", "shown")  # type: ignore[attr-defined]
    assert logging.LogRecord.getMessage(record) == "shown here [pinned.shown]"


def test_build_events_come_in_the_documented_order(project: App) -> None:
    """Reading, then ``env-get-updated``, the consistency checks, ``write-started``."""
    app = project("extensions = []\n", {"index": "Title\n=====\n\nText.\n"})
    events: list[str] = []
    for name in ("env-updated", "env-get-updated", "env-check-consistency", "write-started"):
        app.connect(name, lambda *args, name=name: events.append(name) or [])
    app.build()
    assert events == ["env-updated", "env-get-updated", "env-check-consistency", "write-started"]


# -- sphinxext-opengraph ------------------------------------------------------------------

OPENGRAPH_CONF = """
extensions = ["sphinxext.opengraph"]
ogp_social_cards = {"enable": False}
"""


def test_opengraph_writes_page_fields_as_given(project: App) -> None:
    """A page's ``og:`` fields are written as they are, with only ``"`` escaped.

    So a value handed over escaped (``&amp;``, ``&lt;``, ``&#34;``), as our
    handler sets them in the page context's ``meta`` before opengraph's
    (priority 450), reaches the page escaped once; and a relative
    ``og:image`` field is joined to ``ogp_site_url``.
    """
    conf = OPENGRAPH_CONF + 'ogp_site_url = "https://example.org/notes/"\n'
    app = project(conf, {"index": "Title\n=====\n\nText.\n"})
    fields = {
        "og:title": "A &amp; &lt;b&gt; &#34;q&#34; &#39;s&#39;",
        "og:description": 'Raw "quote" & <tag>',
        "og:image": "pics/card.png",
    }

    def hand_over(app: Any, pagename: str, tpl: str, context: dict[str, Any], doctree: Any) -> None:
        context["meta"] = {**(context.get("meta") or {}), **fields}

    app.connect("html-page-context", hand_over, priority=450)
    app.build()
    lines = head_meta(app.outdir / "index.html")
    assert f'<meta property="og:title" content="{fields["og:title"]}" />' in lines
    assert '<meta property="og:description" content="Raw &quot;quote&quot; & <tag>" />' in lines
    assert '<meta property="og:image" content="https://example.org/notes/pics/card.png" />' in lines


def test_opengraph_writes_og_url_on_every_page(project: App) -> None:
    """With no absolute root, ``og:url`` is one line ``make_tag`` builds, relative.

    Its handler runs at priority 500 (after ours at 450, before ours at 600)
    on pages with a doctree only, and writes no second ``<meta
    name="description">``.
    """
    from sphinxext.opengraph import make_tag

    app = project(OPENGRAPH_CONF, {"index": "Title\n=====\n\nText.\n"})
    before: dict[str, str] = {}
    after: dict[str, str] = {}

    def note(store: dict[str, str]) -> Callable[..., None]:
        def handler(
            app: Any, pagename: str, tpl: str, context: dict[str, Any], doctree: Any
        ) -> None:
            store[pagename] = str(context.get("metatags", ""))

        return handler

    def describe(app: Any, pagename: str, tpl: str, context: dict[str, Any], doctree: Any) -> None:
        if doctree is not None:
            context["metatags"] += '<meta name="description" content="Ours" />\n'

    app.connect("html-page-context", describe, priority=400)
    app.connect("html-page-context", note(before), priority=450)
    app.connect("html-page-context", note(after), priority=600)
    app.build()
    assert "og:" not in before["index"]
    added = after["index"].removeprefix(before["index"])
    assert added.count(make_tag("og:url", "index.html") + "\n") == 1
    assert make_tag("og:url", "index.html") == '<meta property="og:url" content="index.html" />'
    assert 'name="description"' not in added
    assert "og:" not in after["genindex"]


# -- sphinx-sitemap -----------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::sphinx.deprecation.RemovedInSphinx11Warning")  # its env.app
def test_sitemap_writes_the_queue_it_holds_at_build_finished(project: App) -> None:
    """``app.sitemap_links``: a queue of ``(link, lastmod)``, written at ``build-finished``.

    Filled as pages are written; read with ``get_nowait`` by its
    ``build-finished`` handler (priority 500), so links put back before it
    (ours, at 400) are in ``sitemap.xml``; ``is_excluded`` applies
    ``sitemap_excludes``.
    """
    from sphinx_sitemap import is_excluded

    conf = """
    extensions = ["sphinx_sitemap"]
    html_baseurl = "https://example.org/notes/"
    sitemap_url_scheme = "{link}"
    """
    app = project(conf, {"index": "Title\n=====\n\nText.\n"})
    held: list[tuple[str, Any]] = []

    def take_and_add(app: Any, exception: Exception | None) -> None:
        while True:
            try:
                held.append(app.sitemap_links.get_nowait())
            except queue.Empty:
                break
        for link in (*(link for link, _lastmod in held), "unwritten.html"):
            app.sitemap_links.put((link, None))

    app.connect("build-finished", take_and_add, priority=400)
    app.build()
    assert ("index.html", None) in held
    sitemap = (app.outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/notes/unwritten.html</loc>" in sitemap
    assert "<loc>https://example.org/notes/index.html</loc>" in sitemap
    assert is_excluded("search.html", ["search.html"]) and not is_excluded("a.html", ["b*"])


@pytest.mark.filterwarnings("ignore::sphinx.deprecation.RemovedInSphinx11Warning")  # its env.app
@pytest.mark.parametrize("parallel", [0, 2])
def test_sitemap_queue_is_set_at_builder_inited_and_parallel_is_the_j_value(
    project: App, parallel: int
) -> None:
    """``app.sitemap_links`` exists once sphinx-sitemap's ``builder-inited`` ran (priority 500).

    ``confnotes.site.web.local_sitemap_queue`` (priority 600) swaps it for a
    queue of this process when ``app.parallel`` (the ``-j`` value) says no
    writer is forked; sphinx-sitemap writes whatever queue it then finds.
    """
    conf = """
    extensions = ["sphinx_sitemap"]
    html_baseurl = "https://example.org/notes/"
    sitemap_url_scheme = "{link}"
    """
    app = project(conf, {"index": "Title\n=====\n\nText.\n"}, parallel=parallel)
    assert app.parallel == parallel
    assert app.sitemap_links is not None and hasattr(app.sitemap_links, "get_nowait")
    app.sitemap_links = queue.SimpleQueue()
    app.build()
    sitemap = (app.outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/notes/index.html</loc>" in sitemap


@pytest.mark.filterwarnings("ignore::sphinx.deprecation.RemovedInSphinx11Warning")  # its env.app
def test_sitemap_tells_dirhtml_by_the_builder_class_name(project: App) -> None:
    """sphinx-sitemap: a dirhtml build is one whose builder class is named ``DirectoryHTMLBuilder``.

    ``confnotes.site.parallel_writing`` keeps the name on its subclass.
    """
    conf = """
    extensions = ["sphinx_sitemap", "confnotes.site.parallel_writing"]
    html_baseurl = "https://example.org/notes/"
    sitemap_url_scheme = "{link}"
    """
    app = project(conf, {"index": "Title\n=====\n\nText.\n"}, builder="dirhtml")
    assert type(app.builder).__name__ == "DirectoryHTMLBuilder"
    assert app.env.is_directory_builder is True


# -- Sphinx: parallel writing ------------------------------------------------------------


def names_used(code: types.CodeType) -> set[str]:
    """The global and attribute names *code* and the functions defined in it use."""
    found = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= names_used(const)
    return found


def test_parallel_writing_does_what_sphinx_does_with_other_numbers() -> None:
    """``confnotes.site.parallel_writing`` redoes ``Builder._write_parallel`` (and its warm-up).

    Should Sphinx's parallel writing call anything else (a context of
    pending warnings, an event, another step per page), the override must
    follow: these are the names Sphinx 9.0 to 9.2 use there.
    """
    from sphinx.builders import Builder, _write_docname

    assert names_used(Builder.write_documents.__code__) == {
        "_app", "_write_parallel", "_write_serial", "parallel", "parallel_ok", "sorted",
    }  # fmt: skip
    assert names_used(Builder._write_parallel.__code__) == {
        "BuildPhase", "ParallelTasks", "RESOLVING", "WRITING", "__", "_write_docname",
        "add_task", "append", "config", "env", "get_and_resolve_doctree", "info", "join",
        "len", "logger", "make_chunks", "next", "phase", "status_iterator", "tags",
        "verbosity", "write_doc", "write_doc_serialized",
    }  # fmt: skip
    assert names_used(_write_docname.__code__) == {
        "BuildPhase", "RESOLVING", "WRITING", "get_and_resolve_doctree", "phase",
        "write_doc", "write_doc_serialized",
    }  # fmt: skip


# -- Sphinx: the search index, singlehtml, the translator -----------------------------------


def test_indexer_keeps_index_entries_until_html_collect_pages(project: App) -> None:
    """The indexer's ``_index_entries`` are dumped after ``html-collect-pages``.

    docname -> ``(entry, target id, "main" or "")``; the written
    ``searchindex.js`` reads back with the builder's ``indexer_format``,
    its ``envversion`` the indexer's ``_env_version``. What
    ``confnotes.site.searchindex`` restores entries through.
    """
    app = project("extensions = []\n", {"index": "Title\n=====\n\n.. index:: pinned entry\n"})
    held: dict[str, list[tuple[str, str, str]]] = {}

    def add(app: Any) -> list[Any]:
        entries = app.builder.indexer._index_entries
        held.update({docname: list(found) for docname, found in entries.items()})
        entries["index"].append(("added entry", "index-0", "main"))
        return []

    app.connect("html-collect-pages", add)
    app.build()
    assert held == {"index": [("pinned entry", "index-0", "")]}
    path = app.outdir / app.builder.searchindex_filename
    assert path.name == "searchindex.js"
    with path.open(encoding="utf-8") as handle:
        frozen = app.builder.indexer_format.load(handle)
    assert frozen["envversion"] == app.builder.indexer._env_version
    assert frozen["docnames"] == ["index"]
    assert frozen["indexentries"]["added entry"] == [[0, "index-0", True]]
    assert frozen["indexentries"]["pinned entry"] == [[0, "index-0", False]]


def test_indexer_keeps_page_titles_until_html_collect_pages(project: App) -> None:
    """The indexer's ``_titles`` (docname -> title HTML) are dumped after ``html-collect-pages``.

    What ``confnotes.site.searchindex.search_titles`` hands the repeated-titles fix.
    """
    app = project("extensions = []\n", {"index": "Title\n=====\n\nText.\n"})
    held: dict[str, str | None] = {}

    def retitle(app: Any) -> list[Any]:
        titles = app.builder.indexer._titles
        held.update(titles)
        titles["index"] = "Title (elsewhere)"
        return []

    app.connect("html-collect-pages", retitle)
    app.build()
    assert held == {"index": "Title"}
    with (app.outdir / app.builder.searchindex_filename).open(encoding="utf-8") as handle:
        frozen = app.builder.indexer_format.load(handle)
    assert frozen["titles"] == ["Title (elsewhere)"]


def test_indexer_keeps_word_mappings_until_html_collect_pages(project: App) -> None:
    """The indexer's ``_mapping`` and ``_title_mapping`` (word -> docnames) are dumped after it.

    A word with no page is dumped as ``[]``. What
    ``confnotes.site.searchindex.drop_words_of_no_page`` leaves such words out of.
    """
    app = project("extensions = []\n", {"index": "Heading\n=======\n\nBodyword.\n"})
    held: dict[str, set[str]] = {}

    def empty(app: Any) -> list[Any]:
        indexer = app.builder.indexer
        held.update(indexer._mapping)
        held.update(indexer._title_mapping)
        indexer._mapping["pagelessword"] = set()
        indexer._title_mapping["pagelesstitle"] = set()
        return []

    app.connect("html-collect-pages", empty)
    app.build()
    assert held.get("bodyword") == {"index"} and held.get("head") == {"index"}, held
    with (app.outdir / app.builder.searchindex_filename).open(encoding="utf-8") as handle:
        frozen = app.builder.indexer_format.load(handle)
    assert frozen["terms"]["pagelessword"] == [] and frozen["titleterms"]["pagelesstitle"] == []


def test_man_writer_copies_alt_acks_and_top_titles_as_they_are(project: App) -> None:
    """Sphinx's man writer writes an alt, ``acks`` names and a ``.SH`` title unescaped.

    ``confnotes.site.safety.man_text`` writes the same lines escaped (its
    ``visit_image``, ``visit_acks`` and ``visit_title`` follow Sphinx's, the
    ``[image: …]`` line then ``[image]``). When this fails, Sphinx changed
    those lines: compare the translator's copies with Sphinx's own.
    """
    page = (
        "Doc\n===\n\nTop\n---\n\n.. acks::\n\n   * a\n     .x one\n\n"
        ".. image:: pic.png\n   :alt: b\n     .x two\n\n"
        "Top |t|\n-------\n\n.. |t| replace:: c\n   .x three\n"
    )
    app = project(
        'extensions = []\nman_pages = [("index", "doc", "D", [], 1)]\n',
        {"index": page},
        builder="man",
    )
    (Path(app.srcdir) / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    app.build()
    written = (Path(app.outdir) / "doc.1").read_text(encoding="utf-8")
    assert "\n.x one.\n" in written and "[image: b\n.x two]\n[image]\n" in written
    assert ".SH TOP C\n.X THREE\n" in written


def test_man_text_nodes_are_written_as_one_item_each(project: App) -> None:
    """docutils' man ``visit_Text`` appends one item to ``body``, which man_text rewrites."""
    from sphinx.writers.manpage import ManualPageTranslator

    added: list[tuple[int, str]] = []

    class Probe(ManualPageTranslator):
        def visit_Text(self, node: Any) -> None:
            before = len(self.body)
            super().visit_Text(node)
            added.append((len(self.body) - before, self.body[-1]))

    app = project(
        'extensions = []\nman_pages = [("index", "doc", "D", [], 1)]\n',
        {"index": "Doc\n===\n\nText one\nand two.\n"},
        builder="man",
    )
    app.set_translator("man", Probe, override=True)
    app.build()
    assert added and {count for count, _text in added} == {1}
    assert (1, "Text one\nand two.") in added


def test_singlehtml_toc_links_join_the_document_and_the_anchor(project: App) -> None:
    """Sphinx 9's singlehtml sidebar links a section as ``#document-<doc>#<anchor>``.

    No element has that id; ``confnotes.site.singlepage`` rewrites the
    rendered links. When this fails, Sphinx links the anchor itself.
    """
    pages = {
        "index": "Title\n=====\n\n.. toctree::\n\n   page\n",
        "page": "Page\n====\n\nSection\n-------\n\nText.\n",
    }
    app = project("extensions = []\n", pages, builder="singlehtml")
    seen: dict[str, str] = {}

    def note(app: Any, pagename: str, tpl: str, context: dict[str, Any], doctree: Any) -> None:
        if pagename == "index":
            seen["toc"] = str(context.get("toc"))
            seen["toctree"] = str(context["toctree"]())

    app.connect("html-page-context", note, priority=950)
    app.build()
    assert 'href="#document-page#section"' in seen["toc"] + seen["toctree"]


CITATIONS = """\
Title
=====

.. toctree::
   :caption: Pages

   other

See [One]_ and [Two]_::

   a literal block

.. [One] The first.
.. [Two] The second.
"""


def test_translator_keeps_sphinx_caption_and_docutils_citation_markup(project: App) -> None:
    """The site's translator writes Sphinx's and docutils' markup but for its three fixes.

    A toctree caption gains ``aria-level``; a ``<pre>`` (written into the
    body while its block is visited) ``tabindex``; a citation's role is
    ``listitem`` (docutils: ``doc-biblioentry``), in the same list.
    """
    pages = {"index": CITATIONS, "other": "Other\n=====\n"}
    plain = project("extensions = []\n", pages)
    ours = project('extensions = ["confnotes.site.translator"]\n', pages)
    html = {}
    for name, app in (("plain", plain), ("ours", ours)):
        app.build()
        html[name] = (app.outdir / "index.html").read_text(encoding="utf-8")
    caption = '<p class="caption" role="heading"><span class="caption-text">Pages</span></p>'
    assert caption in html["plain"]
    assert caption.replace("<p ", '<p aria-level="2" ') in html["ours"]
    assert html["plain"].count('role="doc-biblioentry"') == 2
    assert html["ours"].count('<pre tabindex="0">') == 1
    undone = html["ours"].replace('role="listitem"', 'role="doc-biblioentry"')
    undone = undone.replace(' aria-level="2"', "").replace('<pre tabindex="0">', "<pre>")
    assert undone == html["plain"]


# -- sphinx-notfound-page, docutils' and MyST's includes -----------------------------------


def test_notfound_sets_its_toctree_before_ours(project: App) -> None:
    """sphinx-notfound-page's ``html-page-context`` handler runs before ours (420)."""
    app = project('extensions = ["notfound.extension"]\n', {"index": "Title\n=====\n"})
    priorities = [
        listener.priority
        for listener in app.events.listeners["html-page-context"]
        if listener.handler.__module__.startswith("notfound")
    ]
    assert priorities and max(priorities) < 420


def test_docutils_include_log_and_directive_lookups(project: App) -> None:
    """While an included reST file is parsed, the document logs the chain of includes.

    ``include_log``: ``(path, clip options)`` per include, the last the
    file being parsed, which is also ``current_source``; a
    ``CustomReSTDispatcher`` enabled at ``source-read`` is given the
    document at every directive lookup. What ``is_circular_rst`` and
    ``DocumentWatch`` read.
    """
    from docutils.parsers.rst import Directive
    from sphinx.util.docutils import CustomReSTDispatcher

    pages = {"index": "Title\n=====\n\n.. include:: part.txt\n"}
    app = project("extensions = []\nexclude_patterns = ['_build']\n", pages)
    (app.srcdir / "part.txt").write_text(".. pinned-log::\n", encoding="utf-8")
    seen: list[Any] = []
    lookups: list[tuple[str, Any]] = []

    class Log(Directive):
        def run(self) -> list[nodes.Node]:
            document = self.state.document
            seen.append((list(document.include_log), document.current_source))
            return []

    class Watch(CustomReSTDispatcher):
        def directive(self, name: str, language: Any, document: Any) -> Any:
            lookups.append((name, document))
            return super().directive(name, language, document)

    app.add_directive("pinned-log", Log)
    app.connect("source-read", lambda app, docname, source: Watch().enable())
    app.build()
    ((log, current),) = seen
    part = (app.srcdir / "part.txt").resolve()
    assert [Path(path).resolve() for path, _clip in log][-1] == part
    assert {Path(path).resolve() for path, _clip in log} <= {part, Path(app.srcdir / "index.rst")}
    assert all(len(clip) == 4 for _path, clip in log)
    assert Path(current).resolve() == part
    assert [name for name, _document in lookups] == ["include", "pinned-log"]
    assert all(isinstance(document, nodes.document) for _name, document in lookups)


@pytest.mark.filterwarnings("ignore::sphinx.deprecation.RemovedInSphinx11Warning")  # MyST's
def test_myst_include_emits_include_read_from_the_including_file(project: App) -> None:
    """MyST's ``include`` emits ``include-read`` while the document's source is the includer.

    And it renders the included file with the document's ``source`` set to
    that file, so a nested include names the file it is written in. What
    ``guard_myst_include`` keeps its chain with.
    """
    from sphinx.util.docutils import CustomReSTDispatcher

    pages: dict[str, str] = {}
    app = project(
        'extensions = ["myst_parser"]\nsource_suffix = {".md": "markdown"}\n'
        "exclude_patterns = ['_build', 'b.md', 'c.md']\n",
        pages,
    )
    for name, text in {
        "index.md": "# Title\n\n```{include} b.md\n```\n",
        "b.md": "Bee.\n\n```{include} c.md\n```\n",
        "c.md": "Sea.\n",
    }.items():
        (app.srcdir / name).write_text(text, encoding="utf-8")
    documents: list[Any] = []
    reads: list[tuple[str, Path]] = []

    class Watch(CustomReSTDispatcher):
        def directive(self, name: str, language: Any, document: Any) -> Any:
            documents.append(document)
            return super().directive(name, language, document)

    def note(app: Any, relative_path: Path, parent: str, content: list[str]) -> None:
        reads.append((Path(relative_path).name, Path(documents[-1]["source"]).name))

    app.connect("source-read", lambda app, docname, source: Watch().enable())
    app.connect("include-read", note)
    app.build()
    assert reads == [("b.md", "index.md"), ("c.md", "b.md")]


def test_sphinx_design_opens_every_icon_as_the_icon_check_expects() -> None:
    """Every octicon and Material icon, with plain classes, an aria-label and each unit."""
    from confnotes.site.safety.icons import is_plain_icon
    from sphinx_design import icons as design

    drawn = [
        design.get_octicon(name, height=height, classes=["sd-text-info", "x_1"])
        for name in design.list_octicons()
        for height in ("1em", "24px", "1.5rem")
    ]
    drawn.append(design.get_octicon("rocket", aria_label="Launch"))
    for style in ("regular", "outlined", "round", "sharp", "twotone"):
        drawn += [
            design.get_material_icon(style, name, height="16px", classes=["x"])
            for name in design.get_material_icon_data(style)
        ]
    assert [svg[:160] for svg in drawn if not is_plain_icon(svg)] == []
    assert not is_plain_icon(design.get_octicon("rocket", classes=['x"><script>alert(1)']))


# -- Sphinx: the source parsers a build has ----------------------------------------------


def test_the_registry_lists_the_source_parsers_it_creates(project: App) -> None:
    """``app.registry.get_source_parsers()`` maps each file type to the parser class Sphinx
    creates for it, after every extension's setup (``parse_guard`` guards each one)."""
    app = project(
        "extensions = ['myst_parser']\n"
        "source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}\n",
        {"index": "Title\n=====\n"},
    )
    parsers = app.registry.get_source_parsers()
    assert {"restructuredtext", "markdown"} <= set(parsers)
    created = app.registry.create_source_parser("markdown", config=app.config, env=app.env)
    assert type(created) is parsers["markdown"]


# -- Sphinx: the toctree relations, and the theme's static files -------------------------


def test_collect_relations_reads_the_toctree_includes_it_is_given(project: App) -> None:
    """``toctree_cycles`` cuts a looping entry out of ``env.toctree_includes``; the
    relations (previous/next, parents) are made from that mapping alone."""
    app = project(
        "",
        {
            "index": "Root\n====\n\n.. toctree::\n\n   a\n   b\n",
            "a": "A\n=\n",
            "b": "B\n=\n",
        },
    )
    app.build()
    assert app.env.collect_relations()["a"] == ["index", "index", "b"]
    app.env.toctree_includes["index"] = ["b"]
    relations = app.env.collect_relations()
    assert "a" not in relations and relations["b"] == ["index", "index", None]


def test_the_theme_static_files_are_copied_before_html_static_path(project: App) -> None:
    """``theme_scripts`` reads the highlighter from the theme's folders
    (``builder.theme.get_theme_dirs()``) and ships its own through
    ``html_static_path``, whose files Sphinx copies after the theme's."""
    app = project("", {"index": "Root\n====\n"})
    folders = [Path(folder) for folder in app.builder.theme.get_theme_dirs()]
    assert any((folder / "static" / "sphinx_highlight.js").is_file() for folder in folders)
    static = Path(app.srcdir) / "_static"
    static.mkdir()
    (static / "sphinx_highlight.js").write_text("// the project's own\n", encoding="utf-8")
    app.config.html_static_path = ["_static"]  # as theme_scripts appends its folder
    app.build()
    shipped = Path(app.outdir) / "_static" / "sphinx_highlight.js"
    assert shipped.read_text(encoding="utf-8") == "// the project's own\n"


def test_only_expressions_parse_to_the_nodes_tags_evaluate() -> None:
    """``tags_problem`` walks what ``BooleanParser`` makes: names, and, or, not, if, constants."""
    import jinja2
    import jinja2.nodes
    from sphinx.util.tags import BooleanParser, Tags

    parser = BooleanParser(jinja2.Environment(), "a and not (b or c if d else e)", state="variable")
    tree = parser.parse_expression()
    assert parser.stream.eos
    kinds = {type(node).__name__ for node in [tree, *tree.find_all(jinja2.nodes.Node)]}
    assert kinds == {"And", "Not", "CondExpr", "Or", "Name"}
    const = BooleanParser(jinja2.Environment(), "true", state="variable").parse_expression()
    assert isinstance(const, jinja2.nodes.Const)
    with pytest.raises(TypeError):  # what Sphinx warns about when it writes the page
        Tags(["html"]).eval_condition("html and true")
    assert Tags([]).eval_condition("html and true") is False  # never reached without html


def test_literalinclude_adds_prepend_and_append_after_dedenting(tmp_path: Path) -> None:
    """``keep_included_dedent`` reads the lines without them: Sphinx dedents before adding them."""
    from sphinx.config import Config
    from sphinx.directives.code import LiteralIncludeReader

    source = tmp_path / "indented.py"
    source.write_text("    if x:\n        y = 1\n", encoding="utf-8")
    config = Config({}, {})
    options = {"dedent": 4, "prepend": "# before", "append": "# after"}
    text, _count = LiteralIncludeReader(str(source), options, config).read()
    assert text == "# before\nif x:\n    y = 1\n# after\n"
