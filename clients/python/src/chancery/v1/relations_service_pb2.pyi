from chancery.v1 import actor_profile_pb2 as _actor_profile_pb2
from chancery.v1 import concurrency_pb2 as _concurrency_pb2
from chancery.v1 import event_pb2 as _event_pb2
from chancery.v1 import known_at_pb2 as _known_at_pb2
from chancery.v1 import observation_pb2 as _observation_pb2
from chancery.v1 import relationship_pb2 as _relationship_pb2
from chancery.v1 import subscription_pb2 as _subscription_pb2
from chancery.v1 import timeline_pb2 as _timeline_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.rpc import status_pb2 as _status_pb2
from google.type import date_pb2 as _date_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RecordEventsRequest(_message.Message):
    __slots__ = ("events", "expected_revisions", "partial_success", "correlation_id", "causation_id")
    class ExpectedRevisionsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _concurrency_pb2.ExpectedRevision
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_concurrency_pb2.ExpectedRevision, _Mapping]] = ...) -> None: ...
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISIONS_FIELD_NUMBER: _ClassVar[int]
    PARTIAL_SUCCESS_FIELD_NUMBER: _ClassVar[int]
    CORRELATION_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSATION_ID_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[_event_pb2.DiplomaticEvent]
    expected_revisions: _containers.MessageMap[str, _concurrency_pb2.ExpectedRevision]
    partial_success: bool
    correlation_id: str
    causation_id: str
    def __init__(self, events: _Optional[_Iterable[_Union[_event_pb2.DiplomaticEvent, _Mapping]]] = ..., expected_revisions: _Optional[_Mapping[str, _concurrency_pb2.ExpectedRevision]] = ..., partial_success: _Optional[bool] = ..., correlation_id: _Optional[str] = ..., causation_id: _Optional[str] = ...) -> None: ...

class RecordResult(_message.Message):
    __slots__ = ("event_id", "stream", "position", "revision", "duplicate", "error")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    STREAM_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    stream: str
    position: int
    revision: int
    duplicate: bool
    error: _status_pb2.Status
    def __init__(self, event_id: _Optional[str] = ..., stream: _Optional[str] = ..., position: _Optional[int] = ..., revision: _Optional[int] = ..., duplicate: _Optional[bool] = ..., error: _Optional[_Union[_status_pb2.Status, _Mapping]] = ...) -> None: ...

class RecordEventsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[RecordResult]
    def __init__(self, results: _Optional[_Iterable[_Union[RecordResult, _Mapping]]] = ...) -> None: ...

class RecordObservationsRequest(_message.Message):
    __slots__ = ("observations", "partial_success", "correlation_id", "causation_id")
    OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
    PARTIAL_SUCCESS_FIELD_NUMBER: _ClassVar[int]
    CORRELATION_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSATION_ID_FIELD_NUMBER: _ClassVar[int]
    observations: _containers.RepeatedCompositeFieldContainer[_observation_pb2.RepresentationObservation]
    partial_success: bool
    correlation_id: str
    causation_id: str
    def __init__(self, observations: _Optional[_Iterable[_Union[_observation_pb2.RepresentationObservation, _Mapping]]] = ..., partial_success: _Optional[bool] = ..., correlation_id: _Optional[str] = ..., causation_id: _Optional[str] = ...) -> None: ...

class RecordObservationsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[RecordResult]
    def __init__(self, results: _Optional[_Iterable[_Union[RecordResult, _Mapping]]] = ...) -> None: ...

class RetractEventRequest(_message.Message):
    __slots__ = ("event_id", "reason", "expected_revision", "correlation_id", "causation_id")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVISION_FIELD_NUMBER: _ClassVar[int]
    CORRELATION_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSATION_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    reason: str
    expected_revision: _concurrency_pb2.ExpectedRevision
    correlation_id: str
    causation_id: str
    def __init__(self, event_id: _Optional[str] = ..., reason: _Optional[str] = ..., expected_revision: _Optional[_Union[_concurrency_pb2.ExpectedRevision, _Mapping]] = ..., correlation_id: _Optional[str] = ..., causation_id: _Optional[str] = ...) -> None: ...

class RetractEventResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: RecordResult
    def __init__(self, result: _Optional[_Union[RecordResult, _Mapping]] = ...) -> None: ...

class GetRelationshipRequest(_message.Message):
    __slots__ = ("dyad", "as_of_date", "known_at")
    DYAD_FIELD_NUMBER: _ClassVar[int]
    AS_OF_DATE_FIELD_NUMBER: _ClassVar[int]
    KNOWN_AT_FIELD_NUMBER: _ClassVar[int]
    dyad: str
    as_of_date: _date_pb2.Date
    known_at: _known_at_pb2.KnownAt
    def __init__(self, dyad: _Optional[str] = ..., as_of_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., known_at: _Optional[_Union[_known_at_pb2.KnownAt, _Mapping]] = ...) -> None: ...

class GetRelationshipResponse(_message.Message):
    __slots__ = ("relationship",)
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    relationship: _relationship_pb2.Relationship
    def __init__(self, relationship: _Optional[_Union[_relationship_pb2.Relationship, _Mapping]] = ...) -> None: ...

class ListRelationshipsRequest(_message.Message):
    __slots__ = ("actor_code", "status", "trend", "as_of_date", "known_at", "order_by", "page_size", "page_token")
    ACTOR_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TREND_FIELD_NUMBER: _ClassVar[int]
    AS_OF_DATE_FIELD_NUMBER: _ClassVar[int]
    KNOWN_AT_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    actor_code: str
    status: _relationship_pb2.RelationshipStatus
    trend: _relationship_pb2.Trend
    as_of_date: _date_pb2.Date
    known_at: _known_at_pb2.KnownAt
    order_by: str
    page_size: int
    page_token: str
    def __init__(self, actor_code: _Optional[str] = ..., status: _Optional[_Union[_relationship_pb2.RelationshipStatus, str]] = ..., trend: _Optional[_Union[_relationship_pb2.Trend, str]] = ..., as_of_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., known_at: _Optional[_Union[_known_at_pb2.KnownAt, _Mapping]] = ..., order_by: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRelationshipsResponse(_message.Message):
    __slots__ = ("relationships", "next_page_token")
    RELATIONSHIPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    relationships: _containers.RepeatedCompositeFieldContainer[_relationship_pb2.Relationship]
    next_page_token: str
    def __init__(self, relationships: _Optional[_Iterable[_Union[_relationship_pb2.Relationship, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetTimelineRequest(_message.Message):
    __slots__ = ("dyad", "start_date", "end_date", "known_at", "include_retracted", "page_size", "page_token")
    DYAD_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    KNOWN_AT_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RETRACTED_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    dyad: str
    start_date: _date_pb2.Date
    end_date: _date_pb2.Date
    known_at: _known_at_pb2.KnownAt
    include_retracted: bool
    page_size: int
    page_token: str
    def __init__(self, dyad: _Optional[str] = ..., start_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., end_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., known_at: _Optional[_Union[_known_at_pb2.KnownAt, _Mapping]] = ..., include_retracted: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetTimelineResponse(_message.Message):
    __slots__ = ("dyad", "entries", "months", "known_at_position", "next_page_token")
    DYAD_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    MONTHS_FIELD_NUMBER: _ClassVar[int]
    KNOWN_AT_POSITION_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    dyad: str
    entries: _containers.RepeatedCompositeFieldContainer[_timeline_pb2.TimelineEntry]
    months: _containers.RepeatedCompositeFieldContainer[_timeline_pb2.MonthlyAggregate]
    known_at_position: int
    next_page_token: str
    def __init__(self, dyad: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[_timeline_pb2.TimelineEntry, _Mapping]]] = ..., months: _Optional[_Iterable[_Union[_timeline_pb2.MonthlyAggregate, _Mapping]]] = ..., known_at_position: _Optional[int] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetActorProfileRequest(_message.Message):
    __slots__ = ("actor_code", "as_of_date", "known_at")
    ACTOR_CODE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_DATE_FIELD_NUMBER: _ClassVar[int]
    KNOWN_AT_FIELD_NUMBER: _ClassVar[int]
    actor_code: str
    as_of_date: _date_pb2.Date
    known_at: _known_at_pb2.KnownAt
    def __init__(self, actor_code: _Optional[str] = ..., as_of_date: _Optional[_Union[_date_pb2.Date, _Mapping]] = ..., known_at: _Optional[_Union[_known_at_pb2.KnownAt, _Mapping]] = ...) -> None: ...

class GetActorProfileResponse(_message.Message):
    __slots__ = ("profile",)
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    profile: _actor_profile_pb2.ActorProfile
    def __init__(self, profile: _Optional[_Union[_actor_profile_pb2.ActorProfile, _Mapping]] = ...) -> None: ...

class WatchRelationshipsRequest(_message.Message):
    __slots__ = ("after_position", "actor_codes", "dyads", "structural_only", "conditions")
    AFTER_POSITION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_CODES_FIELD_NUMBER: _ClassVar[int]
    DYADS_FIELD_NUMBER: _ClassVar[int]
    STRUCTURAL_ONLY_FIELD_NUMBER: _ClassVar[int]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    after_position: int
    actor_codes: _containers.RepeatedScalarFieldContainer[str]
    dyads: _containers.RepeatedScalarFieldContainer[str]
    structural_only: bool
    conditions: _containers.RepeatedCompositeFieldContainer[_relationship_pb2.AlertCondition]
    def __init__(self, after_position: _Optional[int] = ..., actor_codes: _Optional[_Iterable[str]] = ..., dyads: _Optional[_Iterable[str]] = ..., structural_only: _Optional[bool] = ..., conditions: _Optional[_Iterable[_Union[_relationship_pb2.AlertCondition, _Mapping]]] = ...) -> None: ...

class WatchRelationshipsResponse(_message.Message):
    __slots__ = ("change", "caught_up", "checkpoint")
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    CAUGHT_UP_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    change: _relationship_pb2.RelationshipChange
    caught_up: _subscription_pb2.CaughtUp
    checkpoint: _subscription_pb2.Checkpoint
    def __init__(self, change: _Optional[_Union[_relationship_pb2.RelationshipChange, _Mapping]] = ..., caught_up: _Optional[_Union[_subscription_pb2.CaughtUp, _Mapping]] = ..., checkpoint: _Optional[_Union[_subscription_pb2.Checkpoint, _Mapping]] = ...) -> None: ...
