package jsbind

import (
	"errors"
	"fmt"

	"github.com/grafana/sobek"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/optread"
)

var pullSubscriptionClass = register(&Class{
	Name: "PullSubscription",
	Methods: map[string]Method{
		"fetch":   method(pullFetch),
		"next":    method(pullNext),
		"info":    method(pullInfo),
		"consume": method(pullConsume),
		"ackAll":  method(pullAckAll),
	},
	Fields: map[string]Field{
		"stream": field(func(b *Binder, self *pullSub) sobek.Value { return b.RT.ToValue(self.Stream()) }),
		"name":   field(func(b *Binder, self *pullSub) sobek.Value { return b.RT.ToValue(self.Name()) }),
	},
})

// pullSub is a pull subscription's JS side.
type pullSub struct {
	*natsmod.PullSubscription
}

// fetched returns the script's array of msgs (a fetchedArray). Its
// objects are the script's to keep, as a per-message handler's are.
func (p *pullSub) fetched(b *Binder, msgs []*natsmod.JSMsg) sobek.Value {
	return newFetchedArray(b, msgs)
}

var pushSubscriptionClass = register(&Class{
	Name: "PushSubscription",
	Methods: map[string]Method{
		"unsubscribe": method(pushUnsubscribe),
		"info":        method(pushInfo),
	},
	Fields: map[string]Field{
		"name": field(func(b *Binder, self *natsmod.PushSubscription) sobek.Value { return b.RT.ToValue(self.Name()) }),
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
	Methods: map[string]Method{"stop": method(consumeStop)},
	Fields: map[string]Field{
		"done":  field(func(_ *Binder, self *consumeHandle) sobek.Value { return self.done }),
		"count": field(func(b *Binder, self *consumeHandle) sobek.Value { return b.RT.ToValue(self.loop.Count()) }),
	},
})

var jsMsgClass = register(&Class{
	Name: "JsMsg",
	Methods: map[string]Method{
		"ack": method(func(b *Binder, self *natsmod.JSMsg, _ sobek.FunctionCall) sobek.Value {
			return checked(b, self.Ack())
		}),
		"ackSync": method(func(b *Binder, self *natsmod.JSMsg, _ sobek.FunctionCall) sobek.Value {
			return checked(b, self.AckSync())
		}),
		"term": method(func(b *Binder, self *natsmod.JSMsg, _ sobek.FunctionCall) sobek.Value {
			return checked(b, self.Term())
		}),
		"inProgress": method(func(b *Binder, self *natsmod.JSMsg, _ sobek.FunctionCall) sobek.Value {
			return checked(b, self.InProgress())
		}),
		"nak": method(func(b *Binder, self *natsmod.JSMsg, call sobek.FunctionCall) sobek.Value {
			return checked(b, self.Nak(optread.Millis(float64(max(integerArg(b, call, 0, "delay"), 0)))))
		}),
		"json": method(messageJSON),
	},
	Fields: messageFields(map[string]Field{"metadata": field(jsMsgMetadata)}),
})

func init() {
	registerShape("ConsumerConfig", natsmod.ConsumerConfig{})
	registerShape("ConsumerInfo", natsmod.ConsumerInfo{})
	registerShape("SequenceInfo", natsmod.SequenceInfo{})
	registerShape("MsgMetadata", natsmod.MsgMetadata{})
}

func jsMsgMetadata(b *Binder, self *natsmod.JSMsg) sobek.Value {
	md, err := self.Metadata()
	b.Check(err)
	return b.Data(md)
}

func jsAddConsumer(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	stream, cfg := consumerArgs(b, call)
	info, err := self.AddConsumer(stream, cfg)
	b.Check(err)
	return b.Data(info)
}

func jsUpdateConsumer(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	stream, cfg := consumerArgs(b, call)
	info, err := self.UpdateConsumer(stream, cfg)
	b.Check(err)
	return b.Data(info)
}

// consumerArgs reads (stream, config): a stream the config names must be
// the argument. An empty argument is left for natsmod to refuse (1015).
func consumerArgs(b *Binder, call sobek.FunctionCall) (string, jetstream.ConsumerConfig) {
	stream := stringArg(b, call, 0, "stream")
	named, cfg, err := decodeConsumerConfig(optionsArg(b, call, 1, "consumer config"))
	b.Check(err)
	if named != "" && stream != "" && named != stream {
		b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: fmt.Sprintf("consumerConfig.stream: %q differs from the stream argument %q", named, stream)})
	}
	return stream, cfg
}

func jsDeleteConsumer(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	return checked(b, self.DeleteConsumer(stringArg(b, call, 0, "stream"), stringArg(b, call, 1, "consumer")))
}

func jsConsumerInfo(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	info, err := self.ConsumerInfo(stringArg(b, call, 0, "stream"), stringArg(b, call, 1, "consumer"))
	b.Check(err)
	return b.Data(info)
}

func jsConsumerNames(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	names, err := self.ConsumerNames(stringArg(b, call, 0, "stream"))
	b.Check(err)
	return b.Data(names)
}

func jsPullSubscribe(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	sub, err := self.PullSubscribe(stringArg(b, call, 0, "stream"), stringArg(b, call, 1, "subject"), stringArg(b, call, 2, "durable"))
	b.Check(err)
	return b.Wrap(pullSubscriptionClass, &pullSub{PullSubscription: sub})
}

func jsConsumer(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	sub, err := self.Consumer(stringArg(b, call, 0, "stream"), stringArg(b, call, 1, "consumer"))
	b.Check(err)
	return b.Wrap(pullSubscriptionClass, &pullSub{PullSubscription: sub})
}

func jsOrderedConsumer(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	stream := stringArg(b, call, 0, "stream")
	cfg, err := decodeOrderedConsumer(optionsArg(b, call, 1, "ordered consumer options"))
	b.Check(err)
	sub, err := self.OrderedConsumer(stream, cfg)
	b.Check(err)
	return b.Wrap(pullSubscriptionClass, &pullSub{PullSubscription: sub})
}

// jsPullMessages is the seed's js.pullMessages(sub, batchSize, timeoutMs).
func jsPullMessages(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	sub, _ := Self(call.Argument(0)).(*pullSub)
	var ns *natsmod.PullSubscription
	if sub != nil {
		ns = sub.PullSubscription
	}
	msgs, err := self.PullMessages(ns, int(integerArg(b, call, 1, "batchSize")), timeoutArg(b, call, 2, "timeout"))
	b.Check(err)
	return sub.fetched(b, msgs)
}

func pullFetch(b *Binder, self *pullSub, call sobek.FunctionCall) sobek.Value {
	msgs, err := self.Fetch(int(integerArg(b, call, 0, "batchSize")), timeoutArg(b, call, 1, "timeout"))
	b.Check(err)
	return self.fetched(b, msgs)
}

// pullAckAll is sub.ackAll(msgs): it acks every message of the array in
// one call and returns how many; every element must be a JsMsg object.
// An array a fetch returned gives its messages without making their JS
// objects. Any other array is exported in one go: an array exports as
// []any, a wrapped object as its *instance (ExportTo into []sobek.Value
// went through reflection, a third of a fetch-and-ack loop's time).
func pullAckAll(b *Binder, _ *pullSub, call sobek.FunctionCall) sobek.Value {
	var msgs []*natsmod.JSMsg
	switch values := exportOf(call.Argument(0)).(type) {
	case *fetchedArray:
		var err error
		if msgs, err = values.jsMsgs(); err != nil {
			b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: "ackAll(msgs): " + err.Error()})
		}
	case []any:
		msgs = make([]*natsmod.JSMsg, len(values))
		for i, v := range values {
			var m *natsmod.JSMsg
			if in, isInstance := v.(*instance); isInstance {
				m, _ = in.self.(*natsmod.JSMsg)
			}
			if m == nil {
				b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: fmt.Sprintf("ackAll(msgs): msgs[%d] is not a JsMsg", i)})
			}
			msgs[i] = m
		}
	default:
		b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: "ackAll(msgs): msgs must be an array of JsMsg"})
	}
	n, err := natsmod.AckAll(msgs)
	b.Check(err)
	return b.RT.ToValue(n)
}

// pullNext returns one message, or null when none came in time.
func pullNext(b *Binder, self *pullSub, call sobek.FunctionCall) sobek.Value {
	msg, err := self.Next(timeoutArg(b, call, 0, "timeout"))
	b.Check(err)
	if msg == nil {
		return sobek.Null()
	}
	return b.Wrap(jsMsgClass, msg)
}

func pullInfo(b *Binder, self *pullSub, _ sobek.FunctionCall) sobek.Value {
	info, err := self.Info()
	b.Check(err)
	return b.Data(info)
}

// pullConsume runs handler(msg) on the VU's loop for every message and
// returns {done: Promise<count>, count, stop()}. The Promise rejects with
// whatever the handler threw, or the NatsError that ended the loop.
func pullConsume(b *Binder, self *pullSub, call sobek.FunctionCall) sobek.Value {
	fn := handlerArg(b, call, 0)
	opts, err := decodeConsume(optionsArg(b, call, 1, "consume options"))
	b.Check(err)
	promise, resolve, reject := b.RT.NewPromise()
	loop, err := self.Consume(opts,
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

func consumeStop(_ *Binder, self *consumeHandle, _ sobek.FunctionCall) sobek.Value {
	self.loop.Stop()
	return sobek.Undefined()
}

func jsPushSubscribe(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	fn := handlerArg(b, call, 3)
	handler := func(m *natsmod.JSMsg) { b.callHandler(fn, b.Wrap(jsMsgClass, m)) }
	sub, err := self.PushSubscribe(stringArg(b, call, 0, "stream"), stringArg(b, call, 1, "subject"), stringArg(b, call, 2, "durable"), handler)
	b.Check(err)
	return b.Wrap(pushSubscriptionClass, sub)
}

func pushUnsubscribe(_ *Binder, self *natsmod.PushSubscription, _ sobek.FunctionCall) sobek.Value {
	self.Unsubscribe()
	return sobek.Undefined()
}

func pushInfo(b *Binder, self *natsmod.PushSubscription, _ sobek.FunctionCall) sobek.Value {
	info, err := self.Info()
	b.Check(err)
	return b.Data(info)
}
