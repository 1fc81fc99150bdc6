"""Raw content and includes from outside the source tree, in reST and MyST.

The tests copy this root to ``<tmp>/src`` and write ``<tmp>/outside.txt``, the
file the pages try to include from outside their source directory.
"""

project = "Unsafe markup"
extensions = ["myst_parser", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "snippet.txt"]
