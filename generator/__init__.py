"""clientgen: typed Python API clients from OpenAPI documents.

The pipeline, one folder a stage: :mod:`.load` (file -> Document) -> :mod:`.validate` (OpenAPI
3.0/3.1) -> :mod:`.builder` (Document -> the :mod:`.ir`) -> :mod:`.release` (the IR's API surface,
changes and version) -> :mod:`.render` (IR -> Python text, by the templates in templates/) ->
:mod:`.output` (black's layout, black itself only where that is uncertain, then an atomic write).
:mod:`.pipeline` runs the stages for one run, :mod:`.config` reads ``[tool.clientgen]``,
:mod:`.vendoring` is ``clientgen vendor``, and :mod:`.cli` is the command line, which no stage
imports (nor the pipeline).
"""
