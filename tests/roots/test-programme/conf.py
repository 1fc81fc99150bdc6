"""Two events of three days each: talks, keynotes, lightning talks, one speaker in both."""

project = "Test programme"
extensions = ["sphinx_design", "myst_parser", "confnotes"]
confnotes_default_event = "Alpha Conf 2030"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
copyright = "2030, the test authors"
version = release = "1.0"
