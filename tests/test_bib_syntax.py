"""A malformed ``.bib`` file warns at file:line, names the entry, and the rest builds.

An unclosed brace, a missing comma between fields, an unquoted value and a
repeated key used to stop the build with a traceback (or, for the key, stop
the parse with a warning naming no line).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent / "roots" / "test-bib"
#: talks citing works, with the site's extensions (confnotes, confnotes_bib, bibtex)
SITE_ROOT = Path(__file__).parent / "roots" / "test-bib-site"
#: refs.bib of test-bib with a missing comma, a repeated key and an unquoted value
BROKEN_BIB = Path(__file__).parent / "data" / "broken-refs.bib"


def test_each_broken_entry_warns_and_only_it_is_left_out(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    shutil.copyfile(BROKEN_BIB, src / "refs.bib")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert warnings_of(app) == [
        "refs.bib:1: malformed bibliography entry 'bernhardt2012boundaries' (syntax error in"
        " line 5: '}' expected); it is left out, citations of it will not resolve"
        " [confnotes.bib_syntax]",
        "refs.bib:14: duplicate bibliography key 'godwin2013slides': also at refs.bib:8, which"
        " is used [confnotes.bib_duplicate]",
        "refs.bib:18: malformed bibliography entry 'twelvefactor' (undefined string in line 19:"
        " The); it is left out, citations of it will not resolve [confnotes.bib_syntax]",
        'kopernik.rst:4: could not find bibtex key "bernhardt2012boundaries"'
        " [bibtex.key_not_found]",
        'kopernik.rst:4: could not find bibtex key "twelvefactor" [bibtex.key_not_found]',
        'migrating.md:3: could not find bibtex key "bernhardt2012boundaries"'
        " [bibtex.key_not_found]",
    ]
    # the good entry is cited and listed as before; the first of the repeated key is kept
    bibliography = page(app.outdir / "bibliography.html")
    entries = [c.get_text(" ", strip=True) for c in bibliography.select(".citation")]
    assert len(entries) == 1
    assert "Migrating the Future" in entries[0]
    assert "Again" not in entries[0]
    aside = page(app.outdir / "aside.html")
    assert aside.select_one('a[href^="bibliography.html#cite-"]').get_text() == "Godwin, 2013"
    # on a clean rebuild (the .bib file untouched), the warnings come again
    again = make_app("html", srcdir=src)
    again.build()
    assert [w for w in warnings_of(again) if "refs.bib" in w] == [
        w for w in warnings_of(app) if "refs.bib" in w
    ]


def test_talks_with_a_broken_bib_build_the_rest_and_fail_strictly(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    """The site's whole stack (talks, export, 'Cited in' links) over a broken ``.bib`` file."""
    src = shutil.copytree(SITE_ROOT, tmp_path / "src")
    bib = src / "references.bib"
    text = bib.read_text(encoding="utf-8")
    lines = text.splitlines()
    start = {
        key: lines.index(f"@misc{{{key},") + 1
        for key in ("rhodes2013video", "ramanujam2013video", "owasp-appsensor", "twelvefactor")
    }
    for key, old, new in (
        # a missing comma between two fields
        ("rhodes2013video", "{{On the Revolutions}},", "{{On the Revolutions}}"),
        # an unquoted value
        ("ramanujam2013video", "{{Thread Profiling in Python}}", "Thread Profiling in Python"),
        # an unclosed brace
        ("owasp-appsensor", "{{OWASP AppSensor}: detection points}", "{{OWASP AppSensor}: ..."),
    ):
        head = text.index(f"@misc{{{key},")
        tail = text.index("\n}\n", head)
        assert old in text[head:tail]
        text = text[:head] + text[head:tail].replace(old, new) + text[tail:]
    duplicate = len(lines) + 2
    text += "\n@misc{twelvefactor,\n  title = {{A copy}},\n}\n"
    bib.write_text(text, encoding="utf-8")

    out = tmp_path / "build"
    # strict, as CI builds (-W --keep-going -n); an extension error would raise here
    app = make_app(
        "html",
        srcdir=src,
        builddir=out,
        freshenv=True,
        warningiserror=True,
        confoverrides={"nitpicky": True},
    )
    app.build()
    assert app.statuscode != 0
    warnings = [w for w in warnings_of(app) if "references.bib" in w or "could not find" in w]
    bib_warnings = [w for w in warnings if w.startswith("references.bib:")]
    assert [w.split(": ")[0] for w in bib_warnings] == [
        f"references.bib:{start['rhodes2013video']}",
        f"references.bib:{start['ramanujam2013video']}",
        f"references.bib:{start['owasp-appsensor']}",
        f"references.bib:{duplicate}",
    ]
    for warning, key in zip(
        bib_warnings,
        ("rhodes2013video", "ramanujam2013video", "owasp-appsensor", "twelvefactor"),
        strict=True,
    ):
        assert f"bibliography entry {key!r}" in warning or f"key {key!r}" in warning
    assert bib_warnings[-1].endswith(
        f"also at references.bib:{start['twelvefactor']}, which is used [confnotes.bib_duplicate]"
    )
    assert all(w.endswith("[confnotes.bib_syntax]") for w in bib_warnings[:3])
    unknown = sorted({w.rpartition("key ")[2] for w in warnings if "could not find" in w})
    assert unknown == [
        '"owasp-appsensor" [bibtex.key_not_found]',
        '"ramanujam2013video" [bibtex.key_not_found]',
        '"rhodes2013video" [bibtex.key_not_found]',
    ]
    # every page is written; good citations still resolve
    html = app.outdir
    assert {p.relative_to(src).with_suffix("").as_posix() for p in (src / "talks").iterdir()} <= {
        p.relative_to(html).with_suffix("").as_posix() for p in html.rglob("*.html")
    }
    circus = page(html / "talks" / "02-circus.html")
    assert circus.select('a[href^="../bibliography.html#cite-"]')
    bibliography = page(html / "bibliography.html")
    listed = {c["id"].split("-", 2)[2] for c in bibliography.select(".citation")}
    assert not listed & {"rhodes2013video", "ramanujam2013video", "owasp-appsensor"}
    assert {"twelvefactor", "ramanujam2013slides", "ziade2013video"} <= listed
    assert "A copy" not in bibliography.get_text()


def test_bib_warnings_are_suppressible(make_app: Any, tmp_path: Path, warnings_of: Any) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    shutil.copyfile(BROKEN_BIB, src / "refs.bib")
    app = make_app(
        "html",
        srcdir=src,
        freshenv=True,
        confoverrides={"suppress_warnings": ["confnotes.bib_syntax", "confnotes.bib_duplicate"]},
    )
    app.build()
    assert [w.rpartition(" [")[2] for w in warnings_of(app)] == ["bibtex.key_not_found]"] * 3


def test_fixing_the_bib_file_resolves_the_citations_on_rebuild(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    """The cache filled with the good entries is dropped once the file changes."""
    src = shutil.copytree(ROOT, tmp_path / "src")
    good = (src / "refs.bib").read_text(encoding="utf-8")
    shutil.copyfile(BROKEN_BIB, src / "refs.bib")
    broken = make_app("html", srcdir=src, freshenv=True)
    broken.build()
    assert any("bibtex.key_not_found" in w for w in warnings_of(broken))
    broken.cleanup()
    (src / "refs.bib").write_text(good, encoding="utf-8")
    fixed = make_app("html", srcdir=src)
    fixed.build()
    assert warnings_of(fixed) == []
    kopernik = page(fixed.outdir / "kopernik.html")
    cites = [a.get_text() for a in kopernik.select('a[href^="bibliography.html#cite-"]')]
    assert cites == ["Bernhardt, 2012", "n.d."]  # :cite:t: links the year


def test_control_characters_in_the_bib_file_warn_at_their_line_and_go(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    """The pages' rule (``confnotes.core.plaintext``): removed, other line breaks become spaces."""
    src = shutil.copytree(ROOT, tmp_path / "src")
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    text = text.replace("{{Migrating the Future}}", "{{Migrating\x1b the\u2028Future}}")
    bib.write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert warnings_of(app) == [
        "refs.bib:10: control character U+001B, U+2028 removed (line breaks other than a"
        " newline become spaces) [confnotes.control_character]",
    ]
    entries = [
        c.get_text(" ", strip=True)
        for c in page(app.outdir / "bibliography.html").select(".citation")
    ]
    assert any("Migrating the Future" in entry for entry in entries)


def test_a_field_pybtex_cannot_read_as_latex_is_left_out(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    """A field that ends in a lone backslash stopped the build when formatted (latexcodec).

    A title and an author that do: each entry warns at its line and is left
    out, its citations are unknown keys, and the rest builds, in HTML and LaTeX.
    """
    src = shutil.copytree(ROOT, tmp_path / "src")
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    text = text.replace("{{Boundaries}}", "{Boundaries \\}", 1)
    text = text.replace("{Andrew Godwin}", "{Andrew Godwin \\}", 1)
    # a field no style formats as LaTeX (a reference manager's file path) is no problem
    text = text.replace(
        "{{The Twelve-Factor App}},", "{{The Twelve-Factor App}},\n  file = {C:\\papers\\},", 1
    )
    bib.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    for builder in ("html", "latex"):
        app = make_app(builder, srcdir=src, builddir=tmp_path / builder, freshenv=True)
        app.build()
        bib_warnings = [w for w in warnings_of(app) if w.startswith("refs.bib:")]
        assert [w.split(": ", 1)[0] for w in bib_warnings] == [
            f"refs.bib:{lines.index(f'@misc{{{key},') + 1}"
            for key in ("bernhardt2012boundaries", "godwin2013slides")
        ], bib_warnings
        assert all(
            "is not LaTeX pybtex can read" in w and w.endswith("[confnotes.bib_syntax]")
            for w in bib_warnings
        ), bib_warnings
        # the good entry is still cited and listed
        written = [p for p in Path(app.outdir).rglob("*") if p.suffix in {".html", ".tex"}]
        assert any("Twelve" in p.read_text("utf-8") for p in written), builder


def assert_listed(app: Any, page: Any) -> None:
    """The bibliography lists its work, formatted in the style used instead."""
    entries = page(app.outdir / "bibliography.html").select(".citation")
    assert entries and "Migrating the Future" in " ".join(e.get_text() for e in entries)


def assert_quiet_when_suppressed(
    make_app: Any, src: Path, tmp_path: Path, warnings_of: Any
) -> None:
    """``suppress_warnings`` silences the style warnings, as a contributor would set it."""
    quiet = make_app(
        "html",
        srcdir=src,
        builddir=tmp_path / "quiet",
        freshenv=True,
        confoverrides={"suppress_warnings": ["confnotes.bib_style"]},
    )
    quiet.build()
    quiet.cleanup()
    assert warnings_of(quiet) == []


def test_a_bibliography_style_pybtex_has_not_warns_and_the_default_is_used(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    """An unknown ``:style:`` stopped the build when the entries were formatted (env-updated)."""
    src = shutil.copytree(ROOT, tmp_path / "src")
    listing = src / "bibliography.rst"
    text = listing.read_text(encoding="utf-8")
    assert ".. bibliography::\n" in text
    listing.write_text(
        text.replace(".. bibliography::\n", ".. bibliography::\n   :style: javascript:x\n"),
        encoding="utf-8",
    )
    line = text.splitlines().index(".. bibliography::") + 1
    for parallel in (0, 2):
        app = make_app(
            "html", srcdir=src, builddir=tmp_path / str(parallel), freshenv=True, parallel=parallel
        )
        app.build()
        app.cleanup()  # the next app registers the same nodes
        assert warnings_of(app) == [
            f"bibliography.rst:{line}: bibliography style 'javascript:x' is not a pybtex style;"
            " using 'plain' [confnotes.bib_style]"
        ]
        assert_listed(app, page)
    assert_quiet_when_suppressed(make_app, src, tmp_path, warnings_of)


def test_a_style_setting_pybtex_has_not_warns_at_its_line_of_conf_py(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    """An unknown ``bibtex_default_style`` stopped the build at the first bibliography."""
    src = shutil.copytree(ROOT, tmp_path / "src")
    conf = src / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(
        text + 'bibtex_default_style = "no-such-style"\nbibtex_tooltips_style = "nor-this"\n',
        encoding="utf-8",
    )
    lines = len(text.splitlines())
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    assert warnings_of(app) == [
        f"conf.py:{lines + 1}: bibtex_default_style 'no-such-style' is not a pybtex style;"
        " using 'alpha' [confnotes.bib_style]",
        f"conf.py:{lines + 2}: bibtex_tooltips_style 'nor-this' is not a pybtex style;"
        " using 'alpha' [confnotes.bib_style]",
    ]
    assert_listed(app, page)
    assert_quiet_when_suppressed(make_app, src, tmp_path, warnings_of)
