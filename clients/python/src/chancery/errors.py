"""ChanceryError: a failed call with the details chanceryd attaches to its status."""

from __future__ import annotations

import grpc
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2

from chancery.v1 import concurrency_pb2, subscription_pb2

_STATUS_DETAILS_KEY = "grpc-status-details-bin"


class ChanceryError(Exception):
    """A call that ended with a non-OK status.

    `code` is the `grpc.StatusCode`; `details` holds the `google.rpc.Status` details as
    `google.protobuf.Any`. The properties unpack the details chanceryd sends.
    """

    def __init__(self, code: grpc.StatusCode, message: str, details=()):
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message
        self.details = list(details)

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError) -> "ChanceryError":
        details = []
        for key, value in error.trailing_metadata() or ():
            if key == _STATUS_DETAILS_KEY:
                details = status_pb2.Status.FromString(value).details
        return cls(error.code(), error.details() or "", details)

    def detail(self, message_type: type[Message]) -> Message | None:
        """The first detail of `message_type`, or None."""
        for any_detail in self.details:
            if any_detail.Is(message_type.DESCRIPTOR):
                detail = message_type()
                any_detail.Unpack(detail)
                return detail
        return None

    @property
    def field_violations(self) -> list[str]:
        """The request fields a `google.rpc.BadRequest` detail names (`events[0].cameo_code`)."""
        bad_request = self.detail(error_details_pb2.BadRequest)
        return [v.field for v in bad_request.field_violations] if bad_request else []

    @property
    def revision_conflict(self) -> concurrency_pb2.RevisionConflict | None:
        return self.detail(concurrency_pb2.RevisionConflict)

    @property
    def subscription_ended(self) -> subscription_pb2.SubscriptionEnded | None:
        return self.detail(subscription_pb2.SubscriptionEnded)
