"""One client of two chanceryd replicas: its calls reach both, go on when one is killed, and a
subscription moves to the one that remains. Each replica has a store of its own here, so each
one's log shows which calls reached it."""

from __future__ import annotations

import re
import uuid
from concurrent import futures

import grpc
import pytest

from chancery import ChanceryError, Client
from chancery.servers import servers_target
from chancery.v1.event_pb2 import DiplomaticEvent
from chanceryd import Chanceryd
from vector_security import make_test_pki


@pytest.fixture
def replicas(tmp_path):
    servers = [Chanceryd(tmp_path / f"{name}.db") for name in ("a", "b")]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            if server.running:
                server.stop()


def new_event() -> DiplomaticEvent:
    """A valid event with an id of its own."""
    return DiplomaticEvent(event_id=str(uuid.uuid4()), cameo_code="036",
                           occur_date={"year": 2019, "month": 11, "day": 26},
                           source={"code": "USA"}, target={"code": "KHM"})


def log_head(server: Chanceryd) -> int:
    """The head position of `server`'s own log, asked of it alone."""
    with Client(server.address) as alone:
        return alone.read_log(page_size=1).head_position


def record_until_each_has_one(client: Client, replicas: list[Chanceryd]) -> None:
    for _ in range(100):
        client.record_events(events=[new_event()])
        if all(log_head(replica) > 0 for replica in replicas):
            return
    pytest.fail("100 calls through the list and a replica received none")


def test_calls_reach_every_replica_of_the_list(replicas):
    with Client(",".join(replica.address for replica in replicas)) as client:
        record_until_each_has_one(client, replicas)


def test_calls_go_on_when_a_replica_of_the_list_is_killed(replicas):
    killed, survivor = replicas
    with Client(f"{killed.address},{survivor.address}") as client:
        record_until_each_has_one(client, replicas)  # So the kill hits a replica in use.
        head = log_head(survivor)
        killed.kill()
        for call in range(10):
            if call % 2 == 0:
                client.record_events(events=[new_event()])
            else:
                client.get_relationship(dyad="KHM-USA")
        assert log_head(survivor) == head + 5


def test_a_subscription_moves_to_the_remaining_replica(replicas):
    with Client([replica.address for replica in replicas]) as client:
        firsts = [new_event() for _ in replicas]
        for replica, first in zip(replicas, firsts):
            with Client(replica.address) as alone:
                alone.record_events(events=[first])
        subscription = client.subscribe_log()
        try:
            # Position 1 of whichever replica the subscription is on tells which one that is.
            on = [first.event_id for first in firsts].index(next(subscription).event.event_id)
            replicas[on].kill()
            survivor = replicas[1 - on]
            last = new_event()
            with Client(survivor.address) as alone:
                alone.record_events(events=[last])
            assert next(subscription).event.event_id == last.event_id
            assert subscription.position == 2
        finally:
            subscription.cancel()


class Unavailable(grpc.GenericRpcHandler):
    """A replica that answers every call UNAVAILABLE, as one shutting down does."""

    def __init__(self):
        self.calls = 0

    def service(self, handler_call_details):
        def refuse(request, context):
            self.calls += 1
            context.abort(grpc.StatusCode.UNAVAILABLE, "shutting down")
        return grpc.unary_unary_rpc_method_handler(refuse)


def test_a_call_a_replica_answers_unavailable_is_tried_again_on_another(replicas):
    unavailable = Unavailable()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=1), handlers=[unavailable])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        with Client(f"127.0.0.1:{port},{replicas[0].address}") as client:
            for calls in range(1, 101):
                client.record_events(events=[new_event()])
                if unavailable.calls:
                    break
        assert unavailable.calls, "100 calls through the list and none tried the unavailable one"
        assert log_head(replicas[0]) == calls
    finally:
        server.stop(grace=None)


def test_over_tls_a_list_is_checked_against_its_first_host_or_the_name_given(tmp_path):
    pki = make_test_pki(tmp_path / "pki")  # The server certificate is for localhost and 127.0.0.1.
    tls = [f"--tls-cert={pki / 'server.pem'}", f"--tls-key={pki / 'server.key'}"]
    servers = [Chanceryd(tmp_path / f"{name}.db", tls) for name in ("a", "b")]
    try:
        for server in servers:
            server.start()
        addresses = ",".join(server.address for server in servers)
        with Client(addresses, tls_ca=str(pki / "ca.pem")) as client:
            assert client.read_log(page_size=1).head_position == 0
        named = [("grpc.ssl_target_name_override", "localhost")]
        with Client(addresses, tls_ca=str(pki / "ca.pem"), options=named) as client:
            assert client.read_log(page_size=1).head_position == 0
        elsewhere = [("grpc.ssl_target_name_override", "elsewhere.example")]
        with Client(addresses, tls_ca=str(pki / "ca.pem"), options=elsewhere, timeout=5) as client:
            with pytest.raises(ChanceryError) as refused:
                client.read_log(page_size=1)
            assert refused.value.code == grpc.StatusCode.UNAVAILABLE
    finally:
        for server in servers:
            server.stop()


@pytest.mark.parametrize("servers, bad", [
    ("127.0.0.1:1,chancery.internal:2", "chancery.internal:2"),
    ("127.0.0.1:1,[::1]:2", "[::1]:2"),
    ("127.0.0.1", "127.0.0.1"),
])
def test_a_malformed_list_is_refused_naming_the_bad_address(servers, bad):
    with pytest.raises(ValueError, match=re.escape(f'"{bad}"')):
        Client(servers)


def test_one_address_is_the_target_and_a_list_one_ipv4_or_ipv6_target():
    assert servers_target("chancery.internal:50051") == "chancery.internal:50051"
    assert servers_target(" 10.0.0.5:50051 , 10.0.0.6:50052") == \
        "ipv4:10.0.0.5:50051,10.0.0.6:50052"
    assert servers_target(["[::1]:1", "[::1]:2"]) == "ipv6:[::1]:1,[::1]:2"
