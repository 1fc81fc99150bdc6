"""Pages every other page links to, for the page files a stranger adds.

The tests copy this root to ``<tmp>/src`` and add what git cannot carry to
every system: a page that is a symbolic link to a file outside the source
directory, and a page whose name holds a colon (``javascript:alert(1)<!--``).
"""

project = "Page files"
extensions = ["myst_parser", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
