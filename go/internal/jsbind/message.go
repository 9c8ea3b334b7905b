package jsbind

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// message is what core messages (*nats.Msg) and consumer messages
// (*nats.JSMsg) share, so scripts read both the same way.
type message interface {
	Subject() string
	Reply() string
	Data() []byte
	Headers() map[string][]string
}

// messageFields returns the fields of every message class plus extra.
func messageFields(extra map[string]Field) map[string]Field {
	fields := map[string]Field{
		"subject": field(func(b *Binder, self message) sobek.Value { return b.subjectValue(self.Subject()) }),
		"reply":   field(func(b *Binder, self message) sobek.Value { return b.RT.ToValue(self.Reply()) }),
		"data":    field(func(b *Binder, self message) sobek.Value { return b.RT.ToValue(string(self.Data())) }),
		"bytes":   field(func(b *Binder, self message) sobek.Value { return arrayBuffer(b, self.Data()) }),
		"headers": field(func(b *Binder, self message) sobek.Value { return headersObject(b, self.Headers()) }),
	}
	for name, f := range extra {
		fields[name] = f
	}
	return fields
}

// subjectValue converts a message's subject, reusing the previous
// conversion when the subject is the same: the messages of a
// subscription mostly share theirs. Strings are immutable in JS.
func (b *Binder) subjectValue(subject string) sobek.Value {
	if b.subjectCached == nil || subject != b.subjectKey {
		b.subjectKey, b.subjectCached = subject, b.RT.ToValue(subject)
	}
	return b.subjectCached
}

// coreMsg is a core message's instance together with its natsmod.Msg,
// so a handler subscription allocates one of them per message.
type coreMsg struct {
	in  instance
	msg natsmod.Msg
}

// wrapMsg returns a Msg object of its own for m: the script may keep it.
func (b *Binder) wrapMsg(m natsmod.Msg) *sobek.Object {
	cm := &coreMsg{msg: m}
	cm.in = instance{b: b, class: msgClass, self: &cm.msg}
	return b.wrapInstance(&cm.in)
}

// expiredMsg backs a batch handler's message objects once the handler
// returned: reading one then throws instead of showing another message.
type expiredMsg struct{}

const expiredMsgText = "natsk6: this message belonged to a batch handler call that has returned; " +
	"copy what you keep (m.data, m.subject) or use a per-message handler"

// batchViews are the Msg objects of one batch subscription, reused by
// every call of its handler. Lifetime: an object shows its message only
// while the handler call that received it runs; afterwards it throws a
// TypeError, until a later batch reuses it for another message.
type batchViews struct {
	b    *Binder
	fn   sobek.Callable
	ins  []*instance
	objs []any // the *sobek.Object of each instance, for NewArray
	busy bool  // a call is running: a nested one (sleep in fn) gets copies
}

// call calls the handler with an array of views over msgs.
func (v *batchViews) call(msgs []natsmod.Msg) {
	if v.busy {
		list := make([]any, len(msgs))
		for i, m := range msgs {
			list[i] = v.b.wrapMsg(m)
		}
		v.b.callHandler(v.fn, v.b.RT.NewArray(list...))
		return
	}
	v.busy = true
	v.b.callHandler(v.fn, v.array(msgs))
	v.expire(len(msgs))
	v.busy = false
}

// array returns a JS array of views over msgs, growing the pool as needed.
func (v *batchViews) array(msgs []natsmod.Msg) sobek.Value {
	for len(v.ins) < len(msgs) {
		in := &instance{b: v.b, class: msgClass, self: expiredMsg{}}
		v.ins = append(v.ins, in)
		v.objs = append(v.objs, v.b.wrapInstance(in))
	}
	for i := range msgs {
		v.ins[i].self = &msgs[i]
	}
	return v.b.RT.NewArray(v.objs[:len(msgs)]...)
}

// expire ends the views of the last n messages (see batchViews).
func (v *batchViews) expire(n int) {
	for _, in := range v.ins[:n] {
		in.self, in.extra = expiredMsg{}, nil
	}
}

// messageJSON is msg.json() for every message class.
func messageJSON(b *Binder, self message, _ sobek.FunctionCall) sobek.Value {
	return parseJSON(b, self.Data())
}

// arrayBuffer copies data, so writes through the buffer change nothing else.
func arrayBuffer(b *Binder, data []byte) sobek.Value {
	return b.RT.ToValue(b.RT.NewArrayBuffer(append([]byte(nil), data...)))
}

func headersObject(b *Binder, h map[string][]string) sobek.Value {
	obj := b.RT.NewObject()
	for name, values := range h {
		list := make([]any, len(values))
		for i, v := range values {
			list[i] = v
		}
		_ = obj.Set(name, b.RT.NewArray(list...))
	}
	return obj
}

// parseJSON parses data with the script's JSON.parse, so a bad payload
// throws the SyntaxError a script expects.
func parseJSON(b *Binder, data []byte) sobek.Value {
	parse, ok := sobek.AssertFunction(b.RT.GlobalObject().Get("JSON").ToObject(b.RT).Get("parse"))
	if !ok {
		b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: "json(): JSON.parse is not available"})
	}
	v, err := parse(sobek.Undefined(), b.RT.ToValue(string(data)))
	if err != nil {
		panic(err) // the script's SyntaxError, as JSON.parse throws it
	}
	return v
}
