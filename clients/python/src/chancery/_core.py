"""What Client and AsyncClient share: the RPC table, channel settings, call options and the
building of requests from messages or keywords."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from typing import Any, Generic, Iterable, Mapping, Optional, Sequence, Tuple, TypeVar, Union

import grpc
from google.protobuf.message import Message
from grpc_health.v1 import health_pb2

from chancery.results import Result, unwrap
from chancery.security import Pem, channel_credentials
from chancery.servers import channel_options, servers_target
from chancery.v1 import (audit_service_pb2 as audit_pb, event_log_service_pb2 as log_pb,
                         log_record_pb2, relations_service_pb2 as relations_pb,
                         relationship_pb2, subscription_group_service_pb2 as groups_pb)

Req = TypeVar("Req", bound=Message)
Resp = TypeVar("Resp", bound=Message)

Metadata = Sequence[Tuple[str, Union[str, bytes]]]
ChannelOptions = Iterable[Tuple[str, Any]]


class _Default(enum.Enum):
    DEFAULT = "the client's default"


# `timeout=DEFAULT` (what a call gets when it passes none): the client's `timeout`.
DEFAULT = _Default.DEFAULT
Timeout = Union[float, None, _Default]


@dataclass(frozen=True)
class Rpc(Generic[Req, Resp]):
    """One RPC: its full gRPC method name and message types."""

    path: str
    request_type: type[Req]
    response_type: type[Resp]


def _rpc(service: str, method: str, request_type: type[Req],
         response_type: type[Resp]) -> Rpc[Req, Resp]:
    return Rpc(f"/{service}/{method}", request_type, response_type)


_RELATIONS = "chancery.v1.RelationsService"
_LOG = "chancery.v1.EventLogService"
_AUDIT = "chancery.v1.AuditService"
_GROUPS = "chancery.v1.SubscriptionGroupService"

RECORD_EVENTS = _rpc(_RELATIONS, "RecordEvents", relations_pb.RecordEventsRequest,
                     relations_pb.RecordEventsResponse)
RETRACT_EVENT = _rpc(_RELATIONS, "RetractEvent", relations_pb.RetractEventRequest,
                     relations_pb.RetractEventResponse)
RECORD_OBSERVATIONS = _rpc(_RELATIONS, "RecordObservations",
                           relations_pb.RecordObservationsRequest,
                           relations_pb.RecordObservationsResponse)
GET_RELATIONSHIP = _rpc(_RELATIONS, "GetRelationship", relations_pb.GetRelationshipRequest,
                        relations_pb.GetRelationshipResponse)
LIST_RELATIONSHIPS = _rpc(_RELATIONS, "ListRelationships", relations_pb.ListRelationshipsRequest,
                          relations_pb.ListRelationshipsResponse)
GET_TIMELINE = _rpc(_RELATIONS, "GetTimeline", relations_pb.GetTimelineRequest,
                    relations_pb.GetTimelineResponse)
GET_ACTOR_PROFILE = _rpc(_RELATIONS, "GetActorProfile", relations_pb.GetActorProfileRequest,
                         relations_pb.GetActorProfileResponse)
WATCH_RELATIONSHIPS = _rpc(_RELATIONS, "WatchRelationships",
                           relations_pb.WatchRelationshipsRequest,
                           relations_pb.WatchRelationshipsResponse)
READ_LOG = _rpc(_LOG, "ReadLog", log_pb.ReadLogRequest, log_pb.ReadLogResponse)
READ_STREAM = _rpc(_LOG, "ReadStream", log_pb.ReadStreamRequest, log_pb.ReadStreamResponse)
SUBSCRIBE_LOG = _rpc(_LOG, "SubscribeLog", log_pb.SubscribeLogRequest, log_pb.SubscribeLogResponse)
VERIFY_LOG = _rpc(_AUDIT, "VerifyLog", audit_pb.VerifyLogRequest, audit_pb.VerifyLogResponse)
REPLAY_RELATIONSHIP = _rpc(_AUDIT, "ReplayRelationship", audit_pb.ReplayRelationshipRequest,
                           audit_pb.ReplayRelationshipResponse)
EXPORT_LOG = _rpc(_AUDIT, "ExportLog", audit_pb.ExportLogRequest, audit_pb.ExportLogResponse)
GET_CHECKPOINT = _rpc(_AUDIT, "GetCheckpoint", audit_pb.GetCheckpointRequest,
                      audit_pb.GetCheckpointResponse)
GET_INCLUSION_PROOF = _rpc(_AUDIT, "GetInclusionProof", audit_pb.GetInclusionProofRequest,
                           audit_pb.GetInclusionProofResponse)
GET_CONSISTENCY_PROOF = _rpc(_AUDIT, "GetConsistencyProof", audit_pb.GetConsistencyProofRequest,
                             audit_pb.GetConsistencyProofResponse)
CREATE_GROUP = _rpc(_GROUPS, "CreateGroup", groups_pb.CreateGroupRequest,
                    groups_pb.CreateGroupResponse)
GET_GROUP = _rpc(_GROUPS, "GetGroup", groups_pb.GetGroupRequest, groups_pb.GetGroupResponse)
LIST_GROUPS = _rpc(_GROUPS, "ListGroups", groups_pb.ListGroupsRequest,
                   groups_pb.ListGroupsResponse)
RESET_GROUP = _rpc(_GROUPS, "ResetGroup", groups_pb.ResetGroupRequest,
                   groups_pb.ResetGroupResponse)
DELETE_GROUP = _rpc(_GROUPS, "DeleteGroup", groups_pb.DeleteGroupRequest,
                    groups_pb.DeleteGroupResponse)
LIST_PARKED_EVENTS = _rpc(_GROUPS, "ListParkedEvents", groups_pb.ListParkedEventsRequest,
                          groups_pb.ListParkedEventsResponse)
REPLAY_PARKED_EVENTS = _rpc(_GROUPS, "ReplayParkedEvents", groups_pb.ReplayParkedEventsRequest,
                            groups_pb.ReplayParkedEventsResponse)
CONSUME_GROUP = _rpc(_GROUPS, "ConsumeGroup", groups_pb.ConsumeGroupRequest,
                     groups_pb.ConsumeGroupResponse)
HEALTH_CHECK = _rpc("grpc.health.v1.Health", "Check", health_pb2.HealthCheckRequest,
                    health_pb2.HealthCheckResponse)


class ClientBase:
    """The settings Client and AsyncClient share; see Client for the arguments."""

    def __init__(self, address: str | Iterable[str] = "127.0.0.1:50051", *,
                 token: str | None = None, tls_ca: Pem | None = None,
                 tls_cert: Pem | None = None, tls_key: Pem | None = None,
                 credentials: grpc.ChannelCredentials | None = None,
                 timeout: float | None = 30.0, wait_for_ready: bool = False,
                 metadata: Metadata = (), options: ChannelOptions = ()):
        self.timeout = timeout
        self.wait_for_ready = wait_for_ready
        self.metadata: list[tuple[str, str | bytes]] = list(metadata)
        self._target = servers_target(address)
        self._options = list({**dict(channel_options(address)), **dict(options)}.items())
        security = channel_credentials(token=token, tls_ca=tls_ca, tls_cert=tls_cert,
                                       tls_key=tls_key)
        if credentials is not None and security is not None:
            raise TypeError("pass credentials, or token and tls_* options, not both")
        self._credentials = credentials or security

    def _call_options(self, timeout: Timeout, metadata: Metadata | None,
                      unary: bool = True) -> dict[str, Any]:
        """gRPC's keywords for one call: `timeout` (DEFAULT: the client's for a unary call,
        none for a stream), the client's metadata with the call's (a key the call gives
        replaces the client's), and wait_for_ready."""
        if timeout is DEFAULT:
            timeout = self.timeout if unary else None
        return {"timeout": timeout, "metadata": merge_metadata(self.metadata, metadata),
                "wait_for_ready": self.wait_for_ready}


    # The classes of a finite stream, a subscription and a group consumer (Client's sync,
    # AsyncClient's async).
    _stream_class: Any
    _resuming_class: Any
    _consumer_class: Any
    _channel: Any

    def _open_stream(self, rpc: Rpc[Req, Resp]) -> Any:
        return self._channel.unary_stream(rpc.path,
                                          request_serializer=rpc.request_type.SerializeToString,
                                          response_deserializer=rpc.response_type.FromString)

    def _stream(self, rpc: Rpc[Req, Resp], request: Any, fields: Mapping[str, Any],
                timeout: Timeout, metadata: Metadata | None) -> Any:
        """A `_stream_class` over one call of a finite server stream (an export, a replay)."""
        call = self._open_stream(rpc)(build_request(rpc.request_type, request, fields),
                                      **self._call_options(timeout, metadata, unary=False))
        return self._stream_class(call, Result)

    def _head_position(self, metadata: Metadata | None) -> Any:
        """The head of the log (ReadLog's `head_position`): an int, or (AsyncClient) an
        awaitable of one."""
        raise NotImplementedError

    def _subscribe(self, rpc: Rpc[Req, Resp], request: Any, fields: Mapping[str, Any],
                   unpack: Any, backoff: Any, metadata: Metadata | None, from_now: bool = False,
                   on_caught_up: Any = None) -> Any:
        """A `_resuming_class` over a subscription: each resumption a call of its own. From
        now, it starts after the head of the log as it is when subscribing, whatever the
        request's `after_position`."""
        method = self._open_stream(rpc)
        first = build_request(rpc.request_type, request, fields)
        options = self._call_options(None, metadata)
        # A resumed call waits for the server to be back rather than failing at once.
        options["wait_for_ready"] = True

        def open_call(after_position: int) -> Any:
            return method(resumed(first, after_position), **options)
        start = (lambda: self._head_position(metadata)) if from_now else None
        return self._resuming_class(open_call, unpack, first.after_position,  # type: ignore[attr-defined]
                                    backoff, start=start, on_caught_up=on_caught_up)

    def _consume_group(self, request: Any, fields: Mapping[str, Any], backoff: Any,
                       metadata: Metadata | None, on_refused: Any) -> Any:
        """A `_consumer_class` joining a group: each join a ConsumeGroup call of its own."""
        method = self._channel.stream_stream(
            CONSUME_GROUP.path, request_serializer=CONSUME_GROUP.request_type.SerializeToString,
            response_deserializer=CONSUME_GROUP.response_type.FromString)
        join = build_request(groups_pb.JoinGroup, request, fields)
        options = self._call_options(None, metadata)
        # A join after a restart waits for the server to be back rather than failing at once.
        options["wait_for_ready"] = True
        return self._consumer_class(lambda requests: method(requests, **options), join,
                                    backoff, on_refused)


def merge_metadata(defaults: Metadata, call: Metadata | None) -> Optional[list[tuple[str, Any]]]:
    """`defaults` without the keys `call` gives, then `call`; None when empty."""
    call = list(call or ())
    replaced = {key.lower() for key, _ in call}
    merged = [(key, value) for key, value in defaults if key.lower() not in replaced] + call
    return merged or None


def build_request(request_type: type[Req], request: Req | Result[Req] | None,
                  fields: Mapping[str, Any]) -> Req:
    """The request: `request` as it is (a Result's message), or a `request_type` of `fields`.

    Fields take messages, Results, dicts and lists of them; `google.type.Date` fields take
    `datetime.date`s too."""
    if request is not None and fields:
        raise TypeError("pass a request message or its fields, not both")
    if request is not None:
        request = unwrap(request)
        if not isinstance(request, request_type):
            raise TypeError(f"expected a {request_type.__name__}, got {type(request).__name__}")
        return request
    descriptor = request_type.DESCRIPTOR
    values = {}
    for name, value in fields.items():
        field = descriptor.fields_by_name.get(name)
        if field is None:
            raise TypeError(f"{request_type.__name__} has no field {name!r}")
        value = unwrap(value)
        if (isinstance(value, datetime.date) and field.message_type is not None
                and field.message_type.full_name == "google.type.Date"):
            value = {"year": value.year, "month": value.month, "day": value.day}
        values[name] = value
    return request_type(**values)


def resumed(request: Req, after_position: int) -> Req:
    """A copy of a subscription's request that starts after `after_position`."""
    copy = type(request)()
    copy.CopyFrom(request)
    copy.after_position = after_position  # type: ignore[attr-defined]
    return copy


def unpack_log(response: log_pb.SubscribeLogResponse
               ) -> list[tuple[Result[log_record_pb2.LogRecord] | None, int]]:
    content = response.WhichOneof("content")
    if content == "records":
        return [(Result(record), record.position) for record in response.records.records]
    return [(None, getattr(response, content).position)]


def unpack_watch(response: relations_pb.WatchRelationshipsResponse
                 ) -> list[tuple[Result[relationship_pb2.RelationshipChange] | None, int]]:
    content = response.WhichOneof("content")
    if content == "change":
        return [(Result(response.change), response.change.position)]
    return [(None, getattr(response, content).position)]
