from chancery.v1 import log_record_pb2 as _log_record_pb2
from chancery.v1 import relationship_pb2 as _relationship_pb2
from google.type import date_pb2 as _date_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PartnerStanding(_message.Message):
    __slots__ = ("partner_code", "dyad", "status", "score", "trend", "event_count")
    PARTNER_CODE_FIELD_NUMBER: _ClassVar[int]
    DYAD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    TREND_FIELD_NUMBER: _ClassVar[int]
    EVENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    partner_code: str
    dyad: str
    status: _relationship_pb2.RelationshipStatus
    score: float
    trend: _relationship_pb2.Trend
    event_count: int
    def __init__(self, partner_code: _Optional[str] = ..., dyad: _Optional[str] = ..., status: _Optional[_Union[_relationship_pb2.RelationshipStatus, str]] = ..., score: _Optional[float] = ..., trend: _Optional[_Union[_relationship_pb2.Trend, str]] = ..., event_count: _Optional[int] = ...) -> None: ...

class DomesticRecord(_message.Message):
    __slots__ = ("window_counts", "repression_count", "protest_count", "reform_count", "score", "event_count", "last_event")
    WINDOW_COUNTS_FIELD_NUMBER: _ClassVar[int]
    REPRESSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    PROTEST_COUNT_FIELD_NUMBER: _ClassVar[int]
    REFORM_COUNT_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    EVENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_EVENT_FIELD_NUMBER: _ClassVar[int]
    window_counts: _relationship_pb2.QuadClassCounts
    repression_count: int
    protest_count: int
    reform_count: int
    score: float
    event_count: int
    last_event: _log_record_pb2.LogRecord
    def __init__(self, window_counts: _Optional[_Union[_relationship_pb2.QuadClassCounts, _Mapping]] = ..., repression_count: _Optional[int] = ..., protest_count: _Optional[int] = ..., reform_count: _Optional[int] = ..., score: _Optional[float] = ..., event_count: _Optional[int] = ..., last_event: _Optional[_Union[_log_record_pb2.LogRecord, _Mapping]] = ...) -> None: ...

class ActorProfile(_message.Message):
    __slots__ = ("actor_code", "as_of_date", "known_at_position", "partners", "domestic")
    ACTOR_CODE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_DATE_FIELD_NUMBER: _ClassVar[int]
    KNOWN_AT_POSITION_FIELD_NUMBER: _ClassVar[int]
    PARTNERS_FIELD_NUMBER: _ClassVar[int]
    DOMESTIC_FIELD_NUMBER: _ClassVar[int]
    actor_code: str
    as_of_date: _date_pb2.Date
    known_at_position: int
    partners: _containers.RepeatedCompositeFieldContainer[PartnerStanding]
    domestic: DomesticRecord
    def __init__(self, actor_code: _Optional[str] = ..., as_of_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., known_at_position: _Optional[int] = ..., partners: _Optional[_Iterable[_Union[PartnerStanding, _Mapping]]] = ..., domestic: _Optional[_Union[DomesticRecord, _Mapping]] = ...) -> None: ...
