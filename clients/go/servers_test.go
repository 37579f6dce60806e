package chancery_test

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"google.golang.org/genproto/googleapis/type/date"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"chancery.org/chancery"
	pb "chancery.org/chancery/gen/chancery/v1"
)

// startReplicas starts two chanceryd, each on an empty store of its own, and returns them, a
// Client of each alone, and a Client of both.
func startReplicas(t *testing.T) (servers [2]*chanceryd, alone [2]*chancery.Client, both *chancery.Client) {
	for i := range servers {
		servers[i] = startChanceryd(t, t.TempDir(), nil)
		alone[i] = newClient(t, servers[i].address())
	}
	return servers, alone, newClient(t, servers[0].address()+","+servers[1].address())
}

func newClient(t *testing.T, servers string, opts ...chancery.Option) *chancery.Client {
	client, err := chancery.New(servers, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return client
}

func eventID(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// record records event n (of id eventID(n)).
func record(t *testing.T, client *chancery.Client, n int) {
	t.Helper()
	event := &pb.DiplomaticEvent{EventId: eventID(n), CameoCode: "036",
		OccurDate: &date.Date{Year: 2019, Month: 11, Day: 26},
		Source:    &pb.Actor{Code: "USA"}, Target: &pb.Actor{Code: "KHM"}}
	if _, err := client.RecordEvents(context.Background(), &pb.RecordEventsRequest{Events: []*pb.DiplomaticEvent{event}}); err != nil {
		t.Fatalf("recording event %d: %v", n, err)
	}
}

func headPosition(t *testing.T, client *chancery.Client) uint64 {
	t.Helper()
	page, err := client.ReadLog(context.Background(), &pb.ReadLogRequest{PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	return page.GetHeadPosition()
}

func TestAServerListSpreadsCallsAndOutlivesAKilledReplica(t *testing.T) {
	servers, alone, client := startReplicas(t)
	calls := 0
	for headPosition(t, alone[0]) == 0 || headPosition(t, alone[1]) == 0 {
		if calls == 100 {
			t.Fatal("100 records through the list, and a replica's log is still empty")
		}
		calls++
		record(t, client, calls)
	}

	servers[0].kill()
	for n := range 10 {
		if n%2 == 0 {
			record(t, client, 1000+n)
		} else if _, err := client.GetRelationship(context.Background(), &pb.GetRelationshipRequest{Dyad: "USA-KHM"}); err != nil {
			t.Fatalf("call %d after the kill: %v", n, err)
		}
	}
}

// unavailableReplica answers every GetRelationship with UNAVAILABLE, and counts them.
type unavailableReplica struct {
	pb.UnimplementedRelationsServiceServer
	calls atomic.Int32
}

func (r *unavailableReplica) GetRelationship(context.Context, *pb.GetRelationshipRequest) (*pb.GetRelationshipResponse, error) {
	r.calls.Add(1)
	return nil, status.Error(codes.Unavailable, "this replica cannot serve")
}

func TestACallThatFindsAReplicaUnavailableIsTriedOnAnother(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	unavailable := &unavailableReplica{}
	server := grpc.NewServer()
	pb.RegisterRelationsServiceServer(server, unavailable)
	go server.Serve(listener)
	t.Cleanup(server.Stop)
	client := newClient(t, listener.Addr().String()+","+startChanceryd(t, t.TempDir(), nil).address())
	for calls := 0; unavailable.calls.Load() == 0; calls++ {
		if calls == 100 {
			t.Fatal("100 calls through the list, and none reached the unavailable replica")
		}
		if _, err := client.GetRelationship(context.Background(), &pb.GetRelationshipRequest{Dyad: "USA-KHM"}); err != nil {
			t.Fatalf("call %d: %v", calls, err)
		}
	}
}

func TestASubscriptionMovesToTheRemainingReplica(t *testing.T) {
	servers, alone, client := startReplicas(t)
	// Each replica's log starts with an event of its own (1 or 2), which tells the replica read.
	record(t, alone[0], 1)
	record(t, alone[1], 2)
	subscription := client.SubscribeLog(context.Background(), &pb.SubscribeLogRequest{})
	defer subscription.Close()
	first, err := subscription.Next()
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	if first.GetEvent().GetEventId() == eventID(2) {
		read = 1
	}

	servers[read].kill()
	remaining := 1 - read
	record(t, alone[remaining], 3) // Position 2 of the remaining replica's log.
	second, err := subscription.Next()
	if err != nil {
		t.Fatal(err)
	}
	if second.GetPosition() != 2 || second.GetEvent().GetEventId() != eventID(3) {
		t.Fatalf("after the kill: %v, expected event 3 at position 2", second)
	}
}

func TestAServerListOverTLSChecksEachReplicaByItsAddress(t *testing.T) {
	pki := makeTestPKI(t)
	flags := []string{"--tls-cert=" + pki.path("server.pem"), "--tls-key=" + pki.path("server.key")}
	servers := startChanceryd(t, t.TempDir(), flags).address() + "," + startChanceryd(t, t.TempDir(), flags).address()
	record(t, newClient(t, servers, chancery.WithTLSCA(readFile(t, pki.path("ca.pem")))), 1)
}

func TestNewRefusesAMalformedServerList(t *testing.T) {
	for _, bad := range []struct{ servers, entry string }{
		{"127.0.0.1:1,chancery.internal:2", "chancery.internal:2"},
		{"127.0.0.1:1,[::1]:2", "[::1]:2"},
		{"127.0.0.1", "127.0.0.1"},
	} {
		_, err := chancery.New(bad.servers)
		if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), strconv.Quote(bad.entry)) {
			t.Errorf("New(%q): %v, expected INVALID_ARGUMENT naming %q", bad.servers, err, bad.entry)
		}
	}
	for _, good := range []string{"chancery.internal:50051", " 127.0.0.1:1 , 127.0.0.1:2 ", "[::1]:1,[::1]:2",
		"unix:///run/chancery.sock"} {
		client, err := chancery.New(good)
		if err != nil {
			t.Errorf("New(%q): %v", good, err)
			continue
		}
		client.Close()
	}
}
