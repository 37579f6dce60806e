"""Results: chanceryd's response messages with enum fields read as names.

Each call returns a `Result` over its protobuf response: a read-only view whose fields read as
the message's do, except that enum fields read as `ProtoEnum` members (an `int` whose `str`
is the value's name: `RELATIONSHIP_STATUS_STRAINED`), and nested messages, lists and maps
of them as `Result`s too. `result.proto` is the protobuf message itself, for what takes one
(`json_format`, `CopyFrom`, another request). The client's calls take `Result`s wherever
they take messages.
"""

from __future__ import annotations

import enum
from typing import Any, Generic, TypeVar

from google.protobuf.descriptor import EnumDescriptor, FieldDescriptor
from google.protobuf.message import Message

from chancery.v1 import (event_log_service_pb2, event_pb2, observation_pb2, relationship_pb2,
                         subscription_group_pb2)

M = TypeVar("M", bound=Message)


class ProtoEnum(enum.IntEnum):
    """A protobuf enum value: equal to its number, printed as its name."""

    def __str__(self) -> str:
        return self.name

    def __format__(self, spec: str) -> str:
        return format(self.name, spec)


_ENUMS: dict[str, type[ProtoEnum]] = {}


def enum_type(descriptor: EnumDescriptor) -> type[ProtoEnum]:
    """The `ProtoEnum` class of a protobuf enum (one class per enum)."""
    found = _ENUMS.get(descriptor.full_name)
    if found is None:
        found = ProtoEnum(descriptor.name,  # type: ignore[misc]
                          [(value.name, value.number) for value in descriptor.values])
        found.__module__ = __name__
        _ENUMS[descriptor.full_name] = found
    return found


def enum_value(descriptor: EnumDescriptor, number: int) -> ProtoEnum | int:
    """`number` as a member of its enum; a number the enum does not name (a newer server's)
    stays an int."""
    try:
        return enum_type(descriptor)(number)
    except ValueError:
        return number


RelationshipStatus = enum_type(relationship_pb2.DESCRIPTOR.enum_types_by_name["RelationshipStatus"])
Trend = enum_type(relationship_pb2.DESCRIPTOR.enum_types_by_name["Trend"])
RepresentationLevel = enum_type(
    relationship_pb2.DESCRIPTOR.enum_types_by_name["RepresentationLevel"])
MeasureKind = enum_type(relationship_pb2.DESCRIPTOR.enum_types_by_name["MeasureKind"])
QuadClass = enum_type(event_pb2.DESCRIPTOR.enum_types_by_name["QuadClass"])
ObservedRepresentation = enum_type(
    observation_pb2.DESCRIPTOR.enum_types_by_name["ObservedRepresentation"])
ReadDirection = enum_type(event_log_service_pb2.DESCRIPTOR.enum_types_by_name["ReadDirection"])
GroupSource = enum_type(subscription_group_pb2.DESCRIPTOR.enum_types_by_name["GroupSource"])


class Result(Generic[M]):
    """A read-only view of the protobuf message `proto`, with enum fields as `ProtoEnum`s.

    Fields read as the message's; methods and attributes that are not fields (`HasField`,
    `WhichOneof`, `ListFields`, `DESCRIPTOR`) are the message's own. Two results are equal
    when their messages are.
    """

    __slots__ = ("_proto",)

    def __init__(self, proto: M):
        object.__setattr__(self, "_proto", proto)

    @property
    def proto(self) -> M:
        """The protobuf message."""
        return self._proto

    def __getattr__(self, name: str) -> Any:
        field = self._proto.DESCRIPTOR.fields_by_name.get(name)
        value = getattr(self._proto, name)
        return value if field is None else _field_value(field, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Result is read-only; change a copy of result.proto")

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._proto.DESCRIPTOR.fields_by_name})

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Result):
            other = other.proto
        return self._proto == other

    __hash__ = None  # type: ignore[assignment]  # Messages are mutable.

    def __repr__(self) -> str:
        return f"Result({type(self._proto).__name__}: {_text(self)})"

    def __str__(self) -> str:
        return _text(self)


def _field_value(field: FieldDescriptor, value: Any) -> Any:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        value_field = field.message_type.fields_by_name["value"]
        return {key: _single(value_field, item) for key, item in value.items()}
    if _is_repeated(field):
        return [_single(field, item) for item in value]
    return _single(field, value)


def _single(field: FieldDescriptor, value: Any) -> Any:
    if field.enum_type is not None:
        return enum_value(field.enum_type, value)
    if field.message_type is not None:
        return Result(value)
    return value


def _is_repeated(field: FieldDescriptor) -> bool:
    is_repeated = getattr(field, "is_repeated", None)  # protobuf >= 6.31
    if is_repeated is not None:
        return bool(is_repeated)
    return field.label == FieldDescriptor.LABEL_REPEATED


def _text(result: Result[Any]) -> str:
    """The message's fields in one line, enums by name: `dyad: "KHM-USA" status: ...`."""
    parts = []
    for field, _ in result.proto.ListFields():
        value = _field_value(field, getattr(result.proto, field.name))
        if isinstance(value, list):
            value = "[" + ", ".join(_shown(item) for item in value) + "]"
        elif isinstance(value, dict):
            value = "{" + ", ".join(f"{key!r}: {_shown(item)}" for key, item in value.items()) + "}"
        else:
            value = _shown(value)
        parts.append(f"{field.name}: {value}")
    return " ".join(parts)


def _shown(value: Any) -> str:
    if isinstance(value, Result):
        return "{" + _text(value) + "}"
    if isinstance(value, (str, bytes)):
        return repr(value)
    return str(value)


def unwrap(value: Any) -> Any:
    """`value` with every `Result` in it (in lists and dicts too) replaced by its message."""
    if isinstance(value, Result):
        return value.proto
    if isinstance(value, (list, tuple)):
        return [unwrap(item) for item in value]
    if isinstance(value, dict):
        return {key: unwrap(item) for key, item in value.items()}
    return value
