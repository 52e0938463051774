"""One provider's client: security schemes, servers, operations and definitions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from .groups import Group
from .hierarchy import Hierarchy
from .models import Definition, Enum, Field, Model
from .names import ClassName, Identifier
from .operations import Operation
from .waiters import Waiter

SchemeKind = Literal["api_key", "bearer", "basic"]


@dataclass(frozen=True)
class SecurityScheme:
    key: str  # the name in components/securitySchemes
    argument: Identifier  # the client constructor's keyword argument
    env_var: str
    kind: SchemeKind
    location: Literal["header", "query", "cookie"] = "header"
    wire_name: str = "Authorization"  # header, query or cookie name
    description: str = ""
    # HTTP basic: ``argument`` takes the user name and this the password, each with its variable
    password_argument: Identifier | None = None
    password_env_var: str = ""

    @property
    def arguments(self) -> tuple[tuple[Identifier, str], ...]:
        """The constructor's arguments for this scheme, each with its environment variable: one,
        or for HTTP basic two (``username``, ``password``)."""
        if self.password_argument is None:
            return ((self.argument, self.env_var),)
        return ((self.argument, self.env_var), (self.password_argument, self.password_env_var))


@dataclass(frozen=True)
class ServerVariable:
    name: Identifier
    wire_name: str
    default: str
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Server:
    url: str  # with {wire_name} placeholders
    variables: tuple[ServerVariable, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Api:
    """One provider's client package."""

    key: str  # the provider key: the module name and the spec's file stem
    client_name: ClassName
    env_prefix: str
    title: str
    version: str
    description: str
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    operations: tuple[Operation, ...]
    definitions: tuple[Definition, ...]
    source: str = ""  # the spec file, as the generated files name it
    waiters: tuple[Waiter, ...] = ()
    groups: tuple[Group, ...] = ()  # resources (``resources``): operations reached as client.<group>.<method>

    @property
    def all_groups(self) -> tuple[Group, ...]:
        return tuple(g for group in self.groups for g in group.walk())

    @property
    def client_operations(self) -> tuple[Operation, ...]:
        """The operations whose methods are on the client itself: all, unless grouped."""
        if not self.groups:
            return self.operations
        grouped = {m.operation.name for g in self.all_groups for m in g.methods}
        return tuple(o for o in self.operations if o.name not in grouped)

    def stream_sibling(self, operation: Operation) -> Operation | None:
        """The ``<method>_stream`` sibling of an operation whose body is keyword arguments, one of
        them the sibling's flag: its method then has ``stream: Literal[True]`` overloads too."""
        keyword = operation.keyword_body
        if keyword is None or operation.stream is not None:
            return None
        for other in self.operations:
            stream = other.stream
            flag = stream.flag if stream is not None and stream.plain_method == operation.name else None
            if flag is not None and any(a.field.wire_name == flag for a in keyword.arguments):
                return other
        return None

    def method_path(self, operation: Operation) -> str:
        """How the client reaches an operation's method: ``get_run`` or ``files.retrieve``."""
        for group in self.all_groups:
            for method in group.methods:
                if method.operation.name == operation.name:
                    return ".".join((*group.path, method.name))
        return str(operation.name)

    @property
    def server(self) -> Server | None:
        return self.servers[0] if self.servers else None

    @property
    def server_variables(self) -> tuple[ServerVariable, ...]:
        """The first server's variables: the client's constructor arguments."""
        return self.server.variables if self.server else ()

    @property
    def models(self) -> tuple[Model, ...]:
        return tuple(d for d in self.definitions if isinstance(d, Model))

    @property
    def enums(self) -> tuple[Enum, ...]:
        return tuple(d for d in self.definitions if isinstance(d, Enum))

    @cached_property
    def hierarchy(self) -> Hierarchy:
        """What each model extends and every field it has."""
        return Hierarchy({d.name: d for d in self.definitions})

    def fields_of(self, model: Model) -> tuple[Field, ...]:
        """Every field a model has: inherited ones first, then its own (which may redeclare them)."""
        return self.hierarchy.fields(model.name)

    @property
    def async_client_name(self) -> ClassName:
        return ClassName("Async" + self.client_name)
