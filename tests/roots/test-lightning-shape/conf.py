"""A day's lightning talks in the old shape (sections under one talk), in reST and MyST.

Beside them, pages that are fine: a lightning page in the right shape, and a
talk whose page has sections that are no talks.
"""

project = "Lightning shape"
extensions = ["myst_parser", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
confnotes_default_event = "Example Conf"
