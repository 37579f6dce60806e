import datetime

from chancery.v1 import subscription_group_pb2 as _subscription_group_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateGroupRequest(_message.Message):
    __slots__ = ("group", "start_after_position")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    START_AFTER_POSITION_FIELD_NUMBER: _ClassVar[int]
    group: _subscription_group_pb2.SubscriptionGroup
    start_after_position: int
    def __init__(self, group: _Optional[_Union[_subscription_group_pb2.SubscriptionGroup, _Mapping]] = ..., start_after_position: _Optional[int] = ...) -> None: ...

class CreateGroupResponse(_message.Message):
    __slots__ = ("group", "created")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    group: _subscription_group_pb2.SubscriptionGroup
    created: bool
    def __init__(self, group: _Optional[_Union[_subscription_group_pb2.SubscriptionGroup, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class GetGroupRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetGroupResponse(_message.Message):
    __slots__ = ("group", "state")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    group: _subscription_group_pb2.SubscriptionGroup
    state: _subscription_group_pb2.GroupState
    def __init__(self, group: _Optional[_Union[_subscription_group_pb2.SubscriptionGroup, _Mapping]] = ..., state: _Optional[_Union[_subscription_group_pb2.GroupState, _Mapping]] = ...) -> None: ...

class ListGroupsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListGroupsResponse(_message.Message):
    __slots__ = ("groups",)
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[GetGroupResponse]
    def __init__(self, groups: _Optional[_Iterable[_Union[GetGroupResponse, _Mapping]]] = ...) -> None: ...

class ResetGroupRequest(_message.Message):
    __slots__ = ("name", "after_position", "recorded_since")
    NAME_FIELD_NUMBER: _ClassVar[int]
    AFTER_POSITION_FIELD_NUMBER: _ClassVar[int]
    RECORDED_SINCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    after_position: int
    recorded_since: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., after_position: _Optional[int] = ..., recorded_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ResetGroupResponse(_message.Message):
    __slots__ = ("group",)
    GROUP_FIELD_NUMBER: _ClassVar[int]
    group: _subscription_group_pb2.SubscriptionGroup
    def __init__(self, group: _Optional[_Union[_subscription_group_pb2.SubscriptionGroup, _Mapping]] = ...) -> None: ...

class DeleteGroupRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteGroupResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListParkedEventsRequest(_message.Message):
    __slots__ = ("name", "page_size", "page_token")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    name: str
    page_size: int
    page_token: str
    def __init__(self, name: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListParkedEventsResponse(_message.Message):
    __slots__ = ("events", "next_page_token")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[_subscription_group_pb2.ParkedEvent]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[_subscription_group_pb2.ParkedEvent, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReplayParkedEventsRequest(_message.Message):
    __slots__ = ("name", "positions")
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    name: str
    positions: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, name: _Optional[str] = ..., positions: _Optional[_Iterable[int]] = ...) -> None: ...

class ReplayParkedEventsResponse(_message.Message):
    __slots__ = ("replayed_count",)
    REPLAYED_COUNT_FIELD_NUMBER: _ClassVar[int]
    replayed_count: int
    def __init__(self, replayed_count: _Optional[int] = ...) -> None: ...

class JoinGroup(_message.Message):
    __slots__ = ("group", "consumer_name", "max_in_flight")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_NAME_FIELD_NUMBER: _ClassVar[int]
    MAX_IN_FLIGHT_FIELD_NUMBER: _ClassVar[int]
    group: str
    consumer_name: str
    max_in_flight: int
    def __init__(self, group: _Optional[str] = ..., consumer_name: _Optional[str] = ..., max_in_flight: _Optional[int] = ...) -> None: ...

class Acknowledge(_message.Message):
    __slots__ = ("positions",)
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    positions: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, positions: _Optional[_Iterable[int]] = ...) -> None: ...

class NegativeAcknowledge(_message.Message):
    __slots__ = ("positions", "reason")
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    positions: _containers.RepeatedScalarFieldContainer[int]
    reason: str
    def __init__(self, positions: _Optional[_Iterable[int]] = ..., reason: _Optional[str] = ...) -> None: ...

class ConsumeGroupRequest(_message.Message):
    __slots__ = ("join", "ack", "nack")
    JOIN_FIELD_NUMBER: _ClassVar[int]
    ACK_FIELD_NUMBER: _ClassVar[int]
    NACK_FIELD_NUMBER: _ClassVar[int]
    join: JoinGroup
    ack: Acknowledge
    nack: NegativeAcknowledge
    def __init__(self, join: _Optional[_Union[JoinGroup, _Mapping]] = ..., ack: _Optional[_Union[Acknowledge, _Mapping]] = ..., nack: _Optional[_Union[NegativeAcknowledge, _Mapping]] = ...) -> None: ...

class GroupJoined(_message.Message):
    __slots__ = ("consumer_name", "checkpoint")
    CONSUMER_NAME_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    consumer_name: str
    checkpoint: int
    def __init__(self, consumer_name: _Optional[str] = ..., checkpoint: _Optional[int] = ...) -> None: ...

class GroupDeliveries(_message.Message):
    __slots__ = ("deliveries",)
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    deliveries: _containers.RepeatedCompositeFieldContainer[_subscription_group_pb2.GroupDelivery]
    def __init__(self, deliveries: _Optional[_Iterable[_Union[_subscription_group_pb2.GroupDelivery, _Mapping]]] = ...) -> None: ...

class GroupHeartbeat(_message.Message):
    __slots__ = ("checkpoint", "head_position")
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    HEAD_POSITION_FIELD_NUMBER: _ClassVar[int]
    checkpoint: int
    head_position: int
    def __init__(self, checkpoint: _Optional[int] = ..., head_position: _Optional[int] = ...) -> None: ...

class RefusedAcknowledgements(_message.Message):
    __slots__ = ("positions", "reason")
    POSITIONS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    positions: _containers.RepeatedScalarFieldContainer[int]
    reason: str
    def __init__(self, positions: _Optional[_Iterable[int]] = ..., reason: _Optional[str] = ...) -> None: ...

class ConsumeGroupResponse(_message.Message):
    __slots__ = ("joined", "deliveries", "heartbeat", "refused")
    JOINED_FIELD_NUMBER: _ClassVar[int]
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    joined: GroupJoined
    deliveries: GroupDeliveries
    heartbeat: GroupHeartbeat
    refused: RefusedAcknowledgements
    def __init__(self, joined: _Optional[_Union[GroupJoined, _Mapping]] = ..., deliveries: _Optional[_Union[GroupDeliveries, _Mapping]] = ..., heartbeat: _Optional[_Union[GroupHeartbeat, _Mapping]] = ..., refused: _Optional[_Union[RefusedAcknowledgements, _Mapping]] = ...) -> None: ...
