"""Settings from ``[tool.clientgen]`` in pyproject.toml, with defaults for every key.

[tool.clientgen]
specs = "specs"                  # one spec per provider; the file stem is the provider key
output = "generated"             # the generated, installable package
package = "provider_clients"     # its import name
distribution = "provider-clients"
version = "0.1.0"
http = "httpx2"                  # the HTTP library the clients use: "httpx2" (default) or "httpx"
strict = false                   # every warning is an error (a spec's defect refuses it)
lazy_models_above = 200          # a provider with more definitions: its models load on first use

[tool.clientgen.providers.nekt]  # per-provider overrides
client_name = "NektClient"
allow_external_refs = false      # allow $refs outside the spec's folder
strict = true                    # overrides the top-level `strict` for this provider

[tool.clientgen.providers.nekt.waiters.run]  # wait_for_run: see config/waiters.py
operation = "v1_runs_retrieve"
success = [{ status = ["success"] }]
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

from ..errors import Diagnostics, GenerationError, display_path
from .pagination import PaginationDeclaration, read_pagination
from .toml_lines import key_lines, line_of
from .waiters import WaiterDeclaration, read_waiters

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
# The HTTP libraries a generated package can be made for (``[tool.clientgen] http``, ``--http``),
# each with the requirement its package declares; the first is the default. HTTPX2 is httpx's
# maintained continuation under the same names; httpx stays for projects that have not moved.
HTTP_LIBRARIES = {"httpx2": "httpx2>=2.16,<3", "httpx": "httpx>=0.27,<1"}
DEFAULT_HTTP = "httpx2"
# Above this many definitions (models, enums, aliases), a provider's models are split into modules
# that load on first use: measured in the README's "Large providers load on first use".
LAZY_MODELS_ABOVE = 200


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class PackageInfo:
    package: str  # import name, e.g. provider_clients
    distribution: str  # pip name, e.g. provider-clients
    version: str
    http: str = DEFAULT_HTTP  # the HTTP library: a key of HTTP_LIBRARIES

    @property
    def http_requirement(self) -> str:
        return HTTP_LIBRARIES[self.http]
    lazy_models_above: int = LAZY_MODELS_ABOVE  # more definitions than this: models load on first use


@dataclass(frozen=True)
class Provider:
    key: str
    spec: Path
    client_name: str | None = None
    allow_external_refs: bool = False
    waiters: tuple[WaiterDeclaration, ...] = ()
    strict: bool = False  # every warning is an error
    pagination: tuple[PaginationDeclaration, ...] = ()  # see config/pagination.py


@dataclass(frozen=True)
class Settings:
    root: Path
    specs: Path
    output: Path
    package: str = "provider_clients"
    distribution: str = "provider-clients"
    version: str = "0.1.0"
    http: str = DEFAULT_HTTP
    strict: bool = False
    lazy_models_above: int = LAZY_MODELS_ABOVE
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    waiters: dict[str, tuple[WaiterDeclaration, ...]] = field(default_factory=dict)
    pagination: dict[str, tuple[PaginationDeclaration, ...]] = field(default_factory=dict)

    def providers(self) -> list[Provider]:
        if not self.specs.is_dir():
            raise ConfigError(f"the specs folder {self.specs} does not exist; set `specs` in [tool.clientgen]")
        result = []
        for path in sorted(self.specs.iterdir()):
            if path.suffix.lower() in SPEC_SUFFIXES and path.is_file():
                extra = self.overrides.get(path.stem, {})
                result.append(
                    Provider(
                        path.stem,
                        path,
                        client_name=extra.get("client_name"),
                        allow_external_refs=bool(extra.get("allow_external_refs", False)),
                        waiters=self.waiters.get(path.stem, ()),
                        strict=bool(extra.get("strict", self.strict)),  # checked by load_settings
                        pagination=self.pagination.get(path.stem, ()),
                    )
                )
        diagnostics = Diagnostics()
        for key in sorted(set(self.waiters) - {p.key for p in result}):
            for waiter in self.waiters[key]:
                diagnostics.error(
                    f"waiter {waiter.name!r} is declared for provider {key!r}, which has no spec in {self.specs}",
                    waiter.place.location(),
                    "declare waiters under the key of a spec (its file name without .yaml)",
                )
        for key in sorted(set(self.pagination) - {p.key for p in result}):
            for paging in self.pagination[key]:
                diagnostics.error(
                    f"pagination of {paging.operation!r} is declared for provider {key!r}, which has no spec in {self.specs}",
                    paging.place.location(),
                    "declare pagination under the key of a spec (its file name without .yaml)",
                )
        if diagnostics.errors:
            raise GenerationError(diagnostics.errors)
        return result


def find_pyproject(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: Path | None = None) -> Settings:
    start = (start or Path.cwd()).resolve()
    pyproject = find_pyproject(start)
    if pyproject is None:
        raise ConfigError(f"no pyproject.toml in {start} or above; run clientgen from the project, or use --spec and --output")
    try:
        text = pyproject.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: invalid TOML: {exc}") from None
    lines = key_lines(text)

    def where(*path: str) -> str:
        """``pyproject.toml:LINE`` of the setting at ``path`` under [tool.clientgen]."""
        line = line_of(lines, ("tool", "clientgen", *path))
        return f"{display_path(pyproject)}:{line}" if line else display_path(pyproject)

    tool = data.get("tool", {})
    section = tool.get("clientgen", {}) if isinstance(tool, dict) else None
    if not isinstance(section, dict):
        raise ConfigError(f"{where()}: [tool.clientgen] must be a table")
    known = {"specs", "output", "package", "distribution", "version", "http", "strict", "lazy_models_above", "providers"}
    unknown = sorted(set(section) - known)
    if unknown:
        raise ConfigError(
            f"{where(unknown[0])}: unknown key(s) in [tool.clientgen]: {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )

    lazy_models_above = section.get("lazy_models_above", LAZY_MODELS_ABOVE)
    if type(lazy_models_above) is not int or lazy_models_above < 0:
        raise ConfigError(f"{where('lazy_models_above')}: lazy_models_above in [tool.clientgen] must be a whole number of definitions, 0 or more")
    root = pyproject.parent
    providers = section.get("providers", {})
    diagnostics = Diagnostics()
    waiters = read_waiters(pyproject, text, providers if isinstance(providers, dict) else {}, diagnostics)
    pagination = read_pagination(pyproject, text, providers if isinstance(providers, dict) else {}, diagnostics)
    flags = [(("strict",), section)] + [
        (("providers", key, "strict"), table) for key, table in (providers.items() if isinstance(providers, dict) else ()) if isinstance(table, dict)
    ]
    for path, table in flags:
        if "strict" in table and not isinstance(table["strict"], bool):
            raise ConfigError(f"{where(*path)}: [tool.clientgen] {'.'.join(path)} must be true or false, not {table['strict']!r}")
    if diagnostics.errors:
        raise GenerationError(diagnostics.errors)
    return Settings(
        root=root,
        specs=root / section.get("specs", "specs"),
        output=root / section.get("output", "generated"),
        package=section.get("package", "provider_clients"),
        distribution=section.get("distribution", "provider-clients"),
        version=section.get("version", "0.1.0"),
        http=http_library(section.get("http", DEFAULT_HTTP), f"{where('http')}: [tool.clientgen] http"),
        overrides=providers,
        waiters=waiters,
        pagination=pagination,
        strict=bool(section.get("strict", False)),
        lazy_models_above=lazy_models_above,
    )


def http_library(value: object, where: str) -> str:
    """``value`` if it names a supported HTTP library; else a ConfigError naming the choices."""
    if value not in HTTP_LIBRARIES:
        raise ConfigError(f"{where} is {value!r}; choose one of {', '.join(map(repr, HTTP_LIBRARIES))}")
    return str(value)


def single_spec(spec: Path, *, allow_external_refs: bool = False, strict: bool = False) -> Provider:
    """A provider for one document outside the configured specs (``--spec``)."""
    from ..ir.names import Identifier

    key = str(Identifier(spec.stem)).rstrip("_") or "api"
    return Provider(key + "_" if keyword.iskeyword(key) else key, spec, allow_external_refs=allow_external_refs, strict=strict)
