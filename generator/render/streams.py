"""How a streamed operation reads as Python: its endpoint's result and its method's return type.

A streamed method (``Operation.stream``) returns ``Stream[Item]`` (``AsyncStream[Item]`` on the
async client) made from what the request cycle hands back for its endpoint, a
``StreamBody[Item]`` decoded by a ``StreamDecoder``; every other method returns its result type as
before. Each filter records the runtime names it writes.
"""

from __future__ import annotations

from .. import ir
from .python import code_literal as literal
from .signatures import Parameter, parameter_list
from .used import used


def stream_body(stream: ir.StreamResult) -> str:
    """The type argument of a streamed operation's ``Endpoint[...]``; the template writes the
    ``StreamDecoder`` beside it."""
    return f"{used().use('StreamBody')}[{used().annotate(stream.item)}]"


def stream_arguments(stream: ir.StreamResult) -> str:
    """What follows the item type in ``StreamDecoder(...)``: the format, and a sentinel that is not
    the usual one."""
    sentinel = f", sentinel={literal(stream.sentinel)}" if stream.format == "sse" and stream.sentinel != ir.streams.DONE else ""
    return f", {literal(stream.format)}{sentinel}"


def stream_class(operation: ir.Operation, is_async: bool) -> str:
    return used().use("AsyncStream" if is_async else "Stream")


def method_result(operation: ir.Operation, is_async: bool) -> str:
    """What the method returns: ``Stream[Item]``/``AsyncStream[Item]``, or its result type."""
    if operation.stream is None:
        return used().annotate(operation.result_type)
    return f"{stream_class(operation, is_async)}[{used().annotate(operation.stream.item)}]"


def body_argument(operation: ir.Operation, body: str = "") -> str:
    """The body as the method passes it on (``body``: what its keyword arguments make, else its body
    argument): for a ``_stream`` sibling, with its flag set true."""
    assert operation.body is not None
    body = body or str(operation.body.name)
    if operation.stream is None or operation.stream.flag is None:
        return body
    return f"{used().use('stream_body')}({body}, {literal(operation.stream.flag)})"


def stream_mark(operation: ir.Operation) -> str:
    """What the README's operations table adds to a streamed method's return type."""
    if operation.stream is None:
        return ""
    return " *streamed* (server-sent events)" if operation.stream.format == "sse" else " *streamed* (JSON lines)"


# --- a plain method whose keyword arguments carry its ``_stream`` sibling's flag ------------------
# Its overloads: the flag ``Literal[True]`` returns the sibling's stream, ``Literal[False]`` (or not
# given) the JSON, a ``bool`` either; at run time a true flag makes the sibling's request.


def flag_argument(operation: ir.Operation, sibling: ir.Operation) -> str:
    """The name of the keyword argument that is ``sibling``'s flag."""
    assert operation.keyword_body is not None and sibling.stream is not None
    return next(str(a.name) for a in operation.keyword_body.arguments if a.field.wire_name == sibling.stream.flag)


def overload_parameters(operation: ir.Operation, sibling: ir.Operation, streamed: bool) -> str:
    """The overload's parameters: the flag ``Literal[True]`` (required), or ``Literal[False]``."""
    name = flag_argument(operation, sibling)
    if streamed:
        flag = Parameter(name, lambda u: f"{u.use('Literal')}[True]")
    else:
        flag = Parameter(name, lambda u: f"{u.use('Literal')}[False] | {u.use('NotGiven')}", default_code="NOT_GIVEN")
    return parameter_list(operation, flag)


def either_result(operation: ir.Operation, sibling: ir.Operation, is_async: bool) -> str:
    """What the method returns for a ``bool`` flag: its result or the sibling's stream."""
    return f"{used().annotate(operation.result_type)} | {method_result(sibling, is_async)}"
