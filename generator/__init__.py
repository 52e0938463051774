"""clientgen: typed Python API clients from OpenAPI documents.

The pipeline, one folder a stage: :mod:`.load` (file -> Document) -> :mod:`.validate` (OpenAPI
3.0/3.1) -> :mod:`.builder` (Document -> the :mod:`.ir`) -> :mod:`.render` (IR -> Python text, by
the templates in templates/) -> :mod:`.output` (black, then an atomic write); :mod:`.release` reads
the IR for the API surface, changes and version. :mod:`.pipeline` runs the stages, :mod:`.vendoring`
is ``clientgen vendor``, and :mod:`.cli` is the command line, which no stage imports.
"""
