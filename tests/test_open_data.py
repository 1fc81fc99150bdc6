"""Open data: conference.json is valid under its schema, complete, and the same after an edit.

The export is checked against the JSON Schema in the repository, against the
site's own ``objects.inv`` (every talk, speaker and tool), and against the
pages (every URL in it leads to an existing page and anchor).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from bs4 import BeautifulSoup
from project_scripts import import_script

SITE = Path(__file__).parent.parent
SCHEMA = SITE / "_ext" / "confnotes" / "conference.schema.json"
Build = Callable[..., tuple[Path, str]]

pytestmark = pytest.mark.slow


def declared_talks() -> list[Any]:
    """The ``talk`` declarations of the site's sources, as the scaffold reads them."""
    return list(import_script(SITE / "scripts" / "new_talk.py").find_declarations(SITE, "talk"))


def load(outdir: Path) -> dict[str, Any]:
    return json.loads((outdir / "conference.json").read_text(encoding="utf-8"))


def validate(data: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)


def inventory(outdir: Path) -> dict[str, set[str]]:
    """``conf:<type>`` -> names, from ``objects.inv``."""
    raw = (outdir / "objects.inv").read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode("utf-8")
    found: dict[str, set[str]] = {}
    for line in body.splitlines():
        match = re.fullmatch(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)", line)
        if match:
            found.setdefault(match[2], set()).add(match[1])
    return found


@pytest.fixture(scope="module")
def html(build_site: Build) -> Path:
    return build_site("html")[0]


def test_export_is_valid_under_its_schema(html: Path) -> None:
    data = load(html)
    validate(data)
    assert data["schema_version"] == 1
    assert data["base_url"] is None  # a local build does not know the site's URL
    # the schema ships beside the data
    assert json.loads((html / "conference.schema.json").read_text()) == json.loads(
        SCHEMA.read_text()
    )


def test_schema_is_not_vacuous(html: Path) -> None:
    data = load(html)
    del data["talks"][0]["recorded"]
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    data = load(html)
    data["talks"][0]["videos"] = [{"type": "youtube", "url": "javascript:alert(1)"}]
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


def test_export_holds_every_object_of_the_inventory(html: Path) -> None:
    data = load(html)
    inv = inventory(html)
    assert {t["id"] for t in data["talks"]} == inv["conf:talk"]
    assert {s["id"] for s in data["speakers"]} == inv["conf:speaker"]
    assert {t["id"] for t in data["tools"]} == inv["conf:tool"]
    # every talk the site's pages declare (counted from the sources, so a
    # contributor's new talk needs no edit here)
    assert len(data["talks"]) == len(declared_talks())
    # days are the distinct (event, date) pairs; every talk is in exactly one
    pairs = {(t["event"], t["recorded"]) for t in data["talks"]}
    assert [(d["event"], d["date"]) for d in data["days"]] == sorted(
        pairs, key=[(t["event"], t["recorded"]) for t in data["talks"]].index
    )
    assert [i for d in data["days"] for i in d["talks"]] == [t["id"] for t in data["talks"]]
    # events and their days follow the talks' order; the notes' own day comes first
    events = list(dict.fromkeys(t["event"] for t in data["talks"]))
    assert [e["name"] for e in data["events"]] == events
    for event in data["events"]:
        dates = [t["recorded"] for t in data["talks"] if t["event"] == event["name"]]
        assert event["days"] == list(dict.fromkeys(dates))
    assert data["events"][0]["name"] == "DjangoCon Europe 2013"
    assert data["events"][0]["days"][0] == "2013-05-15"


def test_talk_fields_use_pyvideo_names(html: Path) -> None:
    talks = {t["id"]: t for t in load(html)["talks"]}
    circus = talks["circus"]
    assert circus["title"] == "Circus: process & socket manager"
    assert circus["slug"] == "circus"
    assert circus["speakers"] == ["Tarek Ziadé"]
    assert circus["speaker_ids"] == ["tarek-ziade"]
    assert circus["recorded"] == "2013-05-15"
    assert circus["kind"] == "talk"
    assert circus["videos"] == [
        {"type": "youtube", "url": "https://www.youtube.com/watch?v=YEtTWeeRzUI"}
    ]
    assert circus["slides"] == "http://blog.ziade.org/slides/djangocon2012/circus.html"
    assert circus["related_urls"] == [
        {"label": "slides", "url": circus["slides"]},
        {"label": "link", "url": "http://circus.io/"},
        {"label": "link", "url": "http://chaussette.readthedocs.org"},
    ]
    assert circus["description"].startswith("Tarek Ziadé presented Circus, a tool")
    assert circus["url"] == "talks/02-circus.html#conf-talk-circus"
    assert [w["key"] for w in circus["cited_works"]] == [
        "ziade2013video",
        "ziade2013slides",
        "circus",
        "chaussette",
    ]
    video = circus["cited_works"][0]
    assert video["authors"] == ["Tarek Ziadé"] and video["year"] == "2013"
    assert video["bibliography_url"].startswith("bibliography.html#")
    # a lightning talk whose speaker the notes do not name
    carrots = talks["geek-girls-carrots"]
    assert carrots["kind"] == "lightning"
    assert carrots["speakers"] == [] and carrots["speaker_ids"] == []
    assert carrots["speaker_note"] == "Not named in the notes."
    assert carrots["videos"] == [] and carrots["slides"] is None
    # lightning talks share a page: each gets only the works cited under it
    assert [w["key"] for w in talks["stop-writing-settings-files"]["cited_works"]] == [
        "renie2013slides",
        "twelvefactor",
    ]


def test_speakers_and_tools(html: Path) -> None:
    data = load(html)
    speakers = {s["id"]: s for s in data["speakers"]}
    zed = speakers["zed-shaw"]
    assert zed["name"] == "Zed Shaw"
    assert zed["handles"] == {"twitter": "zedshaw"}
    assert "imaginative-programmer" in zed["talks"]
    assert set(zed["talks"]) == {
        d.ident for d in declared_talks() if "zed-shaw" in d.options.get("speaker", "")
    }
    assert zed["url"] == "speakers.html#conf-speaker-zed-shaw"
    talk_speakers = {s for t in data["talks"] for s in t["speaker_ids"]}
    assert talk_speakers <= set(speakers)
    for speaker in data["speakers"]:
        for talk_id in speaker["talks"]:
            talk = next(t for t in data["talks"] if t["id"] == talk_id)
            assert speaker["id"] in talk["speaker_ids"]
    tools = {t["id"]: t for t in data["tools"]}
    zeromq = tools["zeromq"]
    assert zeromq["name"] == "ZeroMQ"
    assert zeromq["url"] == "tools.html#conf-tool-zeromq"
    assert zeromq["mentions"]
    assert all(m["url"].startswith(m["page"] + "#") for m in zeromq["mentions"])
    assert {m["talk"] for m in zeromq["mentions"]} >= {"circus"}


def anchors(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        cache[path] = {tag["id"] for tag in soup.find_all(id=True)}
    return cache[path]


def site_urls(data: Any) -> list[str]:
    """Every URL of the site in the export (keys ``url``, ``page``, ``bibliography_url``)."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in {"url", "page", "bibliography_url"} and isinstance(value, str):
                if not value.startswith(("http://", "https://")):
                    found.append(value)
            else:
                found += site_urls(value)
    elif isinstance(data, list):
        for item in data:
            found += site_urls(item)
    return found


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_every_site_url_leads_to_a_page_and_anchor(build_site: Build, builder: str) -> None:
    outdir = build_site(builder)[0]
    data = load(outdir)
    validate(data)
    urls = site_urls(data)
    assert len(urls) > 100
    cache: dict[Path, set[str]] = {}
    for url in urls:
        path, _, anchor = url.partition("#")
        file = outdir / path
        if file.is_dir() or path == "":
            file = file / "index.html"
        assert file.is_file(), url
        if anchor:
            assert anchor in anchors(file, cache), url


def sphinx(src: Path, out: Path, *, fresh: bool, **env: str) -> None:
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html"]
    cmd += ["-d", str(out / ".doctrees"), *(["-E"] if fresh else []), str(src), str(out)]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    proc = subprocess.run(cmd, env={**environ, **env}, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_incremental_build_writes_the_same_json_as_a_fresh_build(
    copy_site: Callable[[Path], Path], tmp_path: Path
) -> None:
    """Edit a talk (title, video, intro) and a speaker's name; rebuild; compare."""
    env = {"READTHEDOCS_CANONICAL_URL": "https://circus-notes.example.org/en/latest/"}
    src = copy_site(tmp_path / "src")
    out = tmp_path / "incremental"
    sphinx(src, out, fresh=True, **env)
    before = load(out)
    validate(before)

    talk = src / "talks" / "02-circus.rst"
    text = talk.read_text(encoding="utf-8")
    text = text.replace(
        ":title: Circus: process & socket manager", ":title: Circus, process and socket manager"
    )
    text = text.replace(
        ":video: https://www.youtube.com/watch?v=YEtTWeeRzUI", ":video: https://vimeo.com/1"
    )
    text = text.replace("a tool that watches", "a tool that carefully watches")
    talk.write_text(text, encoding="utf-8")
    speakers = src / "speakers.rst"
    speakers.write_text(
        speakers.read_text(encoding="utf-8").replace(":name: Zed Shaw", ":name: Zed A. Shaw"),
        encoding="utf-8",
    )
    for path in (talk, speakers):
        stat = path.stat()
        os.utime(path, (stat.st_atime, stat.st_mtime + 5))
    sphinx(src, out, fresh=False, **env)
    after = load(out)

    fresh_out = tmp_path / "fresh"
    sphinx(src, fresh_out, fresh=True, **env)
    assert after == load(fresh_out)
    assert after != before
    circus = next(t for t in after["talks"] if t["id"] == "circus")
    assert circus["title"] == "Circus, process and socket manager"
    assert circus["videos"] == [{"type": "vimeo", "url": "https://vimeo.com/1"}]
    assert "carefully watches" in circus["description"]
    zed = next(s for s in after["speakers"] if s["id"] == "zed-shaw")
    assert zed["name"] == "Zed A. Shaw"
    shaw = next(t for t in after["talks"] if t["id"] == "imaginative-programmer")
    assert shaw["speakers"] == ["Zed A. Shaw"]
    assert "Zed A. Shaw" in shaw["description"]  # the intro names the speaker by role
    # sphinx-sitemap alone would list only the re-written pages
    assert (out / "sitemap.xml").read_bytes() == (fresh_out / "sitemap.xml").read_bytes()


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_front_page_links_to_the_data_and_its_schema(build_site: Build, builder: str) -> None:
    outdir = build_site(builder)[0]
    soup = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "lxml")
    main = soup.select_one('[role="main"]')
    assert main is not None
    hrefs = {a["href"] for a in main.find_all("a", href=True)}
    assert {"conference.json", "conference.schema.json"} <= hrefs
    for href in ("conference.json", "conference.schema.json"):
        json.loads((outdir / href).read_text(encoding="utf-8"))


def test_parallel_build_exports_the_same_data(make_app: Any, tmp_path: Path) -> None:
    """A project without sphinxcontrib-bibtex: no cited works, still valid; -j 2 agrees."""
    import shutil

    root = Path(__file__).parent / "roots" / "test-talks"
    exports = []
    for name, parallel in (("serial", 0), ("parallel", 2)):
        src = tmp_path / name
        shutil.copytree(root, src, ignore=shutil.ignore_patterns("_build"))
        app = make_app("html", srcdir=src, freshenv=True, parallel=parallel)
        app.build()
        exports.append(load(app.outdir))
    serial, parallel_ = exports
    validate(serial)
    assert parallel_ == serial
    assert {t["id"] for t in serial["talks"]} >= {"circus", "kopernik", "geek-girls-carrots"}
    assert all(t["cited_works"] == [] for t in serial["talks"])
    assert all(t["description"] for t in serial["talks"] if t["kind"] != "lightning")
