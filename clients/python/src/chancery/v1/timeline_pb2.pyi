from chancery.v1 import log_record_pb2 as _log_record_pb2
from chancery.v1 import relationship_pb2 as _relationship_pb2
from google.type import date_pb2 as _date_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TimelineEntry(_message.Message):
    __slots__ = ("record", "retraction_position")
    RECORD_FIELD_NUMBER: _ClassVar[int]
    RETRACTION_POSITION_FIELD_NUMBER: _ClassVar[int]
    record: _log_record_pb2.LogRecord
    retraction_position: int
    def __init__(self, record: _Optional[_Union[_log_record_pb2.LogRecord, _Mapping]] = ..., retraction_position: _Optional[int] = ...) -> None: ...

class MonthlyAggregate(_message.Message):
    __slots__ = ("month", "counts", "goldstein_sum", "end_score", "end_status")
    MONTH_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    GOLDSTEIN_SUM_FIELD_NUMBER: _ClassVar[int]
    END_SCORE_FIELD_NUMBER: _ClassVar[int]
    END_STATUS_FIELD_NUMBER: _ClassVar[int]
    month: _date_pb2.Date
    counts: _relationship_pb2.QuadClassCounts
    goldstein_sum: float
    end_score: float
    end_status: _relationship_pb2.RelationshipStatus
    def __init__(self, month: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., counts: _Optional[_Union[_relationship_pb2.QuadClassCounts, _Mapping]] = ..., goldstein_sum: _Optional[float] = ..., end_score: _Optional[float] = ..., end_status: _Optional[_Union[_relationship_pb2.RelationshipStatus, str]] = ...) -> None: ...
