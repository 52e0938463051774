"""Stage 4, render: the IR laid out as Python text by the Jinja templates in ``templates/``.

In: :class:`~generator.ir.Api` values. Out: ``{path: text}``. :mod:`.python` says how IR values read
as Python (annotations, literals, docstring literals, import lines); :mod:`.signatures` writes a
method's parameters and :mod:`.docs` every docstring's prose; :mod:`.package` fills the templates,
in one pass: :mod:`.used` records each module's imports as its filters (and the templates' own
literal names, through ``use``) write it. Never sees raw OpenAPI data and never imports the
loader, the validator or the builder.

This module stays free of imports beyond the standard library: the run cache reads
:data:`TEMPLATES` without paying for jinja2.
"""

from pathlib import Path

_GENERATOR = Path(__file__).resolve().parent.parent
_INSTALLED = _GENERATOR / "_templates"  # templates/ inside the package in a non-editable install
TEMPLATES = _INSTALLED if _INSTALLED.is_dir() else _GENERATOR.parent / "templates"
RUNTIME = TEMPLATES / "runtime"
