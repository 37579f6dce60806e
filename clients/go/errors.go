package chancery

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "chancery.org/chancery/gen/chancery/v1"
)

// Error is a call that ended with a non-OK status. It keeps the status with its details;
// status.Code(err) and status.FromError(err) work on it as on any gRPC error.
type Error struct {
	status *status.Status
}

func newError(err error) error {
	if err == nil {
		return nil
	}
	return &Error{status: status.Convert(err)}
}

func (e *Error) Error() string { return e.status.Code().String() + ": " + e.status.Message() }

// GRPCStatus lets status.FromError and status.Code see the status.
func (e *Error) GRPCStatus() *status.Status { return e.status }

// Code is the status code.
func (e *Error) Code() codes.Code { return e.status.Code() }

// FieldViolations are the request fields the google.rpc.BadRequest detail names, such as
// "events[0].cameo_code".
func (e *Error) FieldViolations() []string {
	var fields []string
	for _, detail := range e.status.Details() {
		if badRequest, ok := detail.(*errdetails.BadRequest); ok {
			for _, violation := range badRequest.GetFieldViolations() {
				fields = append(fields, violation.GetField())
			}
		}
	}
	return fields
}

// RevisionConflict is the detail of an ABORTED write, or nil.
func (e *Error) RevisionConflict() *pb.RevisionConflict { return detail[*pb.RevisionConflict](e) }

// SubscriptionEnded is the detail of a subscription the server ended, or nil.
func (e *Error) SubscriptionEnded() *pb.SubscriptionEnded { return detail[*pb.SubscriptionEnded](e) }

func detail[T any](e *Error) T {
	var zero T
	for _, d := range e.status.Details() {
		if typed, ok := d.(T); ok {
			return typed
		}
	}
	return zero
}
