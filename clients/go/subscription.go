package chancery

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Subscription iterates the items of a server stream (log records, relationship changes),
// subscribing again from the last position received whenever the stream ends with
// UNAVAILABLE (server shutting down, connection lost) or RESOURCE_EXHAUSTED (client too
// slow). Items therefore arrive in position order, each once, across any number of
// resumptions. Not safe for concurrent use.
type Subscription[T any] struct {
	ctx     context.Context
	cancel  context.CancelFunc
	open    func(ctx context.Context, afterPosition uint64) (receive func() ([]positioned[T], error), err error)
	receive func() ([]positioned[T], error)
	pending []positioned[T]
	backoff Backoff
	delay   time.Duration

	position uint64
}

// positioned is one item of a response (a marker when hasItem is false) and its position.
type positioned[T any] struct {
	item     T
	hasItem  bool
	position uint64
}

// Backoff bounds the pause between resubscriptions: Initial, doubling up to Max.
type Backoff struct {
	Initial, Max time.Duration
}

// DefaultBackoff is the pause between resubscriptions when none is given.
var DefaultBackoff = Backoff{Initial: 50 * time.Millisecond, Max: 5 * time.Second}

// Next returns the next item. It blocks until one arrives, the subscription is closed, its
// context ends, or the server answers with an error that resuming cannot cure. Every error
// is an *Error: CANCELLED after Close or when the context is canceled (errors.Is(err,
// context.Canceled) holds), DEADLINE_EXCEEDED when its deadline passes
// (errors.Is(err, context.DeadlineExceeded)).
func (s *Subscription[T]) Next() (T, error) {
	var zero T
	for {
		if len(s.pending) > 0 {
			next := s.pending[0]
			s.pending = s.pending[1:]
			s.position = next.position
			if next.hasItem {
				return next.item, nil
			}
			continue
		}
		if err := s.ctx.Err(); err != nil {
			return zero, contextError(err)
		}
		var err error
		if s.receive == nil {
			s.receive, err = s.open(s.ctx, s.position)
		}
		if err == nil {
			s.pending, err = s.receive()
		}
		if err == nil {
			s.delay = s.backoff.Initial
			continue
		}
		s.receive = nil
		if s.ctx.Err() != nil {
			return zero, contextError(s.ctx.Err())
		}
		if code := status.Code(err); code != codes.Unavailable && code != codes.ResourceExhausted {
			return zero, newError(err)
		}
		if err := s.pause(); err != nil {
			return zero, contextError(err)
		}
	}
}

// Position is the position of the last item or marker received: pass it as after_position
// to resume in another subscription.
func (s *Subscription[T]) Position() uint64 { return s.position }

// Close ends the subscription; Next then returns a CANCELLED *Error (context.Canceled for
// errors.Is).
func (s *Subscription[T]) Close() { s.cancel() }

func (s *Subscription[T]) pause() error {
	timer := time.NewTimer(s.delay)
	defer timer.Stop()
	s.delay = min(2*s.delay, s.backoff.Max)
	select {
	case <-timer.C:
		return nil
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
}

func newSubscription[T any](ctx context.Context, afterPosition uint64, backoff Backoff,
	open func(ctx context.Context, afterPosition uint64) (func() ([]positioned[T], error), error)) *Subscription[T] {
	ctx, cancel := context.WithCancel(ctx)
	return &Subscription[T]{ctx: ctx, cancel: cancel, open: open, backoff: backoff,
		delay: backoff.Initial, position: afterPosition}
}
