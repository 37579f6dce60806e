from chancery.v1 import event_pb2 as _event_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.type import date_pb2 as _date_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ObservedRepresentation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OBSERVED_REPRESENTATION_UNSPECIFIED: _ClassVar[ObservedRepresentation]
    OBSERVED_REPRESENTATION_NONE: _ClassVar[ObservedRepresentation]
    OBSERVED_REPRESENTATION_CHARGE_D_AFFAIRES: _ClassVar[ObservedRepresentation]
    OBSERVED_REPRESENTATION_MINISTER: _ClassVar[ObservedRepresentation]
    OBSERVED_REPRESENTATION_AMBASSADOR: _ClassVar[ObservedRepresentation]
    OBSERVED_REPRESENTATION_OTHER: _ClassVar[ObservedRepresentation]
OBSERVED_REPRESENTATION_UNSPECIFIED: ObservedRepresentation
OBSERVED_REPRESENTATION_NONE: ObservedRepresentation
OBSERVED_REPRESENTATION_CHARGE_D_AFFAIRES: ObservedRepresentation
OBSERVED_REPRESENTATION_MINISTER: ObservedRepresentation
OBSERVED_REPRESENTATION_AMBASSADOR: ObservedRepresentation
OBSERVED_REPRESENTATION_OTHER: ObservedRepresentation

class RepresentationObservation(_message.Message):
    __slots__ = ("observation_id", "observe_date", "a_code", "b_code", "a_in_b", "b_in_a", "summary", "citations")
    OBSERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    OBSERVE_DATE_FIELD_NUMBER: _ClassVar[int]
    A_CODE_FIELD_NUMBER: _ClassVar[int]
    B_CODE_FIELD_NUMBER: _ClassVar[int]
    A_IN_B_FIELD_NUMBER: _ClassVar[int]
    B_IN_A_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    CITATIONS_FIELD_NUMBER: _ClassVar[int]
    observation_id: str
    observe_date: _date_pb2.Date
    a_code: str
    b_code: str
    a_in_b: ObservedRepresentation
    b_in_a: ObservedRepresentation
    summary: str
    citations: _containers.RepeatedCompositeFieldContainer[_event_pb2.Citation]
    def __init__(self, observation_id: _Optional[str] = ..., observe_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., a_code: _Optional[str] = ..., b_code: _Optional[str] = ..., a_in_b: _Optional[_Union[ObservedRepresentation, str]] = ..., b_in_a: _Optional[_Union[ObservedRepresentation, str]] = ..., summary: _Optional[str] = ..., citations: _Optional[_Iterable[_Union[_event_pb2.Citation, _Mapping]]] = ...) -> None: ...
