"""Stages 5 and 6, format and write: rendered text becomes black-formatted bytes on disk.

:mod:`.format` (cut into :mod:`.chunks`, cached by :mod:`.format_cache`), then :mod:`.write`
(atomic swap of the output folder, or a comparison for ``check``). :mod:`.cache` keeps the run
stamp that lets an unchanged run skip every stage. Never imports the IR builder or the templates.
"""
