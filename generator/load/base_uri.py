"""OpenAPI 3.2's ``$self``: the URI a document names itself by, the base of its ``$ref``s.

A reference that resolves, against ``$self``, to the document itself or to a file beside or below
it names that file by its path relative to this one: the spec's folder is the folder of its
``$self``. Any other absolute reference is left as written (and refused as a URL, as before).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from .document import Document


def local_part(document: Document, file_part: str) -> str:
    """The file part of a ``$ref`` in ``document``, as a path relative to it ("" for itself)."""
    if not file_part:  # the document itself: most references
        return file_part
    own = document.data.get("$self") if isinstance(document.data, dict) else None
    if not isinstance(own, str) or not own:
        return file_part
    own = own.split("#", 1)[0]
    absolute = urljoin(own, file_part)
    if absolute == own:
        return ""
    folder = urljoin(own, ".")
    if urlsplit(own).scheme and absolute.startswith(folder) and len(absolute) > len(folder):
        return absolute[len(folder) :]
    return file_part
