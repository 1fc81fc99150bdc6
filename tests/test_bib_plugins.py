"""pybtex's plugins are found once per process, not once per citation (``confnotes_bib.plugins``).

pybtex looks a plugin up among every installed distribution's entry points
unless it was registered at run time; sphinxcontrib-bibtex asks at every
citation it resolves. Once the configuration is read, a build of a root with
citations and a bibliography must not search the entry points again, and
its pages must be what pybtex's own plugins make of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pybtex.plugin
import pytest
from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="bib", freshenv=True)
def test_no_entry_point_search_once_the_configuration_is_read(
    app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch, page: Callable[..., Any]
) -> None:
    searched: list[tuple[str, str]] = []
    search = pybtex.plugin.entry_points

    def spy(**kwargs: str) -> Any:
        searched.append((kwargs.get("group", ""), kwargs.get("name", "")))
        return search(**kwargs)

    monkeypatch.setattr(pybtex.plugin, "entry_points", spy)
    app.build()
    assert app.statuscode == 0
    body = page(app.outdir / "bibliography.html")
    assert body.select("div.citation, dl.citation > dt"), "the root has a bibliography"
    cited = page(app.outdir / "kopernik.html")
    assert cited.select("a[href*='bibliography.html#cite-']"), "the root cites works"
    assert searched == []
