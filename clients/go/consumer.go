package chancery

import (
	"context"
	"io"
	"iter"
	"sync"
	"sync/atomic"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "chancery.org/chancery/gen/chancery/v1"
)

// GroupConsumer is a consumer of a subscription group (SubscriptionGroupService.ConsumeGroup):
// it joins the group at the first Next, returns the events the server delivers to it, and
// sends Ack's and Nack's acknowledgements on the same stream. When the stream ends with
// UNAVAILABLE (server shutting down, connection lost) or RESOURCE_EXHAUSTED, it joins again
// with a fresh join after the Client's back-off, as a subscription resumes; the server then
// delivers again what the consumer held unacknowledged. Next and All are for one goroutine;
// Ack, Nack, Heartbeat and Close may be called from any, also while Next waits.
type GroupConsumer struct {
	// deliveries is the subscriptions' resuming loop; its position is not used, since the
	// server keeps the group's checkpoint.
	deliveries *Subscription[*pb.GroupDelivery]
	onRefused  func(*pb.RefusedAcknowledgements)
	heartbeat  atomic.Pointer[pb.GroupHeartbeat]

	// stream is the last join's (nil before the first); mu serializes sends on it, as gRPC
	// requires, and its replacement by a new join.
	mu     sync.Mutex
	stream grpc.BidiStreamingClient[pb.ConsumeGroupRequest, pb.ConsumeGroupResponse]
}

// ConsumeOption configures a GroupConsumer.
type ConsumeOption func(*consumeOptions)

type consumeOptions struct {
	onRefused func(*pb.RefusedAcknowledgements)
}

// OnRefused calls f with each refused message: acknowledgements (or negative ones) of events
// the consumer does not hold (never delivered to it, already acknowledged, taken back after
// the group's ack_timeout, or dropped by ResetGroup). Nothing else changes and the stream
// goes on. f runs in the Next call that reads the message. Without OnRefused refusals are
// ignored.
func OnRefused(f func(*pb.RefusedAcknowledgements)) ConsumeOption {
	return func(o *consumeOptions) { o.onRefused = f }
}

// ConsumeGroup joins the group join.Group as a consumer (with join's consumer name and max in
// flight) and returns its deliveries until ctx ends or the consumer is closed; it joins again
// after dropped connections and restarts. The stream is opened, waiting for the server to be
// ready, at the first Next.
func (c *Client) ConsumeGroup(ctx context.Context, join *pb.JoinGroup, opts ...ConsumeOption) *GroupConsumer {
	var o consumeOptions
	for _, opt := range opts {
		opt(&o)
	}
	g := &GroupConsumer{onRefused: o.onRefused}
	g.deliveries = newSubscription(ctx, 0, c.backoff, nil,
		func(ctx context.Context, _ uint64) (func() ([]positioned[*pb.GroupDelivery], error), error) {
			stream, err := c.groups.ConsumeGroup(ctx, grpc.WaitForReady(true))
			if err != nil {
				return nil, err
			}
			g.mu.Lock()
			g.stream = stream
			err = stream.Send(&pb.ConsumeGroupRequest{Content: &pb.ConsumeGroupRequest_Join{Join: join}})
			g.mu.Unlock()
			if err != nil && err != io.EOF { // On io.EOF the first Recv says why the stream ended.
				return nil, err
			}
			return func() ([]positioned[*pb.GroupDelivery], error) {
				resp, err := stream.Recv()
				if err != nil {
					return nil, err
				}
				return g.unpack(resp), nil
			}, nil
		})
	return g
}

// Next returns the next delivery. It blocks until one arrives, the consumer is closed, its
// context ends, or the stream ends with an error that joining again cannot cure (any but
// UNAVAILABLE and RESOURCE_EXHAUSTED): NOT_FOUND (no such group, or it was deleted),
// INVALID_ARGUMENT (a malformed join), FAILED_PRECONDITION (the group delivers by webhook),
// PERMISSION_DENIED, UNAUTHENTICATED. Every error is an *Error: CANCELLED after Close or when the context is
// canceled (errors.Is(err, context.Canceled) holds), DEADLINE_EXCEEDED when its deadline
// passes. The same event may come again after a failure (at-least-once): handle it
// idempotently, keyed by its position.
func (g *GroupConsumer) Next() (*pb.GroupDelivery, error) { return g.deliveries.Next() }

// All ranges over the deliveries as Next returns them; the loop ends after the first error
// (an *Error, given with a nil delivery). Breaking out of the loop leaves the consumer in the
// group, holding what it was sent: Close it, or cancel its context.
//
//	for delivery, err := range consumer.All() { ... }
func (g *GroupConsumer) All() iter.Seq2[*pb.GroupDelivery, error] { return g.deliveries.All() }

// Ack acknowledges events the consumer has handled, by GroupDelivery.Position (at most 10,000
// a call): each is done, and the group's checkpoint moves past it once every event before it
// is done. Ack sends them on the stream and returns; the server refuses a position the
// consumer does not hold with a refused message (OnRefused). It returns an *Error when it
// cannot send: CANCELLED once the consumer is closed or its context ended, UNAVAILABLE when
// it is not joined: before the first Next, while it joins again (the server then delivers
// what it held again), or after its stream ended.
func (g *GroupConsumer) Ack(positions ...uint64) error {
	return g.send(&pb.ConsumeGroupRequest{Content: &pb.ConsumeGroupRequest_Ack{
		Ack: &pb.Acknowledge{Positions: positions}}})
}

// Nack negatively acknowledges events the consumer failed to handle, with the reason (kept
// with an event that is parked): each is delivered again after a back-off (1 s, doubling
// with each attempt, at most 60 s), or parked after the group's max_attempts. It is sent,
// refused and fails as Ack.
func (g *GroupConsumer) Nack(reason string, positions ...uint64) error {
	return g.send(&pb.ConsumeGroupRequest{Content: &pb.ConsumeGroupRequest_Nack{
		Nack: &pb.NegativeAcknowledge{Positions: positions, Reason: reason}}})
}

// Heartbeat is the last heartbeat Next has read (the group's checkpoint and the head of the
// log), or nil before the first. The server sends one at least every second.
func (g *GroupConsumer) Heartbeat() *pb.GroupHeartbeat { return g.heartbeat.Load() }

// Close leaves the group, which gives the events the consumer holds unacknowledged to its
// other consumers; Next then returns a CANCELLED *Error. Acknowledgements sent just before
// Close may be lost with the stream; their events are then delivered again.
func (g *GroupConsumer) Close() { g.deliveries.Close() }

// errNotJoined is Ack's and Nack's error when the consumer has no stream to send on.
var errNotJoined = &Error{status: status.New(codes.Unavailable, "chancery: the consumer is not joined to its group")}

func (g *GroupConsumer) send(req *pb.ConsumeGroupRequest) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.deliveries.ctx.Err(); err != nil {
		return contextError(err)
	}
	if g.stream == nil {
		return errNotJoined
	}
	err := g.stream.Send(req)
	if err == io.EOF { // The stream has ended; Next learns why.
		return errNotJoined
	}
	return newError(err)
}

func (g *GroupConsumer) unpack(resp *pb.ConsumeGroupResponse) []positioned[*pb.GroupDelivery] {
	switch content := resp.Content.(type) {
	case *pb.ConsumeGroupResponse_Deliveries:
		items := make([]positioned[*pb.GroupDelivery], 0, len(content.Deliveries.GetDeliveries()))
		for _, delivery := range content.Deliveries.GetDeliveries() {
			items = append(items, positioned[*pb.GroupDelivery]{item: delivery, hasItem: true, position: delivery.GetPosition()})
		}
		return items
	case *pb.ConsumeGroupResponse_Heartbeat:
		g.heartbeat.Store(content.Heartbeat)
	case *pb.ConsumeGroupResponse_Refused:
		if g.onRefused != nil {
			g.onRefused(content.Refused)
		}
	}
	return nil
}
