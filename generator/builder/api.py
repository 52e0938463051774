"""Assemble one provider's :class:`~generator.ir.Api`: security schemes, servers, operations and
the definitions they use, in a deterministic order."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import ir
from ..config.pagination import PaginationDeclaration
from ..config.waiters import WaiterDeclaration
from ..errors import Diagnostics, Location, escape_pointer
from ..ir.names import ClassName, Identifier, Namespace, upper_snake_case
from ..ir.reserved import CLIENT_ARGUMENTS
from ..load.document import Document, load
from ..load.resolve import Node, Resolver
from . import directions
from .operations import OperationBuilder, _requirements
from .pagination import PaginationBuilder
from .reading import text
from .schemas import SchemaBuilder
from .waiters import WaiterBuilder


def build_api(
    document: Document,
    key: str,
    diagnostics: Diagnostics,
    *,
    allow_external_refs: bool = False,
    waiters: tuple[WaiterDeclaration, ...] = (),
    load: Callable[[Path], Document] = load,  # how the files $refs name are read
    pagination: tuple[PaginationDeclaration, ...] = (),
) -> ir.Api:
    resolver = Resolver(document, allow_external=allow_external_refs, diagnostics=diagnostics, load=load)
    root = resolver.root_node()
    schemas = SchemaBuilder(resolver, diagnostics)
    components = Node(document, "#/components", root.get("components") or {})
    component_schemas = components.items("schemas") if isinstance(components.value, dict) else []
    schemas.reserve_components(component_schemas)
    env_prefix = upper_snake_case(key)
    arguments = Namespace(CLIENT_ARGUMENTS)
    security_schemes = _security_schemes(components, env_prefix, arguments, diagnostics)
    servers = _servers(root, arguments, diagnostics)
    default_security = _requirements(root.get("security")) if isinstance(root.get("security"), list) else ()
    methods = Namespace()
    operations = OperationBuilder(resolver, schemas, diagnostics, methods).build_all(root, default_security)
    for name, node in component_schemas:  # models no operation uses are part of the API too
        schemas.build_component(name, node)
    schemas.finish()
    directions.apply(schemas.definitions, operations)
    defined = {key for key, _ in components.items("securitySchemes")} if isinstance(components.value, dict) else set()
    known = {s.key for s in security_schemes}  # defined and supported (an unsupported one is reported where defined)
    operations = [_without_undefined(operation, defined, known, document, diagnostics) for operation in operations]
    info = root.get("info") if isinstance(root.get("info"), dict) else {}
    api = ir.Api(
        key=key,
        client_name=ClassName(key + "Client"),
        env_prefix=env_prefix,
        title=text(info.get("title")),
        version=str(info.get("version", "")),
        description=text(info.get("description")),
        servers=tuple(servers),
        security_schemes=tuple(security_schemes),
        operations=tuple(operations),
        definitions=schemas.definitions.ordered(),
    )
    polled = {w.operation: w.name for w in waiters}
    api = dataclasses.replace(api, operations=PaginationBuilder(api, diagnostics).build(pagination, root, resolver, polled))
    return dataclasses.replace(api, waiters=WaiterBuilder(api, diagnostics, methods).build(waiters, root, resolver))


def _without_undefined(
    operation: ir.Operation, defined: set[str], known: set[str], document: Document, diagnostics: Diagnostics
) -> ir.Operation:
    """Security schemes the document names but does not define are ignored for the operation, with
    a warning, and recorded in its ``undefined_security`` (unsupported ones are dropped too: their
    definition warns)."""
    undefined = sorted({scheme for requirement in operation.security for scheme in requirement if scheme not in defined})
    if not undefined:
        if all(scheme in known for requirement in operation.security for scheme in requirement):
            return operation
        requirements = _keep(operation.security, known)
        return dataclasses.replace(operation, security=requirements)
    names = ", ".join(repr(s) for s in undefined)
    own = isinstance(document.data, dict) and "security" in _raw_operation(document.data, operation)
    pointer = f"#/paths/{escape_pointer(operation.path)}/{operation.method.lower()}/security" if own else "#/security"
    diagnostics.warning(
        f"{operation.method} {operation.path} requires security scheme {names}, which components/securitySchemes does not define; "
        "the client ignores it for this operation (its docstring says so)",
        Location(document.path, pointer), "define it under components/securitySchemes",
    )
    return dataclasses.replace(operation, security=_keep(operation.security, known), undefined_security=tuple(undefined))


def _keep(security: tuple[tuple[str, ...], ...], known: set[str]) -> tuple[tuple[str, ...], ...]:
    """The requirements with only ``known`` schemes; one left empty by that goes ({} stays: no credentials)."""
    kept = [(tuple(s for s in requirement if s in known), requirement) for requirement in security]
    return tuple(new for new, old in kept if new or not old)


def _raw_operation(data: dict[str, Any], operation: ir.Operation) -> Any:
    item = data.get("paths", {}).get(operation.path) if isinstance(data.get("paths"), dict) else None
    found = item.get(operation.method.lower()) if isinstance(item, dict) else None
    return found if isinstance(found, dict) else {}


def _security_schemes(components: Node, env_prefix: str, arguments: Namespace, diagnostics: Diagnostics) -> list[ir.SecurityScheme]:
    result: list[ir.SecurityScheme] = []
    schemes = components.items("securitySchemes") if isinstance(components.value, dict) else []
    basic = [key for key, node in schemes if _is_basic(node)]
    for key, node in schemes:
        kind = node.get("type")
        if key in basic:  # username and password; prefixed with the scheme only where two would clash
            prefix = f"{key} " if len(basic) > 1 else ""
            username, password = arguments.claim(Identifier(prefix + "username")), arguments.claim(Identifier(prefix + "password"))
            result.append(ir.SecurityScheme(
                key=key, argument=username, env_var=f"{env_prefix}_{upper_snake_case(username)}", kind="basic",
                description=text(node.get("description")),
                password_argument=password, password_env_var=f"{env_prefix}_{upper_snake_case(password)}",
            ))
            continue
        argument = arguments.claim(Identifier(key))
        common: dict[str, Any] = {
            "key": key,
            "argument": argument,
            "env_var": f"{env_prefix}_{upper_snake_case(argument)}",
            "description": text(node.get("description")),
        }
        if kind == "apiKey" and node.get("in") in ("header", "query", "cookie") and isinstance(node.get("name"), str):
            result.append(ir.SecurityScheme(kind="api_key", location=node.get("in"), wire_name=node.get("name"), **common))
        elif kind in ("http", "oauth2", "openIdConnect"):
            result.append(ir.SecurityScheme(kind="bearer", **common))
        elif kind == "mutualTLS":  # valid OpenAPI, and nothing the client sends: the TLS connection carries it
            diagnostics.note(
                f"security scheme {key!r} is mutual TLS: give the client an http_client whose TLS configuration holds the client certificate",
                node.location,
            )
        else:
            diagnostics.warning(
                f"security scheme {key!r} of type {kind!r} is not supported; operations that need it send no credentials for it",
                node.location, "pass the credential yourself with default_headers",
            )
    return result


def _is_basic(node: Node) -> bool:
    return node.get("type") == "http" and str(node.get("scheme", "")).lower() == "basic"


def _servers(root: Node, arguments: Namespace, diagnostics: Diagnostics) -> list[ir.Server]:
    result: list[ir.Server] = []
    for node in root.elements("servers"):
        url = node.get("url")
        if not isinstance(url, str):
            continue
        if "://" not in url:  # valid OpenAPI (relative to where the document is served): a note
            diagnostics.note(
                f"server URL {url!r} is relative; the client needs base_url (pass it when you create the client, or set "
                "<PROVIDER>_BASE_URL)",
                node.location,
            )
            continue
        variables: list[ir.ServerVariable] = []
        for wire, var in node.items("variables"):
            choices = tuple(str(c) for c in var.get("enum", []) if c is not None)
            default = str(var.get("default", choices[0] if choices else ""))
            if choices and default not in choices:
                diagnostics.warning(
                    f"server variable {wire!r} defaults to {default!r}, which is not one of {list(choices)}; the client uses the default as given",
                    var.location,
                )
            variables.append(ir.ServerVariable(Identifier(wire), wire, default, choices, text(var.get("description"))))
        result.append(ir.Server(url, tuple(variables), text(node.get("description"))))
    if result:  # the first server's variables become constructor arguments: claim their names
        first = result[0]
        renamed = tuple(
            ir.ServerVariable(arguments.claim(v.name), v.wire_name, v.default, v.choices, v.description) for v in first.variables
        )
        result[0] = ir.Server(first.url, renamed, first.description)
    return result

