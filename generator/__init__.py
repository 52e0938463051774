"""clientgen: typed Python API clients from Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2 documents.

The pipeline, one folder a stage: :mod:`.load` (file -> Document; Swagger 2.0 read as OpenAPI
3.0) -> :mod:`.validate` (OpenAPI 3.0/3.1 by openapi-pydantic, 3.2 and 2.0 by their official
schemas) -> :mod:`.builder` (Document -> the :mod:`.ir`) -> :mod:`.release` (the IR's API surface,
changes and version) -> :mod:`.render` (IR -> Python text, by the templates in templates/) ->
:mod:`.output` (black's layout, black itself only where that is uncertain, then an atomic write).
:mod:`.pipeline` runs the stages for one run, :mod:`.config` reads ``[tool.clientgen]``,
:mod:`.vendoring` is ``clientgen vendor``, and :mod:`.cli` is the command line, which no stage
imports (nor the pipeline).
"""
