"""Runs every vector of tests/conformance/vectors against a chanceryd of its own."""

from __future__ import annotations

import itertools
import json
import time

import pytest
from google.protobuf import json_format

from chancery import ChanceryError, Client, GroupConsumer
from chancery.v1 import (event_log_service_pb2 as log_pb, relations_service_pb2 as relations_pb,
                         subscription_group_service_pb2 as groups_pb)
from chanceryd import REPO_ROOT, Chanceryd
from conformance_match import mismatches, to_json
from vector_security import client_options, make_test_pki, server_flags

VECTORS = sorted((REPO_ROOT / "tests" / "conformance" / "vectors").glob("*.json"))

# op -> (Client method, request type) for the unary calls.
UNARY = {
    "record": (Client.record_events, relations_pb.RecordEventsRequest),
    "retract": (Client.retract_event, relations_pb.RetractEventRequest),
    "getRelationship": (Client.get_relationship, relations_pb.GetRelationshipRequest),
    "listRelationships": (Client.list_relationships, relations_pb.ListRelationshipsRequest),
    "readLog": (Client.read_log, log_pb.ReadLogRequest),
    "readStream": (Client.read_stream, log_pb.ReadStreamRequest),
    "createGroup": (Client.create_group, groups_pb.CreateGroupRequest),
    "getGroup": (Client.get_group, groups_pb.GetGroupRequest),
    "listGroups": (Client.list_groups, groups_pb.ListGroupsRequest),
    "resetGroup": (Client.reset_group, groups_pb.ResetGroupRequest),
    "deleteGroup": (Client.delete_group, groups_pb.DeleteGroupRequest),
    "listParkedEvents": (Client.list_parked_events, groups_pb.ListParkedEventsRequest),
    "replayParkedEvents": (Client.replay_parked_events, groups_pb.ReplayParkedEventsRequest),
}
SUBSCRIPTIONS = {
    "subscribeLog": (Client.subscribe_log, log_pb.SubscribeLogRequest),
    "watchRelationships": (Client.watch_relationships, relations_pb.WatchRelationshipsRequest),
}


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return make_test_pki(tmp_path_factory.mktemp("pki"))


@pytest.mark.parametrize("vector", VECTORS, ids=[v.stem for v in VECTORS])
def test_vector(vector, pki, tmp_path):
    spec = json.loads(vector.read_text())
    security = spec.get("server", {})
    server = Chanceryd(tmp_path / "chancery.db", server_flags(security, pki, tmp_path))
    server.start()
    clients = {}  # One per principal ("as"), None for no token.
    subscriptions = {}  # Subscriptions and group consumers, by name.
    try:
        for index, step in enumerate(spec["steps"]):
            principal = step.get("as")
            if principal not in clients:
                # Waiting for ready, as the C++ runner does: after restartServer, round_robin's
                # reconnection backs off, and a call in that second would fail UNAVAILABLE.
                clients[principal] = Client(server.address, wait_for_ready=True,
                                            **client_options(security, pki, principal))
            run_step(step, clients[principal], server, subscriptions,
                     f"step {index} ({step['op']})")
    finally:
        for subscription in subscriptions.values():
            end(subscription)
        for client in clients.values():
            client.close()
        server.stop()


def run_step(step, client, server, subscriptions, where):
    op = step["op"]
    expect = step.get("expect", {})
    if op in UNARY:
        method, request_type = UNARY[op]
        request = json_format.ParseDict(step["request"], request_type())
        call = lambda: method(client, request)
        if step.get("retryUntilMatch"):
            call = until_match(call, expect["response"])
        check_outcome(call, expect, where, to_json)
    elif op == "health":
        check_outcome(client.health, expect, where, to_json)
    elif op in SUBSCRIPTIONS:
        method, request_type = SUBSCRIPTIONS[op]
        subscriptions[step["name"]] = method(client, json_format.ParseDict(step["request"],
                                                                           request_type()),
                                             from_now=step.get("fromNow", False))
    elif op == "consumeGroup":
        join = json_format.ParseDict(step["request"], groups_pb.JoinGroup())
        subscriptions[step["name"]] = client.consume_group(join)
    elif op == "ack":
        subscriptions[step["consumer"]].ack(*step["positions"])
    elif op == "nack":
        subscriptions[step["consumer"]].nack(*step["positions"], reason=step["reason"])
    elif op == "caughtUp":
        # Waits for the subscription's first CaughtUp marker; what it reads ahead stays
        # for the next `next` step.
        subscription = subscriptions[step["subscription"]]
        position = subscription.wait_caught_up(timeout=30)
        assert subscription.caught_up and subscription.caught_up_position == position
        if "position" in expect:
            problems = mismatches(expect["position"], position)
            assert not problems, f"{where}: caught up at {position}: " + "; ".join(problems)
    elif op == "next":
        subscription = subscriptions[step["subscription"]]
        # Reads as many items as expected, or one when an error is expected instead.
        count = len(expect["items"]) if "items" in expect else 1
        check_outcome(lambda: list(itertools.islice(subscription, count)), expect, where,
                      lambda items: [to_json(item) for item in items], key="items")
    elif op == "cancel":
        end(subscriptions.pop(step["subscription"]))
    elif op == "restartServer":
        server.restart()
    else:
        raise AssertionError(f"{where}: unknown op")


def end(subscription):
    """Cancels a subscription, or leaves the group (a consumer)."""
    if isinstance(subscription, GroupConsumer):
        subscription.close()
    else:
        subscription.cancel()


def until_match(call, expected):
    """`call` repeated every 100 ms, for up to 10 s, until its response matches `expected`:
    acknowledgements travel on a stream and reach the server a moment after they are sent.
    An error ends the repetition."""
    def repeated():
        deadline = time.monotonic() + 10
        while True:
            response = call()
            if not mismatches(expected, to_json(response)) or time.monotonic() >= deadline:
                return response
            time.sleep(0.1)
    return repeated


def check_outcome(call, expect, where, as_json, key="response"):
    """Runs `call`; checks its result against expect[key], or its error against expect.error."""
    try:
        result = call()
    except ChanceryError as error:
        assert "error" in expect, f"{where}: unexpected {error}"
        check_error(error, expect["error"], where)
        return
    assert "error" not in expect, f"{where}: expected {expect['error']['code']}, got success"
    if key in expect:
        problems = mismatches(expect[key], as_json(result))
        assert not problems, f"{where}: " + "; ".join(problems)


def check_error(error: ChanceryError, expected: dict, where: str):
    assert error.code.name == expected["code"], f"{where}: expected {expected['code']}, got {error}"
    if "fieldViolations" in expected:
        assert sorted(error.field_violations) == sorted(expected["fieldViolations"]), \
            f"{where}: field violations {error.field_violations}"
    if "revisionConflict" in expected:
        conflict = error.revision_conflict
        assert conflict is not None, f"{where}: no RevisionConflict detail in {error}"
        problems = mismatches(expected["revisionConflict"], to_json(conflict))
        assert not problems, f"{where}: revision conflict: " + "; ".join(problems)
