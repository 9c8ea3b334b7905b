package jsbind

import (
	"errors"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

var pullSubscriptionClass = register(&Class{
	Name: "PullSubscription",
	Methods: map[string]Method{
		"fetch":   pullFetch,
		"next":    pullNext,
		"info":    pullInfo,
		"consume": pullConsume,
	},
	Fields: map[string]Field{
		"stream": func(b *Binder, self any) sobek.Value { return b.RT.ToValue(self.(*natsmod.PullSubscription).Stream()) },
		"name":   func(b *Binder, self any) sobek.Value { return b.RT.ToValue(self.(*natsmod.PullSubscription).Name()) },
	},
})

var pushSubscriptionClass = register(&Class{
	Name: "PushSubscription",
	Methods: map[string]Method{
		"unsubscribe": pushUnsubscribe,
		"info":        pushInfo,
	},
	Fields: map[string]Field{
		"name": func(b *Binder, self any) sobek.Value { return b.RT.ToValue(self.(*natsmod.PushSubscription).Name()) },
	},
})

// consumeHandle is what sub.consume returns: the running loop and the
// Promise of the number of messages handled.
type consumeHandle struct {
	loop *natsmod.ConsumeLoop
	done sobek.Value
}

var consumeLoopClass = register(&Class{
	Name:    "ConsumeLoop",
	Methods: map[string]Method{"stop": consumeStop},
	Fields: map[string]Field{
		"done":  func(_ *Binder, self any) sobek.Value { return self.(*consumeHandle).done },
		"count": func(b *Binder, self any) sobek.Value { return b.RT.ToValue(self.(*consumeHandle).loop.Count()) },
	},
})

var jsMsgClass = register(&Class{
	Name: "JsMsg",
	Methods: map[string]Method{
		"ack": func(b *Binder, self any, _ sobek.FunctionCall) sobek.Value {
			return checked(b, self.(*natsmod.JSMsg).Ack())
		},
		"ackSync": func(b *Binder, self any, _ sobek.FunctionCall) sobek.Value {
			return checked(b, self.(*natsmod.JSMsg).AckSync())
		},
		"term": func(b *Binder, self any, _ sobek.FunctionCall) sobek.Value {
			return checked(b, self.(*natsmod.JSMsg).Term())
		},
		"inProgress": func(b *Binder, self any, _ sobek.FunctionCall) sobek.Value {
			return checked(b, self.(*natsmod.JSMsg).InProgress())
		},
		"nak": func(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
			return checked(b, self.(*natsmod.JSMsg).Nak(integerArg(b, call, 0, "delay")))
		},
		"json": messageJSON,
	},
	Fields: messageFields(map[string]Field{"metadata": jsMsgMetadata}),
})

func init() {
	registerShape("ConsumerConfig", natsmod.ConsumerConfig{})
	registerShape("ConsumerInfo", natsmod.ConsumerInfo{})
	registerShape("SequenceInfo", natsmod.SequenceInfo{})
	registerShape("MsgMetadata", natsmod.MsgMetadata{})
}

func jsMsgMetadata(b *Binder, self any) sobek.Value {
	md, err := self.(*natsmod.JSMsg).Metadata()
	b.Check(err)
	return b.Data(md)
}

func jsAddConsumer(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	info, err := self.(*natsmod.JetStream).AddConsumer(stringArg(b, call, 0, "stream"), optionsArg(b, call, 1, "consumer config"))
	b.Check(err)
	return b.Data(info)
}

func jsUpdateConsumer(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	info, err := self.(*natsmod.JetStream).UpdateConsumer(stringArg(b, call, 0, "stream"), optionsArg(b, call, 1, "consumer config"))
	b.Check(err)
	return b.Data(info)
}

func jsDeleteConsumer(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	return checked(b, self.(*natsmod.JetStream).DeleteConsumer(stringArg(b, call, 0, "stream"), stringArg(b, call, 1, "consumer")))
}

func jsConsumerInfo(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	info, err := self.(*natsmod.JetStream).ConsumerInfo(stringArg(b, call, 0, "stream"), stringArg(b, call, 1, "consumer"))
	b.Check(err)
	return b.Data(info)
}

func jsConsumerNames(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	names, err := self.(*natsmod.JetStream).ConsumerNames(stringArg(b, call, 0, "stream"))
	b.Check(err)
	return b.Data(names)
}

func jsPullSubscribe(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	sub, err := self.(*natsmod.JetStream).PullSubscribe(stringArg(b, call, 0, "stream"), stringArg(b, call, 1, "subject"), stringArg(b, call, 2, "durable"))
	b.Check(err)
	return b.Wrap(pullSubscriptionClass, sub)
}

func jsConsumer(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	sub, err := self.(*natsmod.JetStream).Consumer(stringArg(b, call, 0, "stream"), stringArg(b, call, 1, "consumer"))
	b.Check(err)
	return b.Wrap(pullSubscriptionClass, sub)
}

func jsOrderedConsumer(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	sub, err := self.(*natsmod.JetStream).OrderedConsumer(stringArg(b, call, 0, "stream"), optionsArg(b, call, 1, "ordered consumer options"))
	b.Check(err)
	return b.Wrap(pullSubscriptionClass, sub)
}

func msgList(b *Binder, msgs []*natsmod.JSMsg) sobek.Value {
	list := make([]any, len(msgs))
	for i, m := range msgs {
		list[i] = b.Wrap(jsMsgClass, m)
	}
	return b.RT.NewArray(list...)
}

// jsPullMessages is the seed's js.pullMessages(sub, batchSize, timeoutMs).
func jsPullMessages(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	sub, _ := Self(call.Argument(0)).(*natsmod.PullSubscription)
	msgs, err := self.(*natsmod.JetStream).PullMessages(sub, int(integerArg(b, call, 1, "batchSize")), integerArg(b, call, 2, "timeout"))
	b.Check(err)
	return msgList(b, msgs)
}

func pullFetch(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	msgs, err := self.(*natsmod.PullSubscription).Fetch(int(integerArg(b, call, 0, "batchSize")), integerArg(b, call, 1, "timeout"))
	b.Check(err)
	return msgList(b, msgs)
}

// pullNext returns one message, or null when none came in time.
func pullNext(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	msg, err := self.(*natsmod.PullSubscription).Next(integerArg(b, call, 0, "timeout"))
	b.Check(err)
	if msg == nil {
		return sobek.Null()
	}
	return b.Wrap(jsMsgClass, msg)
}

func pullInfo(b *Binder, self any, _ sobek.FunctionCall) sobek.Value {
	info, err := self.(*natsmod.PullSubscription).Info()
	b.Check(err)
	return b.Data(info)
}

// pullConsume runs handler(msg) on the VU's loop for every message and
// returns {done: Promise<count>, count, stop()}. The Promise rejects with
// whatever the handler threw, or the NatsError that ended the loop.
func pullConsume(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	fn := handlerArg(b, call, 0)
	opts := optionsArg(b, call, 1, "consume options")
	promise, resolve, reject := b.RT.NewPromise()
	loop, err := self.(*natsmod.PullSubscription).Consume(opts,
		func(m *natsmod.JSMsg) error {
			_, err := fn(sobek.Undefined(), b.Wrap(jsMsgClass, m))
			return err
		},
		func(count int, err error) {
			var ex *sobek.Exception
			var interrupted *sobek.InterruptedError
			switch {
			case errors.As(err, &interrupted):
				// The handler's iteration ended: nobody awaits done.
			case errors.As(err, &ex):
				_ = reject(ex.Value())
			case err != nil:
				_ = reject(b.ErrorValue(err))
			default:
				_ = resolve(count)
			}
		})
	b.Check(err)
	return b.Wrap(consumeLoopClass, &consumeHandle{loop: loop, done: b.RT.ToValue(promise)})
}

func consumeStop(_ *Binder, self any, _ sobek.FunctionCall) sobek.Value {
	self.(*consumeHandle).loop.Stop()
	return sobek.Undefined()
}

func jsPushSubscribe(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	fn := handlerArg(b, call, 3)
	handler := func(m *natsmod.JSMsg) { b.callHandler(fn, b.Wrap(jsMsgClass, m)) }
	sub, err := self.(*natsmod.JetStream).PushSubscribe(stringArg(b, call, 0, "stream"), stringArg(b, call, 1, "subject"), stringArg(b, call, 2, "durable"), handler)
	b.Check(err)
	return b.Wrap(pushSubscriptionClass, sub)
}

func pushUnsubscribe(_ *Binder, self any, _ sobek.FunctionCall) sobek.Value {
	self.(*natsmod.PushSubscription).Unsubscribe()
	return sobek.Undefined()
}

func pushInfo(b *Binder, self any, _ sobek.FunctionCall) sobek.Value {
	info, err := self.(*natsmod.PushSubscription).Info()
	b.Check(err)
	return b.Data(info)
}
