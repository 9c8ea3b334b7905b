package jsbind

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

var connectionClass = register(&Class{
	Name: "Connection",
	Methods: map[string]Method{
		"close":        connClose,
		"is_connected": connIsConnected,
		"isConnected":  connIsConnected,
		"stats":        connStats,
		"publish":      connPublish,
		"publishBulk":  connPublishBulk,
		"subscribe":    connSubscribe,
		"request":      connRequest,
		"requestAsync": connRequestAsync,
		"flush":        connFlush,
		"drain":        connDrain,
	},
})

var subscriptionClass = register(&Class{
	Name: "Subscription",
	Methods: map[string]Method{
		"next":        subNext,
		"nextAsync":   subNextAsync,
		"unsubscribe": subUnsubscribe,
		"drain":       subDrain,
	},
	Fields: map[string]Field{
		"subject": func(b *Binder, self any) sobek.Value { return b.RT.ToValue(self.(*natsmod.Subscription).Subject()) },
		"queue":   func(b *Binder, self any) sobek.Value { return b.RT.ToValue(self.(*natsmod.Subscription).Queue()) },
	},
})

var msgClass = register(&Class{
	Name: "Msg",
	Methods: map[string]Method{
		"json":    messageJSON,
		"respond": msgRespond,
	},
	Fields: messageFields(nil),
})

func init() {
	registerShape("ConnectionStats", natsmod.Stats{})
}

func connClose(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	self.(*natsmod.Connection).Close()
	return sobek.Undefined()
}

func connIsConnected(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	return b.RT.ToValue(self.(*natsmod.Connection).IsConnected())
}

func connStats(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	return b.Data(self.(*natsmod.Connection).Stats())
}

func connPublish(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	subject := stringArg(b, call, 0, "subject")
	data, err := b.payloadView(call.Argument(1), "data")
	b.Check(err)
	opts := optionsArg(b, call, 2, "publish options")
	b.Check(self.(*natsmod.Connection).Publish(subject, data, opts))
	return sobek.Undefined()
}

func connPublishBulk(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	subject := stringArg(b, call, 0, "subject")
	data, err := b.payloadView(call.Argument(1), "data")
	b.Check(err)
	count := integerArg(b, call, 2, "count")
	sent, err := self.(*natsmod.Connection).PublishBulk(subject, data, int(count))
	b.Check(err)
	return b.RT.ToValue(sent)
}

func connSubscribe(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	subject := stringArg(b, call, 0, "subject")
	queue, handlerAt := "", 2
	if _, isFunc := sobek.AssertFunction(call.Argument(1)); isFunc {
		handlerAt = 1 // subscribe(subject, handler, options?)
	} else {
		queue = stringArg(b, call, 1, "queue")
	}
	var handler func(*natsmod.Msg)
	if arg := call.Argument(handlerAt); !isAbsent(arg) {
		fn := functionValue(b, arg)
		handler = func(m *natsmod.Msg) { b.callHandler(fn, b.Wrap(msgClass, m)) }
	}
	opts := optionsArg(b, call, handlerAt+1, "subscribe options")
	sub, err := self.(*natsmod.Connection).SubscribeWithOptions(subject, queue, handler, opts)
	b.Check(err)
	return b.Wrap(subscriptionClass, sub)
}

// requestArgs reads (subject, data, timeoutMs, options), the data with
// payload (b.payloadView or b.Payload).
func requestArgs(b *Binder, call sobek.FunctionCall, payload func(sobek.Value, string) ([]byte, error)) (subject string, data []byte, timeoutMs int64, opts map[string]any) {
	subject = stringArg(b, call, 0, "subject")
	data, err := payload(call.Argument(1), "data")
	b.Check(err)
	timeoutMs = integerArg(b, call, 2, "timeout")
	return subject, data, timeoutMs, optionsArg(b, call, 3, "request options")
}

func connRequest(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	subject, data, timeoutMs, opts := requestArgs(b, call, b.payloadView)
	reply, err := self.(*natsmod.Connection).Request(subject, data, timeoutMs, opts)
	b.Check(err)
	return b.Wrap(msgClass, reply)
}

func connRequestAsync(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	// The data leaves the VU goroutine: bytes of its own, not a view.
	subject, data, timeoutMs, opts := requestArgs(b, call, b.Payload)
	work := self.(*natsmod.Connection).RequestDetached(subject, data, timeoutMs, opts)
	return b.Async(
		func() (any, error) { return work() },
		func(reply any) sobek.Value { return b.Wrap(msgClass, reply) },
	)
}

func connFlush(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	b.Check(self.(*natsmod.Connection).Flush(integerArg(b, call, 0, "timeout")))
	return sobek.Undefined()
}

func connDrain(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	b.Check(self.(*natsmod.Connection).Drain())
	return sobek.Undefined()
}

func subNext(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	msg, err := self.(*natsmod.Subscription).Next(integerArg(b, call, 0, "timeout"))
	b.Check(err)
	return b.Wrap(msgClass, msg)
}

func subNextAsync(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	work := self.(*natsmod.Subscription).NextDetached(integerArg(b, call, 0, "timeout"))
	return b.Async(
		func() (any, error) { return work() },
		func(msg any) sobek.Value { return b.Wrap(msgClass, msg) },
	)
}

func subUnsubscribe(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	b.Check(self.(*natsmod.Subscription).Unsubscribe())
	return sobek.Undefined()
}

func subDrain(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	b.Check(self.(*natsmod.Subscription).Drain())
	return sobek.Undefined()
}

func msgRespond(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	data, err := b.payloadView(call.Argument(0), "data")
	b.Check(err)
	b.Check(self.(*natsmod.Msg).Respond(data))
	return sobek.Undefined()
}
