"""Stage 1, load: a spec file becomes plain JSON-like data (:class:`~.document.Document`), its positions
found on demand.

In: a path. Out: :class:`Document`. YAML goes through the native reader (:mod:`.native`, data and
positions in one pass) or else :mod:`.fast` (yaml-rs) when either is sure to read the document
exactly as ruamel.yaml does; otherwise, before anything is parsed into objects, :mod:`.guard`
bounds what the file may cost (size, depth, aliases, long numbers), and :mod:`.positions` finds
lines when a diagnostic needs them; :mod:`.resolve` follows ``$ref``s across the spec's files, confined to
its folder, each relative to the file that holds it. Never imports validation, the IR or rendering.
"""

from .document import Document, load, pointer_parts

__all__ = ["Document", "load", "pointer_parts"]
