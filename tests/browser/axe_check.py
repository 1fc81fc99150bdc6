"""axe-core on a page, the whole page whatever its length.

axe runs in the reader's viewport (the session's, 900 px tall) over the whole
page: it judges the contrast of text below the fold from the layout. What
it cannot judge there, and how each is given a second look:

- furo makes ``body`` exactly as tall as the viewport (``html, body
  {height: 100%}``); the page flows on below it, on ``body``'s background,
  which CSS paints over the whole canvas when ``html`` has none. axe stops
  at ``body``'s box: text across its lower edge is "incomplete" ("partially
  overlaps other elements"), and scrolling it into view does not help (the
  edge stays where it was). So for the check ``body``'s box is stretched
  over the page (``min-height``), which moves and repaints nothing (checked:
  the page keeps its size, ``html`` has no background). A page-tall
  viewport did the same, up to the height one may ask of Chromium; this has
  no such limit.
- text scrolled out of a scroll box (furo's sticky sidebars, once their
  content is taller than the viewport) is not judged at all: each box whose
  content is clipped is scrolled half a box-height at a time, and
  ``color-contrast`` runs again on the text that came wholly into view; a
  text never wholly in view is reported.

Text whose contrast stays undetermined fails, with where it was. The second
looks run ``color-contrast`` only, the one rule of axe that reads what is
painted around a text; their findings join the first run's (all of axe's
rules). axe-core comes bundled in axe-playwright-python (``axe.min.js``):
offline.
"""

from __future__ import annotations

import functools
import re
from typing import Any

#: Runs axe (all its rules, or ``runOnly``), then the second looks; resolves to
#: the violations and what stays incomplete, without element references.
CHECK_JS = """async ({runOnly}) => {
  const root = document.scrollingElement;
  const size = () => [root.scrollWidth, root.scrollHeight].join('x');
  const htmlStyle = getComputedStyle(document.documentElement);
  const transparent = ['transparent', 'rgba(0, 0, 0, 0)'].includes(htmlStyle.backgroundColor);
  if (htmlStyle.backgroundImage !== 'none' || !transparent) {
    throw new Error('html has a background: stretching body would repaint the page');
  }
  const bodyStyle = document.body.getAttribute('style');
  const before = size();
  document.body.style.minHeight = root.scrollHeight + 'px';
  try {
    if (size() !== before) throw new Error(`stretching body moved the page: ${before}, ${size()}`);
    return await check(runOnly);
  } finally {
    if (bodyStyle === null) document.body.removeAttribute('style');
    else document.body.setAttribute('style', bodyStyle);
    window.scrollTo({top: 0, left: 0, behavior: 'instant'});
  }

  async function check(runOnly) {
    const options = {resultTypes: ['violations', 'incomplete'], elementRef: true};
    const contrastOnly = {...options, runOnly: ['color-contrast']};
    const first = await axe.run(document, runOnly ? {...options, runOnly} : options);
    const isContrast = (rule) => rule.id === 'color-contrast';
    const violations = first.violations;
    const incomplete = first.incomplete.filter((rule) => !isContrast(rule));
    let contrastRule = violations.find(isContrast);
    let undeterminedRule = first.incomplete.find(isContrast);
    const judged = new Set(contrastRule ? contrastRule.nodes.map((node) => node.element) : []);
    const undeterminedNodes = new Map(
      (undeterminedRule ? undeterminedRule.nodes : []).map((node) => [node.element, node]));
    const pending = new Set(undeterminedNodes.keys());
    const looks = {windows: 0};

    // a second look's contrast violations join the first run's; returns what stays undetermined
    const record = (result, candidates) => {
      for (const rule of result.violations) {
        for (const node of rule.nodes) {
          if (judged.has(node.element) || !candidates.has(node.element)) continue;
          judged.add(node.element);
          pending.delete(node.element);
          if (!contrastRule) violations.push(contrastRule = {...rule, nodes: []});
          contrastRule.nodes.push(node);
        }
      }
      const still = new Map();
      for (const rule of result.incomplete) {
        undeterminedRule = undeterminedRule || rule;
        for (const node of rule.nodes) {
          if (candidates.has(node.element)) still.set(node.element, node);
        }
      }
      return still;
    };
    // wholly in view between the box's top and bottom edges (of the viewport for the page)
    const whole = (el, area) => {
      const box = el.getBoundingClientRect();
      return box.top >= area.top && box.bottom <= area.bottom;
    };

    // 1. scroll boxes whose content is clipped: half a box-height at a time, so each
    // text (up to half a box tall) is wholly in view once; the rest is reported
    // (a closed drawer, off the side of the viewport, is read by nobody, nor by axe)
    const beside = (el) => {
      const box = el.getBoundingClientRect();
      return box.right <= 0 || box.left >= innerWidth;
    };
    const boxes = [...document.querySelectorAll('body *')].filter((el) =>
      el.scrollHeight > el.clientHeight + 1 && el.checkVisibility() && !beside(el)
      && /auto|scroll/.test(getComputedStyle(el).overflowY));
    const unseen = [];
    for (const box of boxes) {
      const texts = [...box.querySelectorAll('*')].filter((el) => el.checkVisibility()
        && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
      const start = box.scrollTop;
      const seen = new Set(texts.filter((el) => whole(el, box.getBoundingClientRect())));
      const step = Math.max(1, Math.floor(box.clientHeight / 2));
      for (let top = start; ;) {
        box.scrollTo({top: top + step, behavior: 'instant'});
        if (box.scrollTop <= top) break;
        top = box.scrollTop;
        const area = box.getBoundingClientRect();
        const shown = new Set(texts.filter((el) => !seen.has(el) && whole(el, area)));
        if (!shown.size) continue;
        looks.windows += 1;
        const still = record(await axe.run({include: [...shown]}, contrastOnly), shown);
        for (const element of shown) {
          seen.add(element);
          if (still.has(element)) {
            pending.add(element);
            undeterminedNodes.set(element, still.get(element));
          } else {
            pending.delete(element);
          }
        }
      }
      box.scrollTo({top: start, behavior: 'instant'});
      for (const element of texts) {
        if (seen.has(element)) continue;
        unseen.push({target: [element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')],
                     html: element.outerHTML.slice(0, 200),
                     any: [{message: 'never wholly in view in its scroll box'}]});
      }
    }

    // what stays undetermined fails, with where it was
    const undetermined = [...pending].map((element) => {
      const node = undeterminedNodes.get(element);
      node.where = {box: element.getBoundingClientRect().toJSON(), innerHeight, scrollY};
      return node;
    });
    undetermined.push(...unseen);
    if (undetermined.length) {
      incomplete.push({...undeterminedRule, id: 'color-contrast', nodes: undetermined});
    }
    const plain = (key, value) => (value instanceof Node ? undefined : value);
    return JSON.parse(JSON.stringify({
      violations, incomplete, looks, theme: document.body.dataset.theme}, plain));
  }
}"""

#: Impacts that fail the tests.
BLOCKING_IMPACTS = {"serious", "critical"}


@functools.cache
def axe_script() -> str:
    """axe-core's ``axe.min.js``, as bundled in axe-playwright-python."""
    from axe_playwright_python.sync_playwright import Axe

    return str(Axe().axe_script)


#: Starts the check after the current task: most of axe's work runs before its
#: first ``await``, and an ``evaluate`` returns only once the code it started
#: yields, so a check started in place kept the caller waiting for all of it.
START_JS = f"""(options) => {{
  window.__confnotesAxe = new Promise((done) => setTimeout(done, 0))
    .then(() => ({CHECK_JS})(options));
}}"""


def start(page: Any, run_only: list[str] | None = None) -> None:
    """Start the check in *page* without waiting (pages in other processes run meanwhile)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_script())
    page.evaluate(START_JS, {"runOnly": run_only})


def result(page: Any) -> dict[str, Any]:
    """Wait for the check started in *page*; return its violations and incomplete results."""
    found: dict[str, Any] = page.evaluate("() => window.__confnotesAxe")
    return found


def target(node: dict[str, Any]) -> str:
    """axe's selector of a node, as one string."""
    return " ".join(" ".join(t) if isinstance(t, list) else t for t in node["target"])


def _message(node: dict[str, Any]) -> str:
    checks = node.get("any") or node.get("all") or node.get("none") or [{}]
    return str(checks[0].get("message", ""))


def findings(
    where: str, found: dict[str, Any], known: dict[tuple[str, str], str] | None = None
) -> list[str]:
    """Blocking violations, and text whose contrast axe could not judge.

    Text made only of non-text characters (an icon's glyph) has no contrast
    to judge; *known* maps ``(rule, selector fragment)`` to why a violation
    is allowed.
    """
    failures = [
        f"{where} colour contrast not determined: {target(node)}: {message}"
        + (f" {node['where']}" if "where" in node else "")
        for rule in found["incomplete"]
        if rule["id"] == "color-contrast"
        for node in rule["nodes"]
        if not re.search(r"only non-text characters", message := _message(node))
    ]
    for violation in found["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            selector = target(node)
            if any(
                violation["id"] == rule and fragment in selector for rule, fragment in known or {}
            ):
                continue
            failures.append(
                f"{where} {violation['id']} ({violation['impact']}): {selector}\n"
                f"    {node.get('failureSummary', '').replace(chr(10), ' ')}\n"
                f"    {node['html'][:200]}"
            )
    return failures
