"""openapi-pydantic's models of one OpenAPI version, without paying for the other's.

``import openapi_pydantic`` runs the package's ``__init__``, which imports its version-inferring
parser, which builds the pydantic models of both 3.0 and 3.1: about 35 ms of a small spec's cold
run that validates against one of them. :func:`models` imports only ``openapi_pydantic.v3.v3_0``
or ``openapi_pydantic.v3.v3_1``, with the two package ``__init__`` modules above it deferred: each
is a module whose code runs on the first attribute the package itself does not have (PEP 562), so
``import openapi_pydantic`` elsewhere in the process still gets the whole package.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from functools import cache
from types import ModuleType
from typing import Any

_PACKAGES = ("openapi_pydantic", "openapi_pydantic.v3")
_MODULES = {"3.0": "openapi_pydantic.v3.v3_0", "3.1": "openapi_pydantic.v3.v3_1"}


@cache
def models(version: str) -> ModuleType:
    """The module of openapi-pydantic's models for ``version`` (``"3.0"`` or ``"3.1"``)."""
    for name in _PACKAGES:
        if name not in sys.modules:
            _defer(name)
    return importlib.import_module(_MODULES[version])


@cache
def tags(version: str) -> frozenset[str]:
    """The class names pydantic puts in an error's location for the union branch it tried."""
    import pydantic

    return frozenset(name for name, obj in inspect.getmembers(models(version), inspect.isclass) if issubclass(obj, pydantic.BaseModel))


def _defer(name: str) -> None:
    """Put the package ``name`` in :data:`sys.modules` with its ``__path__`` (so its submodules
    import) and its ``__init__`` not yet run: the first attribute it lacks runs it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        importlib.import_module(name)  # not a package as expected: import it whole
        return
    loader = spec.loader
    module = importlib.util.module_from_spec(spec)

    def complete(attribute: str) -> Any:
        del module.__dict__["__getattr__"]
        loader.exec_module(module)
        return getattr(module, attribute)

    module.__dict__["__getattr__"] = complete
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
