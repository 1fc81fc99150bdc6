"""Every bad case of issue 3: each must warn with file:line and its own subtype."""

project = "Bad input"
extensions = ["sphinx_design", "confnotes"]
exclude_patterns = ["_build"]
