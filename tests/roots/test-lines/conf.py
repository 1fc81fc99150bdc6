"""Roles on every line of multi-line blocks, in reST and MyST: warnings name their line."""

project = "Lines"
extensions = ["myst_parser", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
confnotes_default_event = "Example Conf"
