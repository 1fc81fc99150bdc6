"""The extension's version and the metadata every one of its ``setup()`` returns."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

#: the version of the environment data (``ConferenceDomain.data_version`` is
#: this number): bump it when a record changes shape or what is stored changes
#: meaning (4: ids normalised to ASCII, raw content left out of doctrees, talk
#: pages' intros collected; 5: slots and start times, talks end with a "Tools
#: mentioned" section; 6: records note the ``only`` condition around them; 7:
#: talks' introductions keep a space between blocks, drop docutils' escape
#: markers and nested talks; 8: the package split into ``core`` and ``site``
#: (pickled node classes moved), dependency keys are typed values; 10: the
#: domain keeps no ``views`` table, the pages holding a view come from its
#: ``placeholders``; 11: tools record ``:common-word:``; 12: options lose
#: invisible marks, events and speaker notes are checked for markup; 15: each
#: page's toctrees as written are kept, to place every page once; 16: nodes
#: name included files by their absolute path; 17: declarations note an
#: included file they are written in; 18: talks note the lines of their
#: ``:speaker:`` and ``:slot:``; 19: the domain's ``standard`` table, what
#: each page's labels, terms and title show); 20: introductions keep the
#: citations that are a part of their sentence, so an older environment is
#: read afresh
ENV_VERSION = 20


def metadata() -> dict[str, Any]:
    """Return what each part's ``setup()`` returns: one version, parallel safe."""
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
