package jsbind

import (
	"regexp"
	"strings"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

var connectionClass = register(&Class{
	Name: "Connection",
	Methods: map[string]Method{
		"close":        method(connClose),
		"is_connected": method(connIsConnected),
		"isConnected":  method(connIsConnected),
		"stats":        method(connStats),
		"publish":      method(connPublish),
		"publishBulk":  method(connPublishBulk),
		"publishRate":  method(connPublishRate),
		"subscribe":    method(connSubscribe),
		"request":      method(connRequest),
		"requestAsync": method(connRequestAsync),
		"flush":        method(connFlush),
		"drain":        method(connDrain),
	},
})

var subscriptionClass = register(&Class{
	Name: "Subscription",
	Methods: map[string]Method{
		"next":        method(subNext),
		"nextAsync":   method(subNextAsync),
		"unsubscribe": method(subUnsubscribe),
		"drain":       method(subDrain),
	},
	Fields: map[string]Field{
		"subject": field(func(b *Binder, self *natsmod.Subscription) sobek.Value { return b.RT.ToValue(self.Subject()) }),
		"queue":   field(func(b *Binder, self *natsmod.Subscription) sobek.Value { return b.RT.ToValue(self.Queue()) }),
	},
})

var msgClass = register(&Class{
	Name: "Msg",
	Methods: map[string]Method{
		"json":    method(messageJSON),
		"respond": method(msgRespond),
	},
	Fields: messageFields(nil),
})

func init() {
	registerShape("ConnectionStats", natsmod.Stats{})
}

func connClose(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	self.Close()
	return sobek.Undefined()
}

func connIsConnected(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	return b.RT.ToValue(self.IsConnected())
}

func connStats(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	return b.Data(self.Stats())
}

func connPublish(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	subject := stringArg(b, call, 0, "subject")
	data, err := b.payloadView(call.Argument(1), "data")
	b.Check(err)
	opts, err := decodePublish(optionsArg(b, call, 2, "publish options"))
	b.Check(err)
	b.Check(self.Publish(subject, data, opts))
	return sobek.Undefined()
}

func connPublishBulk(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	subject := stringArg(b, call, 0, "subject")
	data, err := b.payloadView(call.Argument(1), "data")
	b.Check(err)
	count := integerArg(b, call, 2, "count")
	sent, err := self.PublishBulk(subject, data, int(count))
	b.Check(err)
	return b.RT.ToValue(sent)
}

func connSubscribe(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	subject := stringArg(b, call, 0, "subject")
	queue, handlerAt := "", 2
	if _, isFunc := sobek.AssertFunction(call.Argument(1)); isFunc {
		handlerAt = 1 // subscribe(subject, handler, options?)
	} else {
		queue = stringArg(b, call, 1, "queue")
	}
	var fn sobek.Callable
	blind := false // the handler cannot see its argument
	if arg := call.Argument(handlerAt); !isAbsent(arg) {
		fn = functionValue(b, arg)
		blind = ignoresArguments(b, arg)
	}
	opts, err := decodeSubscribe(optionsArg(b, call, handlerAt+1, "subscribe options"))
	b.Check(err)
	var sub *natsmod.Subscription
	switch {
	case opts.batch:
		var handler func([]natsmod.Msg)
		if fn != nil {
			handler = (&batchViews{b: b, fn: fn}).call
		}
		sub, err = self.SubscribeBatch(subject, queue, handler, opts.SubscribeOptions)
	case blind:
		// () => { n++ }, the counting handler of throughput tests: no
		// message object to build for a function that cannot read it.
		sub, err = self.Subscribe(subject, queue, func(*natsmod.Msg) { b.callHandler(fn, nil) }, opts.SubscribeOptions)
	case fn != nil:
		sub, err = self.Subscribe(subject, queue, func(m *natsmod.Msg) { b.callHandler(fn, b.wrapMsg(*m)) }, opts.SubscribeOptions)
	default:
		sub, err = self.Subscribe(subject, queue, nil, opts.SubscribeOptions)
	}
	b.Check(err)
	return b.Wrap(subscriptionClass, sub)
}

// requestArgs reads (subject, data, timeoutMs, options), the data with
// payload (b.payloadView or b.Payload).
func requestArgs(b *Binder, call sobek.FunctionCall, payload func(sobek.Value, string) ([]byte, error)) (string, []byte, natsmod.RequestOptions) {
	subject := stringArg(b, call, 0, "subject")
	data, err := payload(call.Argument(1), "data")
	b.Check(err)
	timeout := timeoutArg(b, call, 2, "timeout")
	opts, err := decodeRequest(optionsArg(b, call, 3, "request options"), natsmod.RequestOptions{Timeout: timeout})
	b.Check(err)
	return subject, data, opts
}

func connRequest(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	subject, data, opts := requestArgs(b, call, b.payloadView)
	reply, err := self.Request(subject, data, opts)
	b.Check(err)
	return b.Wrap(msgClass, reply)
}

func connRequestAsync(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	// The data leaves the VU goroutine: bytes of its own, not a view.
	subject, data, opts := requestArgs(b, call, b.Payload)
	work := self.RequestDetached(subject, data, opts)
	return b.Async(
		func() (any, error) { return work() },
		func(reply any) sobek.Value { return b.Wrap(msgClass, reply) },
	)
}

func connFlush(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	b.Check(self.Flush(timeoutArg(b, call, 0, "timeout")))
	return sobek.Undefined()
}

func connDrain(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	b.Check(self.Drain())
	return sobek.Undefined()
}

func subNext(b *Binder, self *natsmod.Subscription, call sobek.FunctionCall) sobek.Value {
	msg, err := self.Next(timeoutArg(b, call, 0, "timeout"))
	b.Check(err)
	return b.Wrap(msgClass, msg)
}

func subNextAsync(b *Binder, self *natsmod.Subscription, call sobek.FunctionCall) sobek.Value {
	work := self.NextDetached(timeoutArg(b, call, 0, "timeout"))
	return b.Async(
		func() (any, error) { return work() },
		func(msg any) sobek.Value { return b.Wrap(msgClass, msg) },
	)
}

func subUnsubscribe(b *Binder, self *natsmod.Subscription, call sobek.FunctionCall) sobek.Value {
	b.Check(self.Unsubscribe())
	return sobek.Undefined()
}

func subDrain(b *Binder, self *natsmod.Subscription, call sobek.FunctionCall) sobek.Value {
	b.Check(self.Drain())
	return sobek.Undefined()
}

func msgRespond(b *Binder, self *natsmod.Msg, call sobek.FunctionCall) sobek.Value {
	data, err := b.payloadView(call.Argument(0), "data")
	b.Check(err)
	b.Check(self.Respond(data))
	return sobek.Undefined()
}

// emptyParams matches the source of a function with no parameters:
// () => ..., async () => ..., function name() {...}, name() {...}.
var emptyParams = regexp.MustCompile(`^(async\s*)?(function\b\s*\*?\s*)?[\w$]*\s*\(\s*\)`)

// argumentsWord finds any mention of arguments, even in a string.
var argumentsWord = regexp.MustCompile(`\barguments\b`)

// ignoresArguments reports a function that cannot read what it is called
// with: its source has no parameters and never says "arguments". Native
// and bound functions hide their source, so they never qualify; neither
// does anything whose source text cannot be read.
func ignoresArguments(b *Binder, fn sobek.Value) bool {
	toString, ok := sobek.AssertFunction(b.RT.Get("Function").ToObject(b.RT).Get("prototype").ToObject(b.RT).Get("toString"))
	if !ok {
		return false
	}
	v, err := toString(fn)
	if err != nil {
		return false
	}
	src := v.String()
	return emptyParams.MatchString(src) && !argumentsWord.MatchString(src) && !strings.Contains(src, "[native code]")
}
