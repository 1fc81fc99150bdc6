"""The click-to-play video: which URLs become a nocookie player, and how it is written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes

sys.path.insert(0, str(Path(__file__).parent.parent / "_ext"))  # before the fixtures run

from confnotes.core.video import EMBED, facade, start_seconds, youtube_embed


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=YEtTWeeRzUI", "YEtTWeeRzUI"),
        ("http://youtube.com/watch?feature=x&v=YEtTWeeRzUI", "YEtTWeeRzUI"),
        ("https://m.youtube.com/watch?v=YEtTWeeRzUI&t=1m30s", "YEtTWeeRzUI?start=90"),
        ("https://youtu.be/YEtTWeeRzUI?t=42", "YEtTWeeRzUI?start=42"),
        ("https://www.youtube.com/embed/YEtTWeeRzUI", "YEtTWeeRzUI"),
        ("https://www.youtube.com/shorts/YEtTWeeRzUI", "YEtTWeeRzUI"),
    ],
)
def test_youtube_urls_become_nocookie_players(url: str, embed: str) -> None:
    assert youtube_embed(url) == EMBED + embed


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/12345678",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=YEtTWeeRzUI%22onload",
        "https://www.youtube.com/watch?v=<script>alert(1)</",
        "https://youtube.com.evil.example/watch?v=YEtTWeeRzUI",
        "javascript:alert(1)//youtube.com/watch?v=YEtTWeeRzUI",
        "https://www.youtube.com/channel/UCabcdefghij",
        "",
    ],
)
def test_other_urls_get_no_player(url: str) -> None:
    assert youtube_embed(url) is None
    assert facade(url, "Title") is None


def test_start_times() -> None:
    assert [start_seconds(v) for v in ("", "90", "90s", "1m30s", "1h2m3s", "soon")] == [
        0,
        90,
        90,
        90,
        3723,
        0,
    ]


def test_a_start_time_of_thousands_of_digits_is_no_time() -> None:
    """Python reads no number of more than 4,300 digits: the build stopped (helper-65)."""
    huge = "9" * 4301
    assert start_seconds(huge) == start_seconds(f"{huge}h") == 0
    url = f"https://www.youtube.com/watch?v=YEtTWeeRzUI&t={huge}"
    assert youtube_embed(url) == f"{EMBED}YEtTWeeRzUI"


def test_facade_falls_back_to_a_plain_link() -> None:
    """Any builder without our visitor renders the container: a plain link."""
    node = facade("https://youtu.be/YEtTWeeRzUI", "Circus")
    assert isinstance(node, nodes.container)
    refs = list(node.findall(nodes.reference))
    assert [r["refuri"] for r in refs] == ["https://youtu.be/YEtTWeeRzUI"]


@pytest.mark.sphinx("html", testroot="talks")
def test_facade_html_escapes_the_title(app: Any, page: Any) -> None:
    """A title with markup characters stays text in the attribute and the button."""
    from confnotes.core.video import visit_video_facade_html

    app.build()
    doctree = app.env.get_doctree("index")
    doctree.settings = app.builder.docsettings  # as the builder's writer sets it
    translator = app.builder.create_translator(doctree, app.builder)
    node = facade("https://youtu.be/YEtTWeeRzUI", 'A "title" <b>&</b>')
    assert node is not None
    with pytest.raises(nodes.SkipNode):
        visit_video_facade_html(translator, node)
    html = "".join(translator.body)
    assert "<b>" not in html
    assert 'data-conf-title="A &quot;title&quot; &lt;b&gt;&amp;&lt;/b&gt;"' in html
    escaped = "A &quot;title&quot; &lt;b&gt;&amp;&lt;/b&gt;"
    assert f'<span class="conf-video-title">{escaped}</span>' in html
