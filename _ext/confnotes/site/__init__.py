"""The site's web concerns, on top of :mod:`confnotes.core`.

Each part is a Sphinx extension with its own ``setup()``: ``navigation``
(sidebar, furo, the 404 page's sidebar), ``web`` (descriptions, metatags,
JSON-LD, robots.txt and the sitemap), ``export`` (conference.json),
``safety`` (unsafe content and hostile sources), ``replay`` (warnings of
pages not rebuilt), ``warning_types`` (a type for every warning),
``warning_locations`` (a line for a warning logged without one),
``epub_cache`` (no warning about the doctree cache in an e-book's folder),
``removed_pages`` (a page deleted from the sources is deleted from the output),
``static_files`` (every page written again when a stylesheet or script changes),
``searchindex``, ``search_stems`` (each word stemmed once per build),
``singlepage``, ``translator`` and ``icon_fonts`` (a Font Awesome icon no
font fills warns).
"""
