"""Render in one pass: what a generated module uses is recorded by the code that writes it.

Every filter that writes an annotation, a default or a base class records the import it needs
in the :class:`Used` of the module being rendered (the current one, see :meth:`Used.rendering`).
The template marks where the import block goes; once the body is rendered, :meth:`Used.fill`
lays the block out from what was recorded, so it can neither miss an import nor add an unused one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..ir.reserved import CONFIG_RUNTIME, RUNTIME_EXPORTS
from .python import LIBRARY_NAMES, Annotator, Import, import_block, isort_key

MARK = "\x00imports\x00"  # where the import block goes; no rendered text holds a NUL
_CURRENT: ContextVar[Used] = ContextVar("clientgen_module")


class Used:
    """What one module's text uses; ``prefix`` qualifies generated names (``models.`` outside
    models.py)."""

    def __init__(self, prefix: str = "") -> None:
        self.annotate = Annotator(prefix)
        self.parameter = Annotator(prefix, for_parameter=True)
        self.imports: set[Import] = set()
        self.modules: set[str] = set()  # whole-module imports: ``import enum``
        self.runtime: set[str] = set()  # names from the package's _runtime
        self.config: set[str] = set()  # names from its _runtime._config

    def use(self, name: str) -> str:
        """``name``, which a template writes literally, with its import recorded: a name the
        runtime exports, one of its ``_config`` or a library's (:data:`~.python.LIBRARY_NAMES`); an
        unknown name is a KeyError."""
        if name in RUNTIME_EXPORTS:
            self.runtime.add(name)
        elif name in CONFIG_RUNTIME:
            self.config.add(name)
        elif isinstance(imported := LIBRARY_NAMES[name], Import):
            self.imports.add(imported)
        else:
            self.modules.add(imported)
        return name

    @contextmanager
    def rendering(self) -> Iterator[Used]:
        """Make this the module the filters record into while its template renders."""
        token = _CURRENT.set(self)
        try:
            yield self
        finally:
            _CURRENT.reset(token)

    @property
    def qualified(self) -> bool:
        """Whether the text names a generated definition through the prefix (``models.Run``)."""
        return self.annotate.qualified or self.parameter.qualified

    def block(self, *, also: Iterable[str] = (), runtime_module: str = ".._runtime") -> str:
        """The import lines: standard library and third party, then the runtime's names (from
        ``runtime_module``) and its ``_config``'s, then ``also`` (the package's own modules)."""
        imports = self.imports | self.annotate.imports | self.parameter.imports
        names = self.runtime | self.annotate.runtime | self.parameter.runtime
        groups = [import_block(imports, modules=self.modules)]
        local = [f"from {runtime_module} import {', '.join(sorted(names, key=isort_key))}"] if names else []
        if self.config:
            local.append(f"from {runtime_module}._config import {', '.join(sorted(self.config, key=isort_key))}")
        groups.append("\n".join([*local, *also]))
        return "\n\n".join(g for g in groups if g)

    def fill(self, text: str, block: str) -> str:
        """``text`` with the import block where the template marked it."""
        assert text.count(MARK) == 1, "a module template marks its import block once"
        if not block:  # and the blank line before it: black keeps one after a module docstring
            return text.replace("\n\n" + MARK + "\n", "\n", 1).replace(MARK + "\n", "")
        return text.replace(MARK + "\n", block + "\n")


def used() -> Used:
    """The module being rendered."""
    return _CURRENT.get()
