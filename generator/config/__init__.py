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
resources = "auto"               # "auto", "tags" or "flat": see generator/builder/keywords.py

[tool.clientgen.providers.nekt]  # per-provider overrides, read into ProviderSettings: see config/providers.py
client_name = "NektClient"
allow_external_refs = false      # allow $refs outside the spec's folder
strict = true                    # overrides the top-level `strict` for this provider

[tool.clientgen.providers.nekt.waiters.run]  # wait_for_run: see config/waiters.py
operation = "v1_runs_retrieve"
success = [{ status = ["success"] }]
"""

from __future__ import annotations

import dataclasses
import keyword
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

from ..errors import Diagnostics, GenerationError, display_path
from .pagination import PaginationDeclaration
from .providers import ProviderSettings, read_provider
from .tables import RESOURCES, Place, Table, closest
from .toml_lines import key_lines, line_of
from .waiters import WaiterDeclaration

__all__ = [
    "DEFAULT_HTTP",
    "HTTP_LIBRARIES",
    "LAZY_MODELS_ABOVE",
    "ConfigError",
    "PackageInfo",
    "Provider",
    "ProviderSettings",
    "Settings",
    "http_library",
    "load_settings",
    "single_spec",
]

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
# The HTTP libraries a generated package can be made for (``[tool.clientgen] http``, ``--http``),
# each with the requirement its package declares; the first is the default. HTTPX2 is httpx's
# maintained continuation under the same names; httpx stays for projects that have not moved.
HTTP_LIBRARIES = {"httpx2": "httpx2>=2.16,<3", "httpx": "httpx>=0.27,<1"}
DEFAULT_HTTP = "httpx2"
# Above this many definitions (models, enums, aliases), a provider's models are split into modules
# that load on first use: measured in the README's "Large providers load on first use".
LAZY_MODELS_ABOVE = 200
KNOWN_KEYS = ("specs", "output", "package", "distribution", "version", "http", "strict", "lazy_models_above", "resources", "providers")


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
    """A spec to generate, with its provider's settings (``settings``) and whether its warnings are
    errors (``strict``: ``--strict``, else its table's ``strict``, else the top-level one)."""

    key: str
    spec: Path
    settings: ProviderSettings = field(default_factory=ProviderSettings)
    strict: bool = False  # every warning is an error

    # What the stages read of the settings, by name.
    @property
    def client_name(self) -> str | None:
        return self.settings.client_name

    @property
    def allow_external_refs(self) -> bool:
        return self.settings.allow_external_refs

    @property
    def waiters(self) -> tuple[WaiterDeclaration, ...]:
        return self.settings.waiters

    @property
    def pagination(self) -> tuple[PaginationDeclaration, ...]:
        return self.settings.pagination

    @property
    def resources(self) -> str:
        return self.settings.resources or "auto"

    @property
    def methods(self) -> dict[str, str]:
        return dict(self.settings.methods)


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
    resources: str = "auto"  # "auto", "tags" or "flat"; a provider's own `resources` overrides it
    provider_settings: dict[str, ProviderSettings] = field(default_factory=dict)  # by provider key
    provider_places: dict[str, Place] = field(default_factory=dict)  # where each provider's table is

    def providers(self, *, every_table_has_a_spec: bool = True) -> list[Provider]:
        """A provider for every spec in the specs folder, with its settings. A provider table with
        no spec is refused at its line, unless ``every_table_has_a_spec`` is false (the specs of
        an earlier revision, which may lack a provider added since)."""
        if not self.specs.is_dir():
            raise ConfigError(f"the specs folder {self.specs} does not exist; set `specs` in [tool.clientgen]")
        result = []
        for path in sorted(self.specs.iterdir()):
            if path.suffix.lower() in SPEC_SUFFIXES and path.is_file():
                settings = self.provider_settings.get(path.stem, ProviderSettings())
                strict = self.strict if settings.strict is None else settings.strict
                if settings.resources is None:
                    settings = dataclasses.replace(settings, resources=self.resources)
                result.append(Provider(path.stem, path, settings, strict))
        diagnostics = Diagnostics()
        keys = [p.key for p in result]
        for key in sorted(set(self.provider_settings) - set(keys)) if every_table_has_a_spec else ():
            diagnostics.error(
                f"[tool.clientgen.providers.{key}] is for provider {key!r}, which has no spec in {display_path(self.specs)}{closest(key, keys)}",
                self.provider_places[key].location(),
                f"a provider's key is its spec's file name without the extension ({', '.join(keys) or 'none yet'});"
                " rename the table, or add the spec",
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
    unknown = sorted(set(section) - set(KNOWN_KEYS))
    if unknown:
        raise ConfigError(
            f"{where(unknown[0])}: unknown key(s) in [tool.clientgen]: {', '.join(unknown)}{closest(unknown[0], KNOWN_KEYS, ' (', ')')};"
            f" known: {', '.join(sorted(KNOWN_KEYS))}"
        )

    lazy_models_above = section.get("lazy_models_above", LAZY_MODELS_ABOVE)
    if type(lazy_models_above) is not int or lazy_models_above < 0:
        raise ConfigError(f"{where('lazy_models_above')}: lazy_models_above in [tool.clientgen] must be a whole number of definitions, 0 or more")
    for key in ("specs", "output", "package", "distribution", "version"):
        if key in section and not isinstance(section[key], str):
            raise ConfigError(f"{where(key)}: [tool.clientgen] {key} must be a string, not {section[key]!r}")
    if "resources" in section and section["resources"] not in RESOURCES:
        raise ConfigError(
            f"{where('resources')}: [tool.clientgen] resources must be one of {', '.join(map(repr, RESOURCES))}, not {section['resources']!r}"
        )
    if "strict" in section and not isinstance(section["strict"], bool):
        raise ConfigError(f"{where('strict')}: [tool.clientgen] strict must be true or false, not {section['strict']!r}")
    root = pyproject.parent
    diagnostics = Diagnostics()
    providers = Table(pyproject, lines, ("tool", "clientgen", "providers"), diagnostics)
    tables = section.get("providers", {})
    if not isinstance(tables, dict):
        providers.error((), f"[tool.clientgen] providers must be a table of provider tables, [tool.clientgen.providers.<key>], not {tables!r}")
        tables = {}
    provider_settings = {key: read_provider(providers.below(key), values) for key, values in tables.items()}
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
        strict=section.get("strict", False),
        lazy_models_above=lazy_models_above,
        resources=section.get("resources", "auto"),
        provider_settings=provider_settings,
        provider_places={key: providers.place(key) for key in tables},
    )


def http_library(value: object, where: str) -> str:
    """``value`` if it names a supported HTTP library; else a ConfigError naming the choices."""
    if value not in HTTP_LIBRARIES:
        raise ConfigError(f"{where} is {value!r}; choose one of {', '.join(map(repr, HTTP_LIBRARIES))}")
    return str(value)


def single_spec(spec: Path, *, allow_external_refs: bool = False, strict: bool = False, resources: str = "auto") -> Provider:
    """A provider for one document outside the configured specs (``--spec``)."""
    from ..ir.names import Identifier

    key = str(Identifier(spec.stem)).rstrip("_") or "api"
    settings = ProviderSettings(allow_external_refs=allow_external_refs, resources=resources)
    return Provider(key + "_" if keyword.iskeyword(key) else key, spec, settings, strict)
