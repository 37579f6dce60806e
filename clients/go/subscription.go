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
// resumptions. Not safe for concurrent use, except CaughtUp and CaughtUpPosition, which any
// goroutine may call while another calls Next.
type Subscription[T any] struct {
	ctx     context.Context
	cancel  context.CancelFunc
	open    func(ctx context.Context, afterPosition uint64) (receive func() ([]positioned[T], error), err error)
	receive func() ([]positioned[T], error)
	pending []positioned[T]
	backoff Backoff
	delay   time.Duration

	position uint64
	failed   error // returned by every Next: the head could not be read (FromNow)

	caughtUp   chan struct{} // closed at the first CaughtUp marker
	caughtUpAt uint64        // its position, written before caughtUp is closed
	onCaughtUp func(position uint64)
}

// positioned is one item of a response (a marker when hasItem is false) and its position;
// caughtUp marks a CaughtUp marker.
type positioned[T any] struct {
	item     T
	hasItem  bool
	caughtUp bool
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
			if next.caughtUp {
				s.noteCaughtUp(next.position)
			}
			continue
		}
		if s.failed != nil {
			return zero, s.failed
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

// CaughtUp is closed once the subscription has caught up: when Next reads the server's first
// CaughtUp marker, which follows every item up to the head of the log as it was when the
// server started the stream (after Next has returned those items). It is closed once, and
// stays closed across resumptions. Markers are never items: Next reads the marker and goes
// on waiting for the next item, so the moment is seen from another goroutine (or with
// OnCaughtUp) while Next waits for live items.
func (s *Subscription[T]) CaughtUp() <-chan struct{} { return s.caughtUp }

// CaughtUpPosition is the position of the first CaughtUp marker (the head the subscription
// caught up with), and true, once CaughtUp is closed; before that 0 and false.
func (s *Subscription[T]) CaughtUpPosition() (uint64, bool) {
	select {
	case <-s.caughtUp:
		return s.caughtUpAt, true
	default:
		return 0, false
	}
}

func (s *Subscription[T]) noteCaughtUp(position uint64) {
	select {
	case <-s.caughtUp:
		return // Only the first marker counts.
	default:
	}
	s.caughtUpAt = position
	close(s.caughtUp)
	if s.onCaughtUp != nil {
		s.onCaughtUp(position)
	}
}

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
	onCaughtUp func(uint64),
	open func(ctx context.Context, afterPosition uint64) (func() ([]positioned[T], error), error)) *Subscription[T] {
	ctx, cancel := context.WithCancel(ctx)
	return &Subscription[T]{ctx: ctx, cancel: cancel, open: open, backoff: backoff,
		delay: backoff.Initial, position: afterPosition, caughtUp: make(chan struct{}), onCaughtUp: onCaughtUp}
}
