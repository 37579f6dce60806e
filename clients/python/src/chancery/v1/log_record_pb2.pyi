import datetime

from chancery.v1 import event_pb2 as _event_pb2
from chancery.v1 import observation_pb2 as _observation_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LogRecord(_message.Message):
    __slots__ = ("position", "stream", "revision", "record_time", "hash", "event", "retraction", "observation", "recorded_by", "correlation_id", "causation_id")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    RECORD_TIME_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    RETRACTION_FIELD_NUMBER: _ClassVar[int]
    OBSERVATION_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_FIELD_NUMBER: _ClassVar[int]
    CORRELATION_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSATION_ID_FIELD_NUMBER: _ClassVar[int]
    position: int
    stream: str
    revision: int
    record_time: _timestamp_pb2.Timestamp
    hash: bytes
    event: _event_pb2.DiplomaticEvent
    retraction: _event_pb2.Retraction
    observation: _observation_pb2.RepresentationObservation
    recorded_by: str
    correlation_id: str
    causation_id: str
    def __init__(self, position: _Optional[int] = ..., stream: _Optional[str] = ..., revision: _Optional[int] = ..., record_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hash: _Optional[bytes] = ..., event: _Optional[_Union[_event_pb2.DiplomaticEvent, _Mapping]] = ..., retraction: _Optional[_Union[_event_pb2.Retraction, _Mapping]] = ..., observation: _Optional[_Union[_observation_pb2.RepresentationObservation, _Mapping]] = ..., recorded_by: _Optional[str] = ..., correlation_id: _Optional[str] = ..., causation_id: _Optional[str] = ...) -> None: ...
