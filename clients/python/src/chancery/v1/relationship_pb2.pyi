from chancery.v1 import log_record_pb2 as _log_record_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.type import date_pb2 as _date_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RelationshipStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RELATIONSHIP_STATUS_UNSPECIFIED: _ClassVar[RelationshipStatus]
    RELATIONSHIP_STATUS_NONE: _ClassVar[RelationshipStatus]
    RELATIONSHIP_STATUS_NORMAL: _ClassVar[RelationshipStatus]
    RELATIONSHIP_STATUS_STRAINED: _ClassVar[RelationshipStatus]
    RELATIONSHIP_STATUS_DOWNGRADED: _ClassVar[RelationshipStatus]
    RELATIONSHIP_STATUS_SUSPENDED: _ClassVar[RelationshipStatus]
    RELATIONSHIP_STATUS_SEVERED: _ClassVar[RelationshipStatus]
    RELATIONSHIP_STATUS_UNKNOWN: _ClassVar[RelationshipStatus]

class Trend(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TREND_UNSPECIFIED: _ClassVar[Trend]
    TREND_STABLE: _ClassVar[Trend]
    TREND_THAWING: _ClassVar[Trend]
    TREND_COOLING: _ClassVar[Trend]
    TREND_INSUFFICIENT_DATA: _ClassVar[Trend]

class RepresentationLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPRESENTATION_LEVEL_UNSPECIFIED: _ClassVar[RepresentationLevel]
    REPRESENTATION_LEVEL_NONE: _ClassVar[RepresentationLevel]
    REPRESENTATION_LEVEL_CHARGE_D_AFFAIRES: _ClassVar[RepresentationLevel]
    REPRESENTATION_LEVEL_AMBASSADOR: _ClassVar[RepresentationLevel]
    REPRESENTATION_LEVEL_MINISTER: _ClassVar[RepresentationLevel]
    REPRESENTATION_LEVEL_OTHER: _ClassVar[RepresentationLevel]
    REPRESENTATION_LEVEL_UNKNOWN: _ClassVar[RepresentationLevel]

class MeasureKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEASURE_KIND_UNSPECIFIED: _ClassVar[MeasureKind]
    MEASURE_KIND_SANCTIONS: _ClassVar[MeasureKind]
    MEASURE_KIND_MILITARY_ENGAGEMENT_SUSPENDED: _ClassVar[MeasureKind]
    MEASURE_KIND_AID_SUSPENDED: _ClassVar[MeasureKind]
    MEASURE_KIND_TRADE_PREFERENCES_SUSPENDED: _ClassVar[MeasureKind]

class CrossingDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CROSSING_DIRECTION_UNSPECIFIED: _ClassVar[CrossingDirection]
    CROSSING_DIRECTION_UPWARD: _ClassVar[CrossingDirection]
    CROSSING_DIRECTION_DOWNWARD: _ClassVar[CrossingDirection]
RELATIONSHIP_STATUS_UNSPECIFIED: RelationshipStatus
RELATIONSHIP_STATUS_NONE: RelationshipStatus
RELATIONSHIP_STATUS_NORMAL: RelationshipStatus
RELATIONSHIP_STATUS_STRAINED: RelationshipStatus
RELATIONSHIP_STATUS_DOWNGRADED: RelationshipStatus
RELATIONSHIP_STATUS_SUSPENDED: RelationshipStatus
RELATIONSHIP_STATUS_SEVERED: RelationshipStatus
RELATIONSHIP_STATUS_UNKNOWN: RelationshipStatus
TREND_UNSPECIFIED: Trend
TREND_STABLE: Trend
TREND_THAWING: Trend
TREND_COOLING: Trend
TREND_INSUFFICIENT_DATA: Trend
REPRESENTATION_LEVEL_UNSPECIFIED: RepresentationLevel
REPRESENTATION_LEVEL_NONE: RepresentationLevel
REPRESENTATION_LEVEL_CHARGE_D_AFFAIRES: RepresentationLevel
REPRESENTATION_LEVEL_AMBASSADOR: RepresentationLevel
REPRESENTATION_LEVEL_MINISTER: RepresentationLevel
REPRESENTATION_LEVEL_OTHER: RepresentationLevel
REPRESENTATION_LEVEL_UNKNOWN: RepresentationLevel
MEASURE_KIND_UNSPECIFIED: MeasureKind
MEASURE_KIND_SANCTIONS: MeasureKind
MEASURE_KIND_MILITARY_ENGAGEMENT_SUSPENDED: MeasureKind
MEASURE_KIND_AID_SUSPENDED: MeasureKind
MEASURE_KIND_TRADE_PREFERENCES_SUSPENDED: MeasureKind
CROSSING_DIRECTION_UNSPECIFIED: CrossingDirection
CROSSING_DIRECTION_UPWARD: CrossingDirection
CROSSING_DIRECTION_DOWNWARD: CrossingDirection

class Measure(_message.Message):
    __slots__ = ("kind", "imposer_code", "open_event_id", "open_date", "close_event_id", "close_date")
    KIND_FIELD_NUMBER: _ClassVar[int]
    IMPOSER_CODE_FIELD_NUMBER: _ClassVar[int]
    OPEN_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OPEN_DATE_FIELD_NUMBER: _ClassVar[int]
    CLOSE_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLOSE_DATE_FIELD_NUMBER: _ClassVar[int]
    kind: MeasureKind
    imposer_code: str
    open_event_id: str
    open_date: _date_pb2.Date
    close_event_id: str
    close_date: _date_pb2.Date
    def __init__(self, kind: _Optional[_Union[MeasureKind, str]] = ..., imposer_code: _Optional[str] = ..., open_event_id: _Optional[str] = ..., open_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., close_event_id: _Optional[str] = ..., close_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ...) -> None: ...

class QuadClassCounts(_message.Message):
    __slots__ = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
    VERBAL_COOPERATION_FIELD_NUMBER: _ClassVar[int]
    MATERIAL_COOPERATION_FIELD_NUMBER: _ClassVar[int]
    VERBAL_CONFLICT_FIELD_NUMBER: _ClassVar[int]
    MATERIAL_CONFLICT_FIELD_NUMBER: _ClassVar[int]
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    def __init__(self, verbal_cooperation: _Optional[int] = ..., material_cooperation: _Optional[int] = ..., verbal_conflict: _Optional[int] = ..., material_conflict: _Optional[int] = ...) -> None: ...

class Relationship(_message.Message):
    __slots__ = ("dyad", "as_of_date", "known_at_position", "status", "status_since_date", "status_event_id", "representation_a_in_b", "representation_b_in_a", "measures", "score", "short_score", "trend", "window_counts", "window_days", "event_count", "last_event", "occurrence_count")
    DYAD_FIELD_NUMBER: _ClassVar[int]
    AS_OF_DATE_FIELD_NUMBER: _ClassVar[int]
    KNOWN_AT_POSITION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_SINCE_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    REPRESENTATION_A_IN_B_FIELD_NUMBER: _ClassVar[int]
    REPRESENTATION_B_IN_A_FIELD_NUMBER: _ClassVar[int]
    MEASURES_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SHORT_SCORE_FIELD_NUMBER: _ClassVar[int]
    TREND_FIELD_NUMBER: _ClassVar[int]
    WINDOW_COUNTS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_DAYS_FIELD_NUMBER: _ClassVar[int]
    EVENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    LAST_EVENT_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    dyad: str
    as_of_date: _date_pb2.Date
    known_at_position: int
    status: RelationshipStatus
    status_since_date: _date_pb2.Date
    status_event_id: str
    representation_a_in_b: RepresentationLevel
    representation_b_in_a: RepresentationLevel
    measures: _containers.RepeatedCompositeFieldContainer[Measure]
    score: float
    short_score: float
    trend: Trend
    window_counts: QuadClassCounts
    window_days: int
    event_count: int
    last_event: _log_record_pb2.LogRecord
    occurrence_count: int
    def __init__(self, dyad: _Optional[str] = ..., as_of_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., known_at_position: _Optional[int] = ..., status: _Optional[_Union[RelationshipStatus, str]] = ..., status_since_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., status_event_id: _Optional[str] = ..., representation_a_in_b: _Optional[_Union[RepresentationLevel, str]] = ..., representation_b_in_a: _Optional[_Union[RepresentationLevel, str]] = ..., measures: _Optional[_Iterable[_Union[Measure, _Mapping]]] = ..., score: _Optional[float] = ..., short_score: _Optional[float] = ..., trend: _Optional[_Union[Trend, str]] = ..., window_counts: _Optional[_Union[QuadClassCounts, _Mapping]] = ..., window_days: _Optional[int] = ..., event_count: _Optional[int] = ..., last_event: _Optional[_Union[_log_record_pb2.LogRecord, _Mapping]] = ..., occurrence_count: _Optional[int] = ...) -> None: ...

class RelationshipChange(_message.Message):
    __slots__ = ("position", "cause", "before", "after", "alerts")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    position: int
    cause: _log_record_pb2.LogRecord
    before: Relationship
    after: Relationship
    alerts: _containers.RepeatedCompositeFieldContainer[Alert]
    def __init__(self, position: _Optional[int] = ..., cause: _Optional[_Union[_log_record_pb2.LogRecord, _Mapping]] = ..., before: _Optional[_Union[Relationship, _Mapping]] = ..., after: _Optional[_Union[Relationship, _Mapping]] = ..., alerts: _Optional[_Iterable[_Union[Alert, _Mapping]]] = ...) -> None: ...

class ScoreCrossing(_message.Message):
    __slots__ = ("threshold", "direction")
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    threshold: float
    direction: CrossingDirection
    def __init__(self, threshold: _Optional[float] = ..., direction: _Optional[_Union[CrossingDirection, str]] = ...) -> None: ...

class StatusChange(_message.Message):
    __slots__ = ("to",)
    TO_FIELD_NUMBER: _ClassVar[int]
    to: _containers.RepeatedScalarFieldContainer[RelationshipStatus]
    def __init__(self, to: _Optional[_Iterable[_Union[RelationshipStatus, str]]] = ...) -> None: ...

class RepresentationChange(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MeasureChange(_message.Message):
    __slots__ = ("kinds",)
    KINDS_FIELD_NUMBER: _ClassVar[int]
    kinds: _containers.RepeatedScalarFieldContainer[MeasureKind]
    def __init__(self, kinds: _Optional[_Iterable[_Union[MeasureKind, str]]] = ...) -> None: ...

class TrendReversal(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AlertCondition(_message.Message):
    __slots__ = ("score_crossing", "status_change", "representation_change", "measure_change", "trend_reversal")
    SCORE_CROSSING_FIELD_NUMBER: _ClassVar[int]
    STATUS_CHANGE_FIELD_NUMBER: _ClassVar[int]
    REPRESENTATION_CHANGE_FIELD_NUMBER: _ClassVar[int]
    MEASURE_CHANGE_FIELD_NUMBER: _ClassVar[int]
    TREND_REVERSAL_FIELD_NUMBER: _ClassVar[int]
    score_crossing: ScoreCrossing
    status_change: StatusChange
    representation_change: RepresentationChange
    measure_change: MeasureChange
    trend_reversal: TrendReversal
    def __init__(self, score_crossing: _Optional[_Union[ScoreCrossing, _Mapping]] = ..., status_change: _Optional[_Union[StatusChange, _Mapping]] = ..., representation_change: _Optional[_Union[RepresentationChange, _Mapping]] = ..., measure_change: _Optional[_Union[MeasureChange, _Mapping]] = ..., trend_reversal: _Optional[_Union[TrendReversal, _Mapping]] = ...) -> None: ...

class Alert(_message.Message):
    __slots__ = ("condition_index", "description")
    CONDITION_INDEX_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    condition_index: int
    description: str
    def __init__(self, condition_index: _Optional[int] = ..., description: _Optional[str] = ...) -> None: ...
