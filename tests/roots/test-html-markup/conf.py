"""Markup the translator fixes: toctree captions, code blocks of every kind, a citation list."""

project = "Markup"
extensions = ["confnotes"]
exclude_patterns = ["_build"]
html_theme = "furo"
copyright = "2013, the test authors"
version = release = "1.0"
