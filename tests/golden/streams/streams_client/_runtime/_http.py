"""The HTTP library of this package: httpx2, chosen by clientgen's ``[tool.clientgen] http``.

The only module that names the library. The rest of the runtime imports it from here under one
name, ``from ._http import httpx``, and uses the names both libraries share (``httpx.Client``,
``httpx.Response``, ``httpx.Timeout``, ``httpx.RequestError``, ...): HTTPX2 is httpx's
continuation and keeps them. So the runtime is the same text for either library, and a package
made for one neither imports nor depends on the other.
"""

import httpx2 as httpx

__all__ = ["httpx"]
