"""Talk pages whose edits the incremental-build test draws at random (test_incremental_edits)."""

project = "Test incremental edits"
extensions = ["sphinx_design", "confnotes"]
confnotes_default_event = "Edit Conf 2031"
exclude_patterns = ["_build"]
html_theme = "furo"
copyright = "2031, the test authors"
version = release = "1.0"
# The edits give talks of one day the same slot on purpose: the programme then
# lists them by page and line, an order the incremental builds must keep too.
suppress_warnings = ["confnotes.slot_clash"]
