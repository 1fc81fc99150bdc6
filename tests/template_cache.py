"""Compile the HTML theme's templates once per test module, not once per build.

Each Sphinx app makes a new Jinja environment, which parses and compiles the
theme's templates again: a fifth of a small test build. Jinja's bytecode
cache (a documented Jinja feature Sphinx leaves unset) hands the compiled
code to the next app. A template is reused only for the same file, the same
source (Jinja checks its checksum) and an environment set up the same way,
so every page comes out byte for byte as without the cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sphinx.jinja2glue import BuiltinTemplateLoader


class CompiledTemplates(BytecodeCache):
    """Compiled templates in memory, by environment settings, file and source checksum."""

    def __init__(self) -> None:
        self.code: dict[tuple[Any, ...], bytes] = {}
        #: how many templates were loaded compiled instead of compiled again
        self.loaded = 0

    @staticmethod
    def key(bucket: Bucket) -> tuple[Any, ...]:
        env = bucket.environment
        settings = (
            type(env),
            tuple(sorted(env.extensions)),
            getattr(env, "newstyle_gettext", None),
            env.autoescape,
            env.optimized,
        )
        return (*settings, bucket.key)

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(self.key(bucket))
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored if the checksum differs
            if bucket.code is not None:
                self.loaded += 1

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[self.key(bucket)] = bucket.bytecode_to_string()


@contextmanager
def compiled_once() -> Iterator[CompiledTemplates]:
    """Give every Sphinx app made inside the block one template cache."""
    cache = CompiledTemplates()
    original = BuiltinTemplateLoader.init

    def init(self: BuiltinTemplateLoader, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.environment.bytecode_cache = cache

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BuiltinTemplateLoader, "init", init)
        yield cache
