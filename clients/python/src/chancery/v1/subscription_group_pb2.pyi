import datetime

from chancery.v1 import log_filter_pb2 as _log_filter_pb2
from chancery.v1 import log_record_pb2 as _log_record_pb2
from chancery.v1 import relationship_pb2 as _relationship_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GroupSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GROUP_SOURCE_UNSPECIFIED: _ClassVar[GroupSource]
    GROUP_SOURCE_LOG: _ClassVar[GroupSource]
    GROUP_SOURCE_RELATIONSHIP_CHANGES: _ClassVar[GroupSource]
GROUP_SOURCE_UNSPECIFIED: GroupSource
GROUP_SOURCE_LOG: GroupSource
GROUP_SOURCE_RELATIONSHIP_CHANGES: GroupSource

class RelationshipChangeFilter(_message.Message):
    __slots__ = ("actor_codes", "dyads", "structural_only")
    ACTOR_CODES_FIELD_NUMBER: _ClassVar[int]
    DYADS_FIELD_NUMBER: _ClassVar[int]
    STRUCTURAL_ONLY_FIELD_NUMBER: _ClassVar[int]
    actor_codes: _containers.RepeatedScalarFieldContainer[str]
    dyads: _containers.RepeatedScalarFieldContainer[str]
    structural_only: bool
    def __init__(self, actor_codes: _Optional[_Iterable[str]] = ..., dyads: _Optional[_Iterable[str]] = ..., structural_only: _Optional[bool] = ...) -> None: ...

class SubscriptionGroup(_message.Message):
    __slots__ = ("name", "source", "log_filter", "change_filter", "max_attempts", "ack_timeout", "checkpoint", "create_time", "conditions", "webhook")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    LOG_FILTER_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FILTER_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    ACK_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    WEBHOOK_FIELD_NUMBER: _ClassVar[int]
    name: str
    source: GroupSource
    log_filter: _log_filter_pb2.LogFilter
    change_filter: RelationshipChangeFilter
    max_attempts: int
    ack_timeout: _duration_pb2.Duration
    checkpoint: int
    create_time: _timestamp_pb2.Timestamp
    conditions: _containers.RepeatedCompositeFieldContainer[_relationship_pb2.AlertCondition]
    webhook: Webhook
    def __init__(self, name: _Optional[str] = ..., source: _Optional[_Union[GroupSource, str]] = ..., log_filter: _Optional[_Union[_log_filter_pb2.LogFilter, _Mapping]] = ..., change_filter: _Optional[_Union[RelationshipChangeFilter, _Mapping]] = ..., max_attempts: _Optional[int] = ..., ack_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., checkpoint: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., conditions: _Optional[_Iterable[_Union[_relationship_pb2.AlertCondition, _Mapping]]] = ..., webhook: _Optional[_Union[Webhook, _Mapping]] = ...) -> None: ...

class Webhook(_message.Message):
    __slots__ = ("url", "secret")
    URL_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    url: str
    secret: str
    def __init__(self, url: _Optional[str] = ..., secret: _Optional[str] = ...) -> None: ...

class GroupState(_message.Message):
    __slots__ = ("checkpoint", "head_position", "lag", "consumer_count", "in_flight_count", "parked_count")
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    HEAD_POSITION_FIELD_NUMBER: _ClassVar[int]
    LAG_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_COUNT_FIELD_NUMBER: _ClassVar[int]
    IN_FLIGHT_COUNT_FIELD_NUMBER: _ClassVar[int]
    PARKED_COUNT_FIELD_NUMBER: _ClassVar[int]
    checkpoint: int
    head_position: int
    lag: int
    consumer_count: int
    in_flight_count: int
    parked_count: int
    def __init__(self, checkpoint: _Optional[int] = ..., head_position: _Optional[int] = ..., lag: _Optional[int] = ..., consumer_count: _Optional[int] = ..., in_flight_count: _Optional[int] = ..., parked_count: _Optional[int] = ...) -> None: ...

class ParkedEvent(_message.Message):
    __slots__ = ("position", "stream", "attempts", "last_error", "park_time", "replaying")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    PARK_TIME_FIELD_NUMBER: _ClassVar[int]
    REPLAYING_FIELD_NUMBER: _ClassVar[int]
    position: int
    stream: str
    attempts: int
    last_error: str
    park_time: _timestamp_pb2.Timestamp
    replaying: bool
    def __init__(self, position: _Optional[int] = ..., stream: _Optional[str] = ..., attempts: _Optional[int] = ..., last_error: _Optional[str] = ..., park_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., replaying: _Optional[bool] = ...) -> None: ...

class GroupDelivery(_message.Message):
    __slots__ = ("position", "attempt", "record", "change")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    position: int
    attempt: int
    record: _log_record_pb2.LogRecord
    change: _relationship_pb2.RelationshipChange
    def __init__(self, position: _Optional[int] = ..., attempt: _Optional[int] = ..., record: _Optional[_Union[_log_record_pb2.LogRecord, _Mapping]] = ..., change: _Optional[_Union[_relationship_pb2.RelationshipChange, _Mapping]] = ...) -> None: ...
