"""One speaker whose name the notes spell two ways: one card, references in either spelling."""

project = "Test aliases"
extensions = ["sphinx_design", "confnotes"]
confnotes_default_event = "PyCon Example 2013"
exclude_patterns = ["_build"]
copyright = "2013, the test authors"
version = release = "1.0"
