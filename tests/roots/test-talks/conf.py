"""A small conference site: talks, speakers, tools, lightning talks."""

project = "Test talks"
extensions = ["sphinx_design", "confnotes"]
confnotes_default_event = "DjangoCon Europe 2013"
exclude_patterns = ["_build"]
