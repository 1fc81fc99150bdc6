"""Speakers known only by a handle, or by what the notes call them."""

project = "Test handles"
extensions = ["sphinx_design", "confnotes"]
confnotes_default_event = "DjangoCon Europe 2013"
exclude_patterns = ["_build"]
copyright = "2013, the test authors"
version = release = "1.0"
