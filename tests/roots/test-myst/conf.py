"""The same talk page in reStructuredText (talk.rst) and MyST (talk.md).

The test builds two copies, each without one of the two.
"""

project = "MyST talk"
extensions = ["myst_parser", "sphinx_design", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
confnotes_default_event = "DjangoCon Europe 2013"
exclude_patterns = ["_build"]
