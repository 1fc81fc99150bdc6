"""No build fetches an image, or unpacks one the late gate would refuse.

Builders that cannot show a remote image (epub, LaTeX) have Sphinx fetch it
while writing (``ImageDownloader``): the build reaches any address a page
gives, and packs whatever comes back (an SVG with a script) into the book.
Those that cannot show inline data write a ``data:`` image to a file first
(``DataURIExtractor``), which the late gate, running after them, then takes
for a file of the project. So, before both (post-transforms of priority 100
and 150):

* an image whose source the gate refuses (``data:``, ``javascript:``) is
  gated now, with the gate's own rule and warning;
* a remote image, in a builder that would fetch it, is not fetched: its alt
  text is shown, and it warns ``confnotes.remote_image``. HTML shows it as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from confnotes.core.validation import is_safe_link, warn
from confnotes.site.safety.gate import gate_image, location_of, replace_by_alt

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def is_remote(uri: str) -> bool:
    """Whether an image source is an address Sphinx would fetch (as its ``ImageDownloader``)."""
    return "://" in uri


class KeepImagesLocal(SphinxPostTransform):
    """Gate unsafe images and refuse remote ones before Sphinx fetches or unpacks them."""

    default_priority = 90
    #: the builder fetches remote images (set for the builder being run)
    fetches = False
    builder_name = ""

    def run(self, **kwargs: Any) -> None:
        """Check every image of the page."""
        docname = self.env.docname
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if not is_safe_link(uri):
                gate_image(self.env, image, docname)
            elif self.fetches and is_remote(uri):
                location, _origin = location_of(self.env, image, docname, uri[:40])
                warn(
                    "remote image %r is not fetched for the %s build; its alt text is shown",
                    uri[:80],
                    self.builder_name,
                    subtype="remote_image",
                    location=location,
                )
                replace_by_alt(image)


def keep_images_local(app: Sphinx) -> None:
    """``builder-inited``: register the check, told whether this builder fetches.

    Sphinx fetches for a builder that supports images but not remote ones;
    a transform learns the builder only through private names, so it is told.
    """
    builder = app.builder
    fetches = not builder.supported_remote_images and bool(builder.supported_image_types)
    attributes = {"fetches": fetches, "builder_name": builder.name}
    app.add_post_transform(type("KeepImagesLocal", (KeepImagesLocal,), attributes))


def setup_image_fetch(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.connect("builder-inited", keep_images_local)
