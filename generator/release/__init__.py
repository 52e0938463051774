"""Between build and render: what the generated API is (:mod:`.surface`), what changed (:mod:`.changes`), the
version and changelog that follow (:mod:`.versioning`), and specs at another git revision
(:mod:`.revision`). The snapshot keeps types in the structured form of :mod:`.typecodec`; one an
earlier clientgen wrote is read as :mod:`.legacy` says. Reads the IR; never raw OpenAPI.
"""
