"""Stage 2, validate: the loaded data must be an OpenAPI 3.0, 3.1 or 3.2 document (Swagger 2.0 is
read as 3.0 by :mod:`generator.load.swagger2`, and checked against the official 2.0 schema here).

In: :class:`~generator.load.Document`. Out: its version line (``"3.0"``/``"3.1"``/``"3.2"``) and located
diagnostics; :mod:`.tolerance` says what is forgiven. Never imports the IR or rendering.
"""

from .openapi import check_version, defects, validate

__all__ = ["check_version", "defects", "validate"]
