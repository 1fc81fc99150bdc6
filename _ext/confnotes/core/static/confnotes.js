/* confnotes: progressive enhancements of the generated views.
 *
 * Every page works without this script: a talk's recording is its plain
 * "Video" link, the tool glossary a plain list with its jump links. With it:
 *
 * - a talk header's video box (.conf-video) shows its play button; pressing
 *   it (click, Enter or Space: it is a real <button>) replaces the button
 *   with the youtube-nocookie.com player. Nothing is requested from YouTube
 *   before that.
 * - the tool glossary (.conf-tool-jumpbar) gets a filter box that narrows
 *   the entries as one types.
 *
 * DOM APIs only (createElement, textContent): no HTML strings.
 */
(() => {
  "use strict";

  const EMBED = "https://www.youtube-nocookie.com/embed/";

  function play(box, button) {
    const url = new URL(box.dataset.confEmbed);
    url.searchParams.set("autoplay", "1");
    const frame = document.createElement("iframe");
    frame.className = "conf-video-frame";
    frame.src = url.href;
    frame.title = `Video: ${box.dataset.confTitle || "recording"}`;
    frame.allow =
      "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    button.replaceWith(frame);
    box.classList.add("conf-video-playing");
    frame.focus();
  }

  function initVideos() {
    for (const box of document.querySelectorAll(".conf-video[data-conf-embed]")) {
      const button = box.querySelector("button.conf-video-play");
      // only ever the nocookie player, whatever the attribute says
      if (!button || !box.dataset.confEmbed.startsWith(EMBED)) continue;
      button.hidden = false;
      box.classList.add("conf-video-ready");
      button.addEventListener("click", () => play(box, button), { once: true });
    }
  }

  function entriesOf(glossary) {
    return [...glossary.querySelectorAll("dl.conf-tool-glossary > dt")].map((term) => {
      const definition = term.nextElementSibling;
      const name = term.querySelector(".conf-tool-name") || term;
      const about = definition?.querySelector(".conf-tool-description");
      const text = `${name.textContent} ${about?.textContent || ""}`;
      return { term, definition, text: text.toLocaleLowerCase() };
    });
  }

  function initGlossaryFilter() {
    const jumpbar = document.querySelector(".conf-tool-jumpbar");
    const glossary = jumpbar?.closest("section") || document.body;
    if (!jumpbar) return;
    const entries = entriesOf(glossary);
    const lists = [...glossary.querySelectorAll("dl.conf-tool-glossary")];

    const box = document.createElement("div");
    box.className = "conf-tool-filter";
    const label = document.createElement("label");
    label.htmlFor = "conf-tool-filter-input";
    label.textContent = "Filter tools";
    const input = document.createElement("input");
    input.type = "search";
    input.id = "conf-tool-filter-input";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "name or words of its description";
    const status = document.createElement("p");
    status.className = "conf-tool-filter-status";
    status.setAttribute("role", "status");
    box.append(label, input, status);
    jumpbar.before(box);

    function apply() {
      const query = input.value.trim().toLocaleLowerCase();
      let shown = 0;
      for (const entry of entries) {
        const visible = !query || entry.text.includes(query);
        entry.term.hidden = !visible;
        if (entry.definition) entry.definition.hidden = !visible;
        if (visible) shown += 1;
      }
      for (const list of lists) {
        const any = [...list.children].some((child) => child.tagName === "DT" && !child.hidden);
        list.hidden = !any;
        const heading = list.previousElementSibling;
        if (heading?.classList.contains("conf-tool-category")) heading.hidden = !any;
      }
      glossary.classList.toggle("conf-tool-filtering", Boolean(query));
      status.textContent = query
        ? shown === 1
          ? "1 tool matches."
          : `${shown} of ${entries.length} tools match.`
        : "";
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        apply();
      }
    });
  }

  function init() {
    initVideos();
    initGlossaryFilter();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
