"""Prose that states which day, or how many talks: the make check prose check flags it."""

project = "Stated facts"
extensions = ["myst_parser", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
confnotes_default_event = "Example Conf"
