"""Imported by the build server alone, never by the tests (see ``build_server``)."""

from build_server import preload

preload()
