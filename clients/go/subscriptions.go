package chancery

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	pb "chancery.org/chancery/gen/chancery/v1"
)

// SubscribeOption configures a subscription (SubscribeLog, WatchRelationships).
type SubscribeOption func(*subscribeOptions)

type subscribeOptions struct {
	fromNow    bool
	onCaughtUp func(position uint64)
}

// FromNow starts the subscription after the head of the log as it is when subscribing,
// whatever the request's after_position: the subscription method first asks the server for
// the head (a ReadLog call that waits for the server to be ready, bounded by the Client's
// timeout), so that only what is recorded later is delivered. Resumptions continue from the
// last position received, as always. If the head cannot be read, every Next returns that
// error (an *Error).
func FromNow() SubscribeOption { return func(o *subscribeOptions) { o.fromNow = true } }

// OnCaughtUp calls f once, with the position of the server's first CaughtUp marker, when the
// subscription has caught up (see Subscription.CaughtUp). f runs in the Next call that reads
// the marker, before Next waits for live items.
func OnCaughtUp(f func(position uint64)) SubscribeOption {
	return func(o *subscribeOptions) { o.onCaughtUp = f }
}

// SubscribeLog returns every matching record after req.AfterPosition (after the head with
// FromNow), then live ones, until ctx ends or the subscription is closed; it resumes after
// dropped connections and restarts. Its CaughtUp channel is closed when the records already
// in the log have been delivered.
func (c *Client) SubscribeLog(ctx context.Context, req *pb.SubscribeLogRequest, opts ...SubscribeOption) *Subscription[*pb.LogRecord] {
	return subscribe(ctx, c, req.GetAfterPosition(), opts, unpackLog,
		func(ctx context.Context, after uint64) (receiver[*pb.SubscribeLogResponse], error) {
			resumed := proto.CloneOf(req)
			resumed.AfterPosition = after
			return c.log.SubscribeLog(ctx, resumed, grpc.WaitForReady(true))
		})
}

// WatchRelationships returns every relationship change after req.AfterPosition (after the
// head with FromNow), then live ones, until ctx ends or the subscription is closed; it
// resumes, and reports catching up, like SubscribeLog.
func (c *Client) WatchRelationships(ctx context.Context, req *pb.WatchRelationshipsRequest, opts ...SubscribeOption) *Subscription[*pb.RelationshipChange] {
	return subscribe(ctx, c, req.GetAfterPosition(), opts, unpackWatch,
		func(ctx context.Context, after uint64) (receiver[*pb.WatchRelationshipsResponse], error) {
			resumed := proto.CloneOf(req)
			resumed.AfterPosition = after
			return c.relations.WatchRelationships(ctx, resumed, grpc.WaitForReady(true))
		})
}

// receiver is a server stream of responses.
type receiver[Resp any] interface {
	Recv() (Resp, error)
}

// subscribe builds a Subscription from start, which opens the server stream after a
// position (waiting for the server to be ready rather than failing at once), and unpack,
// which splits a response into items and markers. With FromNow it reads the head first.
func subscribe[Resp, T any](ctx context.Context, c *Client, afterPosition uint64, opts []SubscribeOption,
	unpack func(Resp) []positioned[T], start func(ctx context.Context, after uint64) (receiver[Resp], error)) *Subscription[T] {
	var o subscribeOptions
	for _, opt := range opts {
		opt(&o)
	}
	var failed error
	if o.fromNow {
		afterPosition, failed = c.headPosition(ctx)
	}
	sub := newSubscription(ctx, afterPosition, c.backoff, o.onCaughtUp,
		func(ctx context.Context, after uint64) (func() ([]positioned[T], error), error) {
			stream, err := start(ctx, after)
			if err != nil {
				return nil, err
			}
			return func() ([]positioned[T], error) {
				resp, err := stream.Recv()
				if err != nil {
					return nil, err
				}
				return unpack(resp), nil
			}, nil
		})
	sub.failed = failed
	return sub
}

// headPosition is the position of the last record in the log (0 when it is empty), as
// ReadLog reports it, waiting for the server to be ready, within the Client's timeout.
func (c *Client) headPosition(ctx context.Context) (uint64, error) {
	page, err := unary(ctx, c, func(ctx context.Context, req *pb.ReadLogRequest, opts ...grpc.CallOption) (*pb.ReadLogResponse, error) {
		return c.log.ReadLog(ctx, req, append(opts, grpc.WaitForReady(true))...)
	}, &pb.ReadLogRequest{PageSize: 1})
	return page.GetHeadPosition(), err
}

func unpackLog(resp *pb.SubscribeLogResponse) []positioned[*pb.LogRecord] {
	switch content := resp.Content.(type) {
	case *pb.SubscribeLogResponse_Records:
		items := make([]positioned[*pb.LogRecord], 0, len(content.Records.GetRecords()))
		for _, record := range content.Records.GetRecords() {
			items = append(items, positioned[*pb.LogRecord]{item: record, hasItem: true, position: record.GetPosition()})
		}
		return items
	case *pb.SubscribeLogResponse_CaughtUp:
		return []positioned[*pb.LogRecord]{{caughtUp: true, position: content.CaughtUp.GetPosition()}}
	case *pb.SubscribeLogResponse_Checkpoint:
		return []positioned[*pb.LogRecord]{{position: content.Checkpoint.GetPosition()}}
	}
	return nil
}

func unpackWatch(resp *pb.WatchRelationshipsResponse) []positioned[*pb.RelationshipChange] {
	switch content := resp.Content.(type) {
	case *pb.WatchRelationshipsResponse_Change:
		return []positioned[*pb.RelationshipChange]{{item: content.Change, hasItem: true, position: content.Change.GetPosition()}}
	case *pb.WatchRelationshipsResponse_CaughtUp:
		return []positioned[*pb.RelationshipChange]{{caughtUp: true, position: content.CaughtUp.GetPosition()}}
	case *pb.WatchRelationshipsResponse_Checkpoint:
		return []positioned[*pb.RelationshipChange]{{position: content.Checkpoint.GetPosition()}}
	}
	return nil
}
