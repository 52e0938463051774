"""Stage 1, load: a spec file becomes plain JSON-like data (:class:`~.document.Document`), its positions
found on demand.

In: a path. Out: :class:`Document`. Before anything is parsed into objects, :mod:`.guard` bounds what
the file may cost (size, depth, aliases, long numbers); :mod:`.resolve` follows ``$ref``s across the
spec's files, confined to its folder. Never imports validation, the IR or rendering.
"""

from .document import Document, load, pointer_parts

__all__ = ["Document", "load", "pointer_parts"]
