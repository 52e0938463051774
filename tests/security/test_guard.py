"""guard.check_json's fast path (strings removed, brackets and digit runs counted at C speed)
never lets through what the full token scan refuses, on text built to confuse it: brackets and
quotes inside strings, escapes, unbalanced closers, long digit runs in and out of strings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import guard

DEEP = guard.MAX_DEPTH + 1
PIECES = st.sampled_from(
    ["[", "]", "{", "}", ",", ":", '"', '\\"', "\\\\", "[" * DEEP, "]" * 3, "7" * (guard.MAX_DIGITS + 1), '"a[{"', "1.5e9", "x"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_the_fast_path_agrees_with_the_full_scan(text: str) -> None:
    assert guard.check_json(text) == guard.scan_json(text)


def test_the_fast_path_is_taken_by_a_document_within_the_limits() -> None:
    assert guard._plainly_within_limits('{"a": ["[[[", {"b": 12}], "c": "' + "9" * 5000 + '"}')


def test_what_the_scan_refuses_is_still_refused_with_its_pointer() -> None:
    deep = '{"x": ' + "[" * DEEP + "]" * DEEP + "}"
    refusal = guard.check_json(deep)
    assert refusal is not None and refusal.pointer == "#/x" + "/0" * (guard.MAX_DEPTH - 1)
    long = '{"a\\"b": [1, ' + "7" * (guard.MAX_DIGITS + 1) + "]}"
    refusal = guard.check_json(long)
    assert refusal is not None and refusal.pointer == '#/a"b/1'


def test_a_colon_inside_a_list_is_left_to_the_json_parser() -> None:
    """Malformed JSON (``[:,1]``) once crashed the scan with a TypeError, a traceback for the user;
    the scan now passes it on, and the JSON parser reports it with its line."""
    assert guard.scan_json("[:,1]") is None
