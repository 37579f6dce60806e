"""The fields of each request, as keyword arguments: `client.get_relationship(dyad="KHM-USA")`.

Each TypedDict mirrors one request message (`chancery.v1`); a type checker checks the keywords
against it. A message field takes the message, a `Result` of one, or a dict of its fields; a
`google.type.Date` field of the request itself also takes a `datetime.date`; an enum field takes its number, a
`ProtoEnum` member or its name. Timestamp and Duration fields, at any depth, also take
`datetime.datetime`s and `datetime.timedelta`s (protobuf converts them).
"""

from __future__ import annotations

import datetime
from typing import Mapping, Sequence, TypedDict, Union

from google.protobuf import timestamp_pb2
from google.type import date_pb2

from chancery.results import Result
from chancery.v1 import (concurrency_pb2, event_pb2, known_at_pb2, log_filter_pb2,
                         observation_pb2, relationship_pb2, subscription_group_pb2)

DateLike = Union[date_pb2.Date, datetime.date, Mapping[str, int], Result[date_pb2.Date]]
KnownAtLike = Union[known_at_pb2.KnownAt, Mapping[str, Union[int, timestamp_pb2.Timestamp]],
                    Result[known_at_pb2.KnownAt]]
EventLike = Union[event_pb2.DiplomaticEvent, Mapping[str, object], Result[event_pb2.DiplomaticEvent]]
ObservationLike = Union[observation_pb2.RepresentationObservation, Mapping[str, object],
                        Result[observation_pb2.RepresentationObservation]]
ExpectedRevisionLike = Union[concurrency_pb2.ExpectedRevision, Mapping[str, object]]
LogFilterLike = Union[log_filter_pb2.LogFilter, Mapping[str, Sequence[str]]]
EnumLike = Union[int, str]
AlertConditionLike = Union[relationship_pb2.AlertCondition, Mapping[str, object]]
SubscriptionGroupLike = Union[subscription_group_pb2.SubscriptionGroup, Mapping[str, object],
                              Result[subscription_group_pb2.SubscriptionGroup]]
TimestampLike = Union[timestamp_pb2.Timestamp, datetime.datetime]


class RecordEventsFields(TypedDict, total=False):
    events: Sequence[EventLike]
    expected_revisions: Mapping[str, ExpectedRevisionLike]
    partial_success: bool
    correlation_id: str
    causation_id: str


class RecordObservationsFields(TypedDict, total=False):
    observations: Sequence[ObservationLike]
    partial_success: bool
    correlation_id: str
    causation_id: str


class RetractEventFields(TypedDict, total=False):
    event_id: str
    reason: str
    expected_revision: ExpectedRevisionLike
    correlation_id: str
    causation_id: str


class GetRelationshipFields(TypedDict, total=False):
    dyad: str
    as_of_date: DateLike
    known_at: KnownAtLike


class ListRelationshipsFields(TypedDict, total=False):
    actor_code: str
    status: EnumLike
    trend: EnumLike
    as_of_date: DateLike
    known_at: KnownAtLike
    order_by: str
    page_size: int
    page_token: str


class GetTimelineFields(TypedDict, total=False):
    dyad: str
    start_date: DateLike
    end_date: DateLike
    known_at: KnownAtLike
    include_retracted: bool
    page_size: int
    page_token: str


class GetActorProfileFields(TypedDict, total=False):
    actor_code: str
    as_of_date: DateLike
    known_at: KnownAtLike


class WatchRelationshipsFields(TypedDict, total=False):
    after_position: int
    actor_codes: Sequence[str]
    dyads: Sequence[str]
    structural_only: bool
    conditions: Sequence[AlertConditionLike]


class ReadLogFields(TypedDict, total=False):
    start_position: int
    filter: LogFilterLike
    page_size: int
    page_token: str


class ReadStreamFields(TypedDict, total=False):
    stream: str
    direction: EnumLike
    start_revision: int
    page_size: int
    page_token: str


class SubscribeLogFields(TypedDict, total=False):
    after_position: int
    filter: LogFilterLike


class ReplayRelationshipFields(TypedDict, total=False):
    dyad: str
    start_date: DateLike
    end_date: DateLike
    known_at: KnownAtLike


class ExportLogFields(TypedDict, total=False):
    start_position: int


class GetInclusionProofFields(TypedDict, total=False):
    position: int
    tree_size: int


class GetConsistencyProofFields(TypedDict, total=False):
    first_size: int
    second_size: int


class CreateGroupFields(TypedDict, total=False):
    group: SubscriptionGroupLike
    start_after_position: int


class GetGroupFields(TypedDict, total=False):
    name: str


class ResetGroupFields(TypedDict, total=False):
    name: str
    after_position: int
    recorded_since: TimestampLike


class DeleteGroupFields(TypedDict, total=False):
    name: str


class ListParkedEventsFields(TypedDict, total=False):
    name: str
    page_size: int
    page_token: str


class ReplayParkedEventsFields(TypedDict, total=False):
    name: str
    positions: Sequence[int]


class JoinGroupFields(TypedDict, total=False):
    group: str
    consumer_name: str
    max_in_flight: int


class HealthCheckFields(TypedDict, total=False):
    service: str


class NoFields(TypedDict, total=False):
    pass
