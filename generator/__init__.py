"""clientgen: typed Python API clients from OpenAPI documents.

The pipeline, one module a stage: :mod:`.load` -> :mod:`.validate` -> :mod:`.build` (to the
:mod:`.ir`) -> :mod:`.render` (templates/) -> :mod:`.format` -> :mod:`.write`; :mod:`.pipeline`
runs it and :mod:`.cli` is the command line.
"""
