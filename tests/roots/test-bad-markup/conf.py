"""Bad markup of issue 12 in both syntaxes: unknown options, empty role targets, accented ids."""

project = "Bad markup"
extensions = ["myst_parser", "sphinx_design", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
confnotes_default_event = "DjangoCon Europe 2013"
