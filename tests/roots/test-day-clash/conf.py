"""An event whose talks give :day: numbers that clash (confnotes.day_clash), in reST and MyST."""

project = "Test day clash"
extensions = ["myst_parser", "sphinx_design", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
confnotes_default_event = "Clash Conf 2013"
exclude_patterns = ["_build"]
copyright = "2013, the test authors"
version = release = "1.0"
