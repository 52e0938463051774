"""Between build and render: what the generated API is (:mod:`.surface`), what changed (:mod:`.changes`), the
version and changelog that follow (:mod:`.versioning`), and specs at another git revision
(:mod:`.revision`). Reads the IR; never raw OpenAPI.
"""
