"""Images, tables and downloads of files outside the source tree, in reST and MyST.

The tests copy this root to ``<tmp>/src`` and write ``<tmp>/outside.png``,
``<tmp>/outside.csv`` and ``<tmp>/outside.txt``, the files the pages name
from outside their source directory.
"""

project = "Outside files"
extensions = ["myst_parser", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "snippet.txt", "inside.csv"]
