"""A small conference site: talks, speakers, tools, lightning talks."""

project = "Test talks"
extensions = ["sphinx_design", "confnotes"]
confnotes_default_event = "DjangoCon Europe 2013"
exclude_patterns = ["_build"]
copyright = "2013, the test authors"
version = release = "1.0"
