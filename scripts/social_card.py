"""Render _static/social-card.png, the site's link-preview image (1200 x 630).

Run by hand after changing the logo or the wording (it is not part of the
build): ``python scripts/social_card.py``. Needs requirements-browser.txt
and a Chromium (Debian's ``chromium`` on PATH, or $CHROMIUM).
"""

from __future__ import annotations

import html
import os
import shutil
import sys
import tempfile
from pathlib import Path

SITE = Path(__file__).resolve().parent.parent
OUT = SITE / "_static" / "social-card.png"
TITLE = "Django Circus Notes"
LINES = (
    "DjangoCon Europe 2013, Warsaw",
    "Talks, speakers, videos, slides and tools",
)

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; width: 1200px; height: 630px; display: flex; align-items: center;
  gap: 56px; padding: 0 80px; box-sizing: border-box; background: #fdf6e3;
  font-family: 'DejaVu Sans', sans-serif; color: #222; }}
.logo svg {{ width: 300px; height: 300px; }}
h1 {{ font-size: 72px; margin: 0 0 24px; line-height: 1.05; }}
p {{ font-size: 34px; margin: 0; color: #444; line-height: 1.3; }}
</style></head><body><div class="logo">{logo}</div>
<div><h1>{title}</h1><p>{lines}</p></div></body></html>"""


def main() -> int:
    """Write the card with headless Chromium."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("no Chromium: install Debian's chromium or set $CHROMIUM", file=sys.stderr)
        return 1
    page_html = PAGE.format(
        logo=(SITE / "_static" / "logo.svg").read_text(encoding="utf-8"),
        title=html.escape(TITLE),
        lines="<br>".join(html.escape(line) for line in LINES),
    )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "card.html"
        source.write_text(page_html, encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--headless"])
            page = browser.new_page(viewport={"width": 1200, "height": 630})
            page.goto(source.as_uri())
            page.screenshot(path=str(OUT))
            browser.close()
    print(f"wrote {OUT.relative_to(SITE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
