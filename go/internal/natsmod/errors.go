package natsmod

import (
	"errors"
	"fmt"

	"github.com/pondigo/natsk6/go/internal/optread"
)

// Code is one of the seed's structured error codes (1001-1036).
type Code int

// The seed's error codes. Where the seed lists a meaning twice, natsk6
// uses one code everywhere: stream not found is 1017 (1004 is never
// raised) and consumer not found is 1026 (1005 is never raised), so the
// JetStream codes stay together. 1023 is absent from the seed's table.
const (
	CodeNoVUState               Code = 1001
	CodeConnectionClosed        Code = 1002
	CodeInvalidConfig           Code = 1003
	CodeStreamNotFoundGeneral   Code = 1004 // never raised; see CodeStreamNotFound
	CodeConsumerNotFoundGeneral Code = 1005 // never raised; see CodeConsumerNotFound
	CodeTimeout                 Code = 1006
	CodeNoMessage               Code = 1007
	CodeEmptySubject            Code = 1008
	CodePublishFailed           Code = 1009
	CodeSubscribeFailed         Code = 1010
	CodeRequestFailed           Code = 1011
	CodeDrainFailed             Code = 1012
	CodeFlushFailed             Code = 1013
	CodeJetStreamUnavailable    Code = 1014
	CodeEmptyStreamName         Code = 1015
	CodeAddStreamFailed         Code = 1016
	CodeStreamNotFound          Code = 1017
	CodeUpdateStreamFailed      Code = 1018
	CodeDeleteStreamFailed      Code = 1019
	CodeStreamInfoFailed        Code = 1020
	CodeJSPublishFailed         Code = 1021
	CodeJSPublishAsyncFailed    Code = 1022
	CodeEmptyConsumerName       Code = 1024
	CodeAddConsumerFailed       Code = 1025
	CodeConsumerNotFound        Code = 1026
	CodeUpdateConsumerFailed    Code = 1027
	CodeDeleteConsumerFailed    Code = 1028
	CodeConsumerInfoFailed      Code = 1029
	CodePullSubscribeFailed     Code = 1030
	CodeNilSubscription         Code = 1031
	CodeFetchFailed             Code = 1032
	CodePushSubscribeFailed     Code = 1033
	CodeAccountInfoFailed       Code = 1034
	CodePurgeStreamFailed       Code = 1035
	CodeDeleteMessageFailed     Code = 1036
)

// CodeInfo is one row of the seed's code table.
type CodeInfo struct {
	Code        Code
	Name        string // the member of the scripts' ErrorCode object
	Description string // as the seed words it
}

// Codes is the seed's table in code order: the one source of the error
// messages, of Descriptions and of the ErrorCode object scripts read.
var Codes = []CodeInfo{
	{CodeNoVUState, "NoVUState", "No VU state available"},
	{CodeConnectionClosed, "ConnectionClosed", "Connection is closed"},
	{CodeInvalidConfig, "InvalidConfig", "Invalid configuration"},
	{CodeStreamNotFoundGeneral, "StreamNotFoundGeneral", "Stream not found"},
	{CodeConsumerNotFoundGeneral, "ConsumerNotFoundGeneral", "Consumer not found"},
	{CodeTimeout, "Timeout", "Operation timed out"},
	{CodeNoMessage, "NoMessage", "No message available"},
	{CodeEmptySubject, "EmptySubject", "Subject cannot be empty"},
	{CodePublishFailed, "PublishFailed", "Publish failed"},
	{CodeSubscribeFailed, "SubscribeFailed", "Subscription failed"},
	{CodeRequestFailed, "RequestFailed", "Request failed"},
	{CodeDrainFailed, "DrainFailed", "Drain failed"},
	{CodeFlushFailed, "FlushFailed", "Flush failed"},
	{CodeJetStreamUnavailable, "JetStreamUnavailable", "JetStream not available"},
	{CodeEmptyStreamName, "EmptyStreamName", "Stream name cannot be empty"},
	{CodeAddStreamFailed, "AddStreamFailed", "Failed to add stream"},
	{CodeStreamNotFound, "StreamNotFound", "Stream not found"},
	{CodeUpdateStreamFailed, "UpdateStreamFailed", "Failed to update stream"},
	{CodeDeleteStreamFailed, "DeleteStreamFailed", "Failed to delete stream"},
	{CodeStreamInfoFailed, "StreamInfoFailed", "Failed to get stream info"},
	{CodeJSPublishFailed, "JSPublishFailed", "Failed to publish to JetStream"},
	{CodeJSPublishAsyncFailed, "JSPublishAsyncFailed", "Failed to publish async to JetStream"},
	{CodeEmptyConsumerName, "EmptyConsumerName", "Consumer name cannot be empty"},
	{CodeAddConsumerFailed, "AddConsumerFailed", "Failed to add consumer"},
	{CodeConsumerNotFound, "ConsumerNotFound", "Consumer not found"},
	{CodeUpdateConsumerFailed, "UpdateConsumerFailed", "Failed to update consumer"},
	{CodeDeleteConsumerFailed, "DeleteConsumerFailed", "Failed to delete consumer"},
	{CodeConsumerInfoFailed, "ConsumerInfoFailed", "Failed to get consumer info"},
	{CodePullSubscribeFailed, "PullSubscribeFailed", "Failed to create pull subscription"},
	{CodeNilSubscription, "NilSubscription", "Subscription cannot be nil"},
	{CodeFetchFailed, "FetchFailed", "Failed to fetch messages"},
	{CodePushSubscribeFailed, "PushSubscribeFailed", "Failed to create push subscription"},
	{CodeAccountInfoFailed, "AccountInfoFailed", "Failed to get account info"},
	{CodePurgeStreamFailed, "PurgeStreamFailed", "Failed to purge stream"},
	{CodeDeleteMessageFailed, "DeleteMessageFailed", "Failed to delete message"},
}

// Descriptions maps each code to the seed's wording.
var Descriptions = func() map[Code]string {
	m := make(map[Code]string, len(Codes))
	for _, c := range Codes {
		m[c.Code] = c.Description
	}
	return m
}()

// Error is what every failing call of the module returns. Scripts see it
// as a thrown NatsError with the numeric code and the message.
type Error struct {
	Code   Code
	Detail string // what failed: names the subject, stream, field, ...
	Cause  error  // the nats.go error, if any
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s (%d)", Descriptions[e.Code], e.Code)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Cause }

// newError returns an *Error with a formatted detail.
func newError(code Code, cause error, format string, args ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, args...), Cause: cause}
}

// ConfigError turns an option reader's failure into its 1003 error;
// other errors (a nested validation's own) pass through.
func ConfigError(err error) error {
	var fe *optread.FieldError
	if errors.As(err, &fe) {
		return invalidConfig(fe.Field, "%s", fe.Problem)
	}
	return err
}

// invalidConfig is the 1003 error for one offending field.
func invalidConfig(field, format string, args ...any) *Error {
	return &Error{Code: CodeInvalidConfig, Detail: field + ": " + fmt.Sprintf(format, args...)}
}
