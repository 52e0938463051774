"""Stage 2, validate: the loaded data must be an OpenAPI 3.0/3.1 document.

In: :class:`~generator.load.Document`. Out: its version line (``"3.0"``/``"3.1"``) and located
diagnostics; :mod:`.tolerance` says what is forgiven. Never imports the IR or rendering.
"""

from .openapi import check_version, defects, validate

__all__ = ["check_version", "defects", "validate"]
