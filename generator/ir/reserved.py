"""Every name generated code reserves, listed once.

Generated modules import names from the runtime, define module-level constants and give every
client and method the same arguments. A name from a spec that would collide with one of these
is renamed when it is made (:mod:`.names`), the builder scopes arguments and methods with these
lists, and the renderer imports and re-exports exactly these. Add a name here, not beside its use.
"""

from __future__ import annotations

# --- what the runtime exports (templates/runtime/__init__.py ``__all__``), by who imports it ---

# Re-exported by the package's own __init__.py: what a user catches and passes (in this order,
# isort's: constants, classes, functions).
PACKAGE_EXPORTS = (
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncRawResponse",
    "AsyncStream",
    "AsyncStreamResponse",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialError",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "ResponseValidationError",
    "ServerSentEvent",
    "Stream",
    "StreamResponse",
    "StreamValidationError",
    "UnprocessableEntityError",
    "WaiterError",
    "WaiterFailureError",
    "WaiterTimeoutError",
    "skip_credential_check",
)
# Imported by every client.py, and by those with operations.
CLIENT_RUNTIME = frozenset({"AsyncClient", "ClientConfig", "Scheme", "ServerTemplate", "SyncClient", "Timeout", "make_config"})
OPERATION_RUNTIME = frozenset(
    {
        "Decoder",
        "Endpoint",
        "RequestOptions",
        "async_raw_response",
        "async_streaming_response",
        "keyword_body",
        "raw_response",
        "streaming_response",
    }
)
# (keyword_body, with NOT_GIVEN and NotGiven, where a request body is taken as keyword arguments)
# Imported by client.py where a method streams (Stream[Item]), and for a ``_stream`` sibling's body.
# (Stream and AsyncStream, which users name too, are in PACKAGE_EXPORTS.)
STREAM_RUNTIME = frozenset({"StreamBody", "StreamDecoder", "stream_body"})
# Imported by client.py when it has waiters (wait_for_<name>).
WAITER_RUNTIME = frozenset({"PollOptions", "Waiter"})
# Imported by client.py when it has paged operations (see templates/runtime/_pagination.py): the
# Paging constants, and the methods' results (which the package re-exports too).
PAGING_RUNTIME = frozenset({"Paging"})
# Not reserved for class names: client.py names every model as ``models.X``, and a spec's own
# ``Page`` model (a common name) keeps its name.
PAGED_RESULTS = frozenset({"AsyncPaginator", "Page"})
# Imported where an annotation needs them: models.py, and client.py for parameters and results.
ANNOTATION_RUNTIME = frozenset(
    {"ApiModel", "FileContent", "Number", "Omittable", "OpenEnum", "OpenIntEnum", "Tagged", "UnknownVariant", "Variadic"}
)
# Imported by client.py where a decoder spells an enum as a value (``open_enum(Status)``).
DECODER_RUNTIME = frozenset({"open_enum"})
RUNTIME_EXPORTS = (
    frozenset(PACKAGE_EXPORTS)
    | CLIENT_RUNTIME
    | OPERATION_RUNTIME
    | STREAM_RUNTIME
    | WAITER_RUNTIME
    | PAGING_RUNTIME
    | ANNOTATION_RUNTIME
    | DECODER_RUNTIME
)
# Imported by client.py from the runtime's _config module: the constructor's defaults.
# ``Credential`` types the credentials of a client with HTTP basic: (username, password) pairs.
CONFIG_RUNTIME = frozenset({"Credential", "DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT"})

# --- the runtime's request ---------------------------------------------------------------------

# The keyword argument of the runtime's ``_request`` (templates/runtime/_client.py) that takes an
# operation's parameters of each location, in the order a call passes them.
REQUEST_ARGUMENTS: dict[str, str] = {"path": "path", "query": "query", "header": "headers", "cookie": "cookies"}

# --- client.py -----------------------------------------------------------------------------------

# Module-level constants of client.py besides the endpoints; an operation's endpoint constant is
# :func:`endpoint_constant` of its method name, so a method may not be named after one of these.
CLIENT_CONSTANTS = frozenset({"_SCHEMES", "_SERVER"})


def endpoint_constant(method: str) -> str:
    """The module-level ``Endpoint`` of a client method: ``get_run`` -> ``_GET_RUN``."""
    return "_" + method.upper()


def paging_constant(method: str) -> str:
    """The module-level ``Paging`` of a paged method: ``list_runs`` -> ``_LIST_RUNS__PAGING`` (a
    method name, snake_case, never has two underscores in a row, so no endpoint is named so)."""
    return endpoint_constant(method) + "__PAGING"


# Keyword arguments of every client's constructor, and builtins its body calls (``type(self)``):
# a security scheme's credential or a server variable of the same name is renamed.
CLIENT_ARGUMENTS = frozenset({"self", "type", "base_url", "timeout", "max_retries", "http_client", "default_headers"})
# Keyword arguments every generated method has, per call: a parameter of the same name is renamed.
CALL_OPTIONS = frozenset({"self", "options", "timeout", "max_retries", "extra_headers", "extra_query"})
# Added to CALL_OPTIONS for a body taken as keyword arguments (see ir/bodies.py).
BODY_OPTIONS = frozenset({"extra_body"})
# A waiter's own keyword arguments (wait_for_<name>): an operation parameter of the same name is
# renamed in the waiter's signature.
WAITER_ARGUMENTS = CALL_OPTIONS | frozenset({"interval", "on_poll"})
# Attributes the client classes already have.
CLIENT_ATTRIBUTES = frozenset({"close", "aclose", "with_raw_response", "with_streaming_response", "base_url"})
# What an operation's method may not be called.
RESERVED_METHODS = CLIENT_ATTRIBUTES | frozenset(c.removeprefix("_").lower() for c in CLIENT_CONSTANTS)

# --- names any generated module references -------------------------------------------------------

# Names generated modules reference at module or class scope. A field or parameter with one of
# these names would shadow it (``str: str`` breaks every later annotation), so it gets a trailing
# underscore. Other builtins (``id``, ``input``, ``type``: a field may be called ``type``) stay:
# nothing generated uses them where a field could shadow them.
REFERENCED_NAMES = (
    CLIENT_RUNTIME
    | OPERATION_RUNTIME
    | STREAM_RUNTIME
    | WAITER_RUNTIME
    | PAGING_RUNTIME
    | ANNOTATION_RUNTIME
    | frozenset(
        {
            # builtins and the standard library
            "self",
            "cls",
            "str",
            "int",
            "float",
            "bool",
            "bytes",
            "list",
            "dict",
            "object",
            "None",
            "print",
            "property",
            "staticmethod",
            "classmethod",
            "super",
            "isinstance",
            "datetime",
            "date",
            "time",
            "timedelta",
            "UUID",
            "Decimal",
            "enum",
            "typing",
            "Any",
            "Annotated",
            "Literal",
            "Union",
            "Mapping",
            "Unpack",
            "Callable",
            "TypeAliasType",
            # third party, and the provider's own models module
            "Field",
            "BaseModel",
            "pydantic",
            "httpx",
            "httpx2",
            "models",
        }
    )
)
# Attributes of pydantic.BaseModel that a field must not shadow.
MODEL_ATTRIBUTES = frozenset(
    {
        "copy",
        "dict",
        "json",
        "construct",
        "schema",
        "schema_json",
        "validate",
        "fields",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "update_forward_refs",
    }
)
