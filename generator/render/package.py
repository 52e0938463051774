"""Stage 4, render: the IR laid out by the Jinja templates in templates/, one template per kind
of output file. Filters, registered in :func:`environment`, turn IR values into Python text;
templates decide only where it goes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache

import jinja2

from .. import ir
from ..config import DEFAULT_HTTP, LAZY_MODELS_ABOVE, PackageInfo
from ..ir.reserved import PACKAGE_EXPORTS, REQUEST_ARGUMENTS, endpoint_constant
from . import RUNTIME, TEMPLATES, bodies, docs, signatures
from .lazy import render_lazy_models
from .python import FIELD, LITERAL, Import, docstring, recursive_aliases
from .python import code_literal as literal  # Python source: strings in black's quotes
from .template_cache import TemplateCache
from .used import MARK, Used, used


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        bytecode_cache=TemplateCache(TEMPLATES / "__pycache__"),  # compiled once, not on every run
    )
    env.filters.update(
        # these write into the module being rendered and record what they use (render/used.py)
        annotation=lambda t: used().annotate(t),
        field_annotation=lambda f, forward=frozenset(): used().annotate.field(f, forward),
        extra_annotation=lambda m, forward=frozenset(): used().annotate.extra(m, forward),
        result_annotation=lambda t: used().annotate(t),
        decoder_type=jinja2.pass_context(decoder_type),
        model_base=model_base,
        lazy_alias=lazy_alias,
        enum_base=enum_base,
        literal=literal,
        docstring=docstring,
        toml_string=json.dumps,  # a TOML basic string is a JSON string
        field_default=field_default,
        variable_annotation=variable_annotation,
        endpoint_constant=endpoint_constant,
        result_kind=result_kind,
        styles=styles,
        operation_docstring=docs.operation_docstring,
        client_docstring=docs.client_docstring,
        module_docstring=docs.module_docstring,
        definition_docstring=docs.definition_docstring,
        waiter_docstring=docs.waiter_docstring,
        success_text=docs.success_text,
        failure_text=docs.failure_text,
        server_choices=lambda server: {v.wire_name: v.choices for v in server.variables if v.choices},
        example_arguments=lambda api: ", ".join(
            [f'{a}="..."' for s in api.security_schemes for a, _ in s.arguments] + ([] if api.server else ['base_url="https://..."'])
        ),
        credential_type=credential_type,
        body_value=lambda operation: bodies.body_value(operation, used()),
        credential_value=lambda s: f"({s.argument}, {s.password_argument})" if s.password_argument else s.argument,
        waiter_example=signatures.waiter_example,
        pollable_operation=pollable_operation,
        md_cell=lambda text: " ".join(str(text).split()).replace("|", "\\|"),
        argument_names=signatures.argument_names,
        parameter_list=signatures.parameter_list,
        waiter_call=signatures.waiter_call,
    )
    env.globals.update(
        use=lambda name: used().use(name),  # a name the template writes, its import recorded
        request_arguments=REQUEST_ARGUMENTS,
    )
    return env


def credential_type(api: ir.Api) -> str:
    """What the client hands ``make_config`` for each scheme: a secret, or (for HTTP basic) a pair."""
    if any(s.password_argument for s in api.security_schemes):
        return used().use("Credential")
    return "str | None"


def render_models(api: ir.Api, runtime: str = ".._runtime", siblings: str = "") -> str:
    """The models module of ``api``'s definitions; ``runtime`` is where it imports the runtime
    from, ``siblings`` the import lines of the names it takes from other modules of a split."""
    definitions = ir.dependency_order(api.definitions)
    with Used().rendering() as in_models:
        models = environment().get_template("models.py.jinja").render(
            api=api,
            definitions=definitions,
            forward=ir.forward_references(definitions),
            lazy_aliases=recursive_aliases(definitions),
            imports=MARK,
        )
    return in_models.fill(models, in_models.block(runtime_module=runtime, also=[siblings] if siblings else []))


def render_provider(api: ir.Api, http: str = DEFAULT_HTTP, lazy_models_above: int = LAZY_MODELS_ABOVE) -> dict[str, str]:
    """The files of one provider's module, relative to the package folder; ``http`` is the HTTP
    library its client takes (``http_client=``). A provider with more than ``lazy_models_above``
    definitions gets a models package that loads them on first use."""
    env = environment()
    lazy = len(api.definitions) > lazy_models_above
    models = render_lazy_models(api, env, render_models) if lazy else {"models.py": render_models(api)}
    with Used("models.").rendering() as in_client:
        client = env.get_template("client.py.jinja").render(api=api, imports=MARK, http=http, lazy_models=lazy)
    bodies.merge_imports(in_client)
    wanted = bodies.params_used(in_client)
    also = ["from . import models"] if in_client.qualified else []
    params: dict[str, str] = {}
    if wanted:  # request-side TypedDicts, for type checkers only
        in_client.imports.add(bodies.TYPE_CHECKING)
        also.append("\nif TYPE_CHECKING:\n    from . import params")
        params["params.py"] = bodies.params_module(api, wanted, docs.module_docstring(api, "params"))
    client = in_client.fill(client, in_client.block(also=also))
    init = env.get_template("provider_init.py.jinja").render(api=api)
    return {"__init__.py": init, **models, **params, "client.py": client}


def runtime_files(package: str) -> dict[str, str]:
    """The hand-written runtime, copied verbatim (and kept black-formatted: it is not formatted again)."""
    return {f"{package}/_runtime/{source.name}": source.read_text(encoding="utf-8") for source in sorted(RUNTIME.glob("*.py"))}


def render_package(apis: Iterable[ir.Api], info: PackageInfo) -> dict[str, str]:
    """Every file of the package, relative to the output folder."""
    apis = sorted(apis, key=lambda a: a.key)
    env = environment()
    files: dict[str, str] = {
        "pyproject.toml": env.get_template("pyproject.toml.jinja").render(apis=apis, http_requirement=info.http_requirement, **info.__dict__),
        "README.md": _readme(apis, info),
        f"{info.package}/__init__.py": env.get_template("package_init.py.jinja").render(
            apis=apis, package=info.package, exports=PACKAGE_EXPORTS
        ),
        f"{info.package}/py.typed": "",
    }
    files.update(runtime_files(info.package))
    files[f"{info.package}/_runtime/_http.py"] = env.get_template("http.py.jinja").render(http=info.http)
    for api in apis:
        for name, text in render_provider(api, info.http, info.lazy_models_above).items():
            files[f"{info.package}/{api.key}/{name}"] = text
    return files


def _readme(apis: list[ir.Api], info: PackageInfo) -> str:
    first = apis[0] if apis else None
    with Used("models.").rendering():
        return environment().get_template("README.md.jinja").render(
            apis=apis,
            client_name=first.client_name if first else "Client",  # the examples' client and method
            operation=first.operations[0].name if first and first.operations else "operation",
            waiter_name=next((w.name for api in apis for w in api.waiters), "wait_for_run"),
            **info.__dict__,
        )


# --- filters ---------------------------------------------------------------------------------


def pollable_operation(api: ir.Api) -> str:
    """The operationId a declaration example names: the provider's first GET, if it has one."""
    return next((op.operation_id for op in api.operations if op.method == "GET"), "<a GET operationId>")


def model_base(model: ir.Model) -> str:
    if model.base is not None:
        return model.base
    used().runtime.add("ApiModel")
    return "ApiModel"


def enum_base(enum: ir.Enum) -> str:
    used().modules.add("enum")
    return "enum.IntEnum" if enum.value_scalar is ir.Scalar.INT else "str, enum.Enum"


def lazy_alias(alias: ir.Alias) -> str:
    """A recursive alias, declared lazily: its value is a string, evaluated when first used."""
    used().imports.add(Import("typing_extensions", "TypeAliasType"))
    return f"TypeAliasType({literal(alias.name)}, {literal(used().annotate(alias.type))})"


def field_default(field: ir.Field) -> str:
    """What follows a field's annotation: `` = value``, or ``= Field(...)`` where an alias, a
    deprecation, read-only or a list or object default (made fresh for each model: a shared one
    reads as a class attribute) must be declared."""
    default = field.default_value
    mutable = isinstance(default, (list, dict))
    if mutable:
        factory = f"lambda: {literal(default)}" if default else type(default).__name__  # list, dict
        arguments = [f"default_factory={factory}"]
    else:
        arguments = [] if default is ir.NO_DEFAULT else [f"default={literal(default)}"]
    if field.has_alias:
        arguments.append(f"alias={literal(field.wire_name)}")
    if field.deprecated:
        arguments.append("deprecated=True")
    if field.read_only:
        arguments.append('json_schema_extra={"readOnly": True}')  # never sent in a request body
    if not (mutable or field.has_alias or field.deprecated or field.read_only):
        return "" if default is ir.NO_DEFAULT else f" = {literal(default)}"
    used().imports.add(FIELD)
    return f" = Field({', '.join(arguments)})"


def decoder_type(context: jinja2.runtime.Context, t: ir.TypeRef) -> str:
    """A decoder's type as a value; where a provider's models load on first use and ``t`` names
    one, a function that finds it, so that importing the client loads no model."""
    text = used().annotate.value(t)
    return f"lambda: {text}" if context.get("lazy_models") and ir.referenced_names(t) else text


def variable_annotation(variable: ir.ServerVariable) -> str:
    if not variable.choices:
        return "str"
    used().imports.add(LITERAL)
    return f"Literal[{', '.join(literal(c) for c in variable.choices)}]"


def result_kind(operation: ir.Operation) -> str:
    success = operation.success
    return success.kind if success else "json"


def styles(operation: ir.Operation) -> dict[str, tuple[str, bool]]:
    """Parameters whose style or explode differ from their location's default."""
    result = {}
    for p in operation.parameters:
        default = ("form", True) if p.location in ("query", "cookie") else ("simple", False)
        if (p.style, p.explode) != default:
            result[f"{p.location}:{p.wire_name}"] = (p.style, p.explode)
    return result
