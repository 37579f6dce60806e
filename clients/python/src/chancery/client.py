"""Client: chanceryd's RPCs behind one object with an address, credentials and call defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

import grpc
from grpc_health.v1 import health_pb2

from chancery import _core
from chancery._core import (DEFAULT, ChannelOptions, ClientBase, Metadata, Req, Resp, Rpc,
                            Timeout, build_request)
from chancery.errors import ChanceryError
from chancery.group_consumer import GroupConsumer, OnRefused
from chancery.requests import (CreateGroupFields, DeleteGroupFields, GetActorProfileFields,
                               GetConsistencyProofFields, GetGroupFields, GetInclusionProofFields,
                               GetRelationshipFields, GetTimelineFields, ExportLogFields,
                               HealthCheckFields, JoinGroupFields, ListParkedEventsFields,
                               ListRelationshipsFields, ReadLogFields, ReadStreamFields,
                               RecordEventsFields, RecordObservationsFields,
                               ReplayParkedEventsFields, ReplayRelationshipFields,
                               ResetGroupFields, RetractEventFields, SubscribeLogFields,
                               WatchRelationshipsFields)
from chancery.results import Result
from chancery.resuming_stream import Backoff, ResumingStream
from chancery.security import Pem
from chancery.streams import Stream
from chancery.v1 import (audit_service_pb2 as audit_pb, event_log_service_pb2 as log_pb,
                         log_record_pb2, relations_service_pb2 as relations_pb,
                         relationship_pb2, subscription_group_service_pb2 as groups_pb)

if TYPE_CHECKING:
    from typing_extensions import Unpack


class Client(ClientBase):
    """A connection to chanceryd.

    Each method takes its request message, or the request's fields as keyword arguments
    (`client.get_relationship(dyad="KHM-USA")`; see `chancery.requests`), and returns a
    `Result` over the response: the message's fields, enums as names (`chancery.results`).
    Unary calls time out after `timeout` seconds (None waits forever; a call's `timeout=`
    replaces it) and raise `ChanceryError` on failure; with `wait_for_ready` they wait for a
    reachable server instead of failing UNAVAILABLE at once. `metadata` pairs go with every
    call; a call's `metadata=` adds to them, replacing the keys it gives. Subscriptions
    (`subscribe_log`, `watch_relationships`) resume by themselves; see `ResumingStream`. A
    subscription group's consumer (`consume_group`) joins again by itself; see
    `GroupConsumer`.

    `address` is one "HOST:PORT", or several replicas' "IP:PORT" separated by commas (or as a
    list of strings): see `chancery.servers.servers_target`. Calls are spread over the
    replicas and tried again on another when one is unavailable.

    `token`, `tls_ca`, `tls_cert` and `tls_key` are as for `chancery.security.
    channel_credentials`; `credentials` instead gives the channel credentials whole.
    `options` are gRPC channel options, added to (or replacing) the replica ones.
    """

    def __init__(self, address: str | Iterable[str] = "127.0.0.1:50051", *,
                 token: str | None = None, tls_ca: Pem | None = None,
                 tls_cert: Pem | None = None, tls_key: Pem | None = None,
                 credentials: grpc.ChannelCredentials | None = None,
                 timeout: float | None = 30.0, wait_for_ready: bool = False,
                 metadata: Metadata = (), options: ChannelOptions = ()):
        super().__init__(address, token=token, tls_ca=tls_ca, tls_cert=tls_cert,
                         tls_key=tls_key, credentials=credentials, timeout=timeout,
                         wait_for_ready=wait_for_ready, metadata=metadata, options=options)
        if self._credentials is None:
            self._channel = grpc.insecure_channel(self._target, options=self._options)
        else:
            self._channel = grpc.secure_channel(self._target, self._credentials,
                                                options=self._options)

    _stream_class = Stream
    _resuming_class = ResumingStream
    _consumer_class = GroupConsumer

    @property
    def channel(self) -> grpc.Channel:
        """The gRPC channel, for stubs of your own (`chancery.v1.*_pb2_grpc`)."""
        return self._channel

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Recording.
    def record_events(self, request: relations_pb.RecordEventsRequest | None = None, /, *,
                      timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                      **fields: Unpack[RecordEventsFields]
                      ) -> Result[relations_pb.RecordEventsResponse]:
        return self._unary(_core.RECORD_EVENTS, request, fields, timeout, metadata)

    def retract_event(self, request: relations_pb.RetractEventRequest | None = None, /, *,
                      timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                      **fields: Unpack[RetractEventFields]
                      ) -> Result[relations_pb.RetractEventResponse]:
        return self._unary(_core.RETRACT_EVENT, request, fields, timeout, metadata)

    def record_observations(self, request: relations_pb.RecordObservationsRequest | None = None,
                            /, *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                            **fields: Unpack[RecordObservationsFields]
                            ) -> Result[relations_pb.RecordObservationsResponse]:
        return self._unary(_core.RECORD_OBSERVATIONS, request, fields, timeout, metadata)

    # Relationship queries.
    def get_relationship(self, request: relations_pb.GetRelationshipRequest | None = None, /, *,
                         timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                         **fields: Unpack[GetRelationshipFields]
                         ) -> Result[relations_pb.GetRelationshipResponse]:
        return self._unary(_core.GET_RELATIONSHIP, request, fields, timeout, metadata)

    def list_relationships(self, request: relations_pb.ListRelationshipsRequest | None = None,
                           /, *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                           **fields: Unpack[ListRelationshipsFields]
                           ) -> Result[relations_pb.ListRelationshipsResponse]:
        return self._unary(_core.LIST_RELATIONSHIPS, request, fields, timeout, metadata)

    def get_timeline(self, request: relations_pb.GetTimelineRequest | None = None, /, *,
                     timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                     **fields: Unpack[GetTimelineFields]
                     ) -> Result[relations_pb.GetTimelineResponse]:
        return self._unary(_core.GET_TIMELINE, request, fields, timeout, metadata)

    def get_actor_profile(self, request: relations_pb.GetActorProfileRequest | None = None, /,
                          *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                          **fields: Unpack[GetActorProfileFields]
                          ) -> Result[relations_pb.GetActorProfileResponse]:
        return self._unary(_core.GET_ACTOR_PROFILE, request, fields, timeout, metadata)

    # The raw log.
    def read_log(self, request: log_pb.ReadLogRequest | None = None, /, *,
                 timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                 **fields: Unpack[ReadLogFields]) -> Result[log_pb.ReadLogResponse]:
        return self._unary(_core.READ_LOG, request, fields, timeout, metadata)

    def read_stream(self, request: log_pb.ReadStreamRequest | None = None, /, *,
                    timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                    **fields: Unpack[ReadStreamFields]) -> Result[log_pb.ReadStreamResponse]:
        return self._unary(_core.READ_STREAM, request, fields, timeout, metadata)

    # Audit.
    def verify_log(self, request: audit_pb.VerifyLogRequest | None = None, /, *,
                   timeout: Timeout = DEFAULT,
                   metadata: Metadata | None = None) -> Result[audit_pb.VerifyLogResponse]:
        return self._unary(_core.VERIFY_LOG, request, {}, timeout, metadata)

    def get_checkpoint(self, request: audit_pb.GetCheckpointRequest | None = None, /, *,
                       timeout: Timeout = DEFAULT, metadata: Metadata | None = None
                       ) -> Result[audit_pb.GetCheckpointResponse]:
        return self._unary(_core.GET_CHECKPOINT, request, {}, timeout, metadata)

    def get_inclusion_proof(self, request: audit_pb.GetInclusionProofRequest | None = None, /,
                            *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                            **fields: Unpack[GetInclusionProofFields]
                            ) -> Result[audit_pb.GetInclusionProofResponse]:
        return self._unary(_core.GET_INCLUSION_PROOF, request, fields, timeout, metadata)

    def get_consistency_proof(self, request: audit_pb.GetConsistencyProofRequest | None = None,
                              /, *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                              **fields: Unpack[GetConsistencyProofFields]
                              ) -> Result[audit_pb.GetConsistencyProofResponse]:
        return self._unary(_core.GET_CONSISTENCY_PROOF, request, fields, timeout, metadata)

    def export_log(self, request: audit_pb.ExportLogRequest | None = None, /, *,
                   timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                   **fields: Unpack[ExportLogFields]) -> Stream[Result[audit_pb.ExportLogResponse]]:
        """Every record from `start_position` to the head when the call starts; no deadline
        unless `timeout=` gives one."""
        return self._stream(_core.EXPORT_LOG, request, fields, timeout, metadata)

    def replay_relationship(self, request: audit_pb.ReplayRelationshipRequest | None = None, /,
                            *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                            **fields: Unpack[ReplayRelationshipFields]
                            ) -> Stream[Result[audit_pb.ReplayRelationshipResponse]]:
        """A dyad's events in date order, each with the relationship just after it."""
        return self._stream(_core.REPLAY_RELATIONSHIP, request, fields, timeout, metadata)

    # Subscription groups.
    def create_group(self, request: groups_pb.CreateGroupRequest | None = None, /, *,
                     timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                     **fields: Unpack[CreateGroupFields]) -> Result[groups_pb.CreateGroupResponse]:
        """Creates the group, or returns the existing one of the same definition (`created`
        False); ALREADY_EXISTS when its name has another definition."""
        return self._unary(_core.CREATE_GROUP, request, fields, timeout, metadata)

    def get_group(self, request: groups_pb.GetGroupRequest | None = None, /, *,
                  timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                  **fields: Unpack[GetGroupFields]) -> Result[groups_pb.GetGroupResponse]:
        return self._unary(_core.GET_GROUP, request, fields, timeout, metadata)

    def list_groups(self, request: groups_pb.ListGroupsRequest | None = None, /, *,
                    timeout: Timeout = DEFAULT, metadata: Metadata | None = None
                    ) -> Result[groups_pb.ListGroupsResponse]:
        return self._unary(_core.LIST_GROUPS, request, {}, timeout, metadata)

    def reset_group(self, request: groups_pb.ResetGroupRequest | None = None, /, *,
                    timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                    **fields: Unpack[ResetGroupFields]) -> Result[groups_pb.ResetGroupResponse]:
        return self._unary(_core.RESET_GROUP, request, fields, timeout, metadata)

    def delete_group(self, request: groups_pb.DeleteGroupRequest | None = None, /, *,
                     timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                     **fields: Unpack[DeleteGroupFields]) -> Result[groups_pb.DeleteGroupResponse]:
        return self._unary(_core.DELETE_GROUP, request, fields, timeout, metadata)

    def list_parked_events(self, request: groups_pb.ListParkedEventsRequest | None = None, /,
                           *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                           **fields: Unpack[ListParkedEventsFields]
                           ) -> Result[groups_pb.ListParkedEventsResponse]:
        return self._unary(_core.LIST_PARKED_EVENTS, request, fields, timeout, metadata)

    def replay_parked_events(self, request: groups_pb.ReplayParkedEventsRequest | None = None,
                             /, *, timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
                             **fields: Unpack[ReplayParkedEventsFields]
                             ) -> Result[groups_pb.ReplayParkedEventsResponse]:
        return self._unary(_core.REPLAY_PARKED_EVENTS, request, fields, timeout, metadata)

    def consume_group(self, request: groups_pb.JoinGroup | None = None, /, *,
                      backoff: Backoff | None = None, metadata: Metadata | None = None,
                      on_refused: OnRefused | None = None,
                      **fields: Unpack[JoinGroupFields]) -> GroupConsumer:
        """Joins the group `group` as a consumer (`for delivery in consumer`, then
        `consumer.ack(delivery.position)`), joining again by itself after a server restart;
        see `GroupConsumer`."""
        return self._consume_group(request, fields, backoff, metadata, on_refused)

    # gRPC's health check of the whole server (service "") or of one service (it needs no token).
    def health(self, request: health_pb2.HealthCheckRequest | None = None, /, *,
               timeout: Timeout = DEFAULT, metadata: Metadata | None = None,
               **fields: Unpack[HealthCheckFields]) -> Result[health_pb2.HealthCheckResponse]:
        return self._unary(_core.HEALTH_CHECK, request, fields, timeout, metadata)

    # Subscriptions.
    def subscribe_log(self, request: log_pb.SubscribeLogRequest | None = None, /, *,
                      backoff: Backoff | None = None, metadata: Metadata | None = None,
                      from_now: bool = False,
                      on_caught_up: Callable[[int], object] | None = None,
                      **fields: Unpack[SubscribeLogFields]
                      ) -> ResumingStream[Result[log_record_pb2.LogRecord]]:
        """Every matching `LogRecord` after `after_position` (with `from_now`, after the head
        of the log as it is when subscribing), then live ones, until cancelled. The first
        CaughtUp marker sets `caught_up_position` and calls `on_caught_up(position)`."""
        return self._subscribe(_core.SUBSCRIBE_LOG, request, fields, _core.unpack_log, backoff,
                               metadata, from_now, on_caught_up)

    def watch_relationships(self, request: relations_pb.WatchRelationshipsRequest | None = None,
                            /, *, backoff: Backoff | None = None, metadata: Metadata | None = None,
                            from_now: bool = False,
                            on_caught_up: Callable[[int], object] | None = None,
                            **fields: Unpack[WatchRelationshipsFields]
                            ) -> ResumingStream[Result[relationship_pb2.RelationshipChange]]:
        """Every `RelationshipChange` after `after_position` (with `from_now`, after the head
        of the log as it is when watching), then live ones, until cancelled. The first
        CaughtUp marker sets `caught_up_position` and calls `on_caught_up(position)`."""
        return self._subscribe(_core.WATCH_RELATIONSHIPS, request, fields, _core.unpack_watch,
                               backoff, metadata, from_now, on_caught_up)

    def _head_position(self, metadata: Metadata | None) -> int:
        return self.read_log(page_size=1, metadata=metadata).head_position

    def _unary(self, rpc: Rpc[Req, Resp], request: Any, fields: Any, timeout: Timeout,
               metadata: Metadata | None) -> Result[Resp]:
        call = self._channel.unary_unary(rpc.path,
                                         request_serializer=rpc.request_type.SerializeToString,
                                         response_deserializer=rpc.response_type.FromString)
        try:
            return Result(call(build_request(rpc.request_type, request, fields),
                               **self._call_options(timeout, metadata)))
        except grpc.RpcError as error:
            raise ChanceryError.from_rpc_error(error) from None
