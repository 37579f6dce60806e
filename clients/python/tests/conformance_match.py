"""The conformance suite's comparison of expected JSON with actual messages.

Rules (tests/conformance/README.md): every key of an expected object must be in the actual
object and match; extra actual keys are ignored. Arrays match element by element and must
have the same length. A number matches a number or a decimal string (int64 in proto JSON)
of the same value, within a tolerance for doubles. Other values must be equal.
"""

from __future__ import annotations

from google.protobuf import json_format

REL_TOLERANCE = 1e-6
ABS_TOLERANCE = 1e-9


def to_json(message) -> dict:
    """Proto JSON with every field, defaults included, so `"revision": 0` can be matched."""
    return json_format.MessageToDict(message, always_print_fields_with_no_presence=True)


def mismatches(expected, actual, path: str = "$") -> list[str]:
    """Where `actual` departs from `expected`; empty when it matches."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        found = []
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{path}.{key}: missing")
            else:
                found += mismatches(value, actual[key], f"{path}.{key}")
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} elements, got {actual!r}"]
        found = []
        for i, (want, got) in enumerate(zip(expected, actual)):
            found += mismatches(want, got, f"{path}[{i}]")
        return found
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        number = _number(actual)
        if number is None or abs(number - expected) > ABS_TOLERANCE + REL_TOLERANCE * abs(expected):
            return [f"{path}: expected {expected}, got {actual!r}"]
        return []
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
