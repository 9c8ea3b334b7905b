package jsbind

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

var keyValueClass = register(&Class{
	Name: "KeyValue",
	Methods: map[string]Method{
		"put":     method(kvPut),
		"create":  method(kvCreate),
		"update":  method(kvUpdate),
		"get":     method(kvGet),
		"delete":  method(kvDelete),
		"purge":   method(kvPurge),
		"keys":    method(kvKeys),
		"history": method(kvHistory),
		"watch":   method(kvWatch),
	},
	Fields: map[string]Field{
		"bucket": field(func(b *Binder, self *natsmod.KeyValue) sobek.Value { return b.RT.ToValue(self.Bucket()) }),
	},
})

func kvEntryField(f func(*natsmod.KVEntry) any) Field {
	return field(func(b *Binder, self *natsmod.KVEntry) sobek.Value { return b.RT.ToValue(f(self)) })
}

var kvEntryClass = register(&Class{
	Name: "KvEntry",
	Methods: map[string]Method{
		"json": method(func(b *Binder, self *natsmod.KVEntry, _ sobek.FunctionCall) sobek.Value {
			return parseJSON(b, self.Value)
		}),
	},
	Fields: map[string]Field{
		"bucket":   kvEntryField(func(e *natsmod.KVEntry) any { return e.Bucket }),
		"key":      kvEntryField(func(e *natsmod.KVEntry) any { return e.Key }),
		"value":    kvEntryField(func(e *natsmod.KVEntry) any { return string(e.Value) }),
		"revision": kvEntryField(func(e *natsmod.KVEntry) any { return e.Revision }),
		"created": field(func(b *Binder, self *natsmod.KVEntry) sobek.Value {
			return dateValue(b, self.Created.UnixMilli())
		}),
		"delta":     kvEntryField(func(e *natsmod.KVEntry) any { return e.Delta }),
		"operation": kvEntryField(func(e *natsmod.KVEntry) any { return e.Operation }),
		"bytes":     field(func(b *Binder, self *natsmod.KVEntry) sobek.Value { return arrayBuffer(b, self.Value) }),
	},
})

var kvWatcherClass = register(&Class{
	Name: "KvWatcher",
	Methods: map[string]Method{
		"stop": method(func(_ *Binder, self *natsmod.KVWatcher, _ sobek.FunctionCall) sobek.Value {
			self.Stop()
			return sobek.Undefined()
		}),
	},
})

func dateValue(b *Binder, ms int64) sobek.Value {
	d, err := b.RT.New(b.RT.Get("Date"), b.RT.ToValue(ms))
	b.Check(err)
	return d
}

func jsKeyValue(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	kv, err := self.KeyValue(stringArg(b, call, 0, "bucket"))
	b.Check(err)
	return b.Wrap(keyValueClass, kv)
}

func jsCreateKeyValue(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	cfg, err := decodeKeyValue(optionsArg(b, call, 0, "kv config"))
	b.Check(err)
	kv, err := self.CreateKeyValue(cfg)
	b.Check(err)
	return b.Wrap(keyValueClass, kv)
}

func jsDeleteKeyValue(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	return checked(b, self.DeleteKeyValue(stringArg(b, call, 0, "bucket")))
}

// keyValueArgs reads (key, value).
func keyValueArgs(b *Binder, call sobek.FunctionCall) (string, []byte) {
	key := stringArg(b, call, 0, "key")
	value, err := b.Payload(call.Argument(1), "value")
	b.Check(err)
	return key, value
}

func kvPut(b *Binder, self *natsmod.KeyValue, call sobek.FunctionCall) sobek.Value {
	rev, err := self.Put(keyValueArgs(b, call))
	b.Check(err)
	return b.RT.ToValue(rev)
}

func kvCreate(b *Binder, self *natsmod.KeyValue, call sobek.FunctionCall) sobek.Value {
	rev, err := self.Create(keyValueArgs(b, call))
	b.Check(err)
	return b.RT.ToValue(rev)
}

func kvUpdate(b *Binder, self *natsmod.KeyValue, call sobek.FunctionCall) sobek.Value {
	key, value := keyValueArgs(b, call)
	rev := integerArg(b, call, 2, "revision")
	if rev < 0 {
		b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: "revision: must not be negative"})
	}
	newRev, err := self.Update(key, value, uint64(rev))
	b.Check(err)
	return b.RT.ToValue(newRev)
}

// kvGet returns the entry, or null when the key has no value.
func kvGet(b *Binder, self *natsmod.KeyValue, call sobek.FunctionCall) sobek.Value {
	entry, err := self.Get(stringArg(b, call, 0, "key"))
	b.Check(err)
	if entry == nil {
		return sobek.Null()
	}
	return b.Wrap(kvEntryClass, entry)
}

func kvDelete(b *Binder, self *natsmod.KeyValue, call sobek.FunctionCall) sobek.Value {
	return checked(b, self.Delete(stringArg(b, call, 0, "key")))
}

func kvPurge(b *Binder, self *natsmod.KeyValue, call sobek.FunctionCall) sobek.Value {
	return checked(b, self.Purge(stringArg(b, call, 0, "key")))
}

func kvKeys(b *Binder, self *natsmod.KeyValue, _ sobek.FunctionCall) sobek.Value {
	keys, err := self.Keys()
	b.Check(err)
	return b.Data(keys)
}

func kvHistory(b *Binder, self *natsmod.KeyValue, call sobek.FunctionCall) sobek.Value {
	entries, err := self.History(stringArg(b, call, 0, "key"))
	b.Check(err)
	list := make([]any, len(entries))
	for i, e := range entries {
		list[i] = b.Wrap(kvEntryClass, e)
	}
	return b.RT.NewArray(list...)
}

// kvWatch is kv.watch(keys, handler, options?): handler gets every entry,
// then null once the current values are delivered, then each update.
func kvWatch(b *Binder, self *natsmod.KeyValue, call sobek.FunctionCall) sobek.Value {
	keys := stringArg(b, call, 0, "keys")
	fn := handlerArg(b, call, 1)
	opts, err := decodeWatch(optionsArg(b, call, 2, "watch options"))
	b.Check(err)
	w, err := self.Watch(keys, opts, func(e *natsmod.KVEntry) {
		arg := sobek.Null()
		if e != nil {
			arg = b.Wrap(kvEntryClass, e)
		}
		b.callHandler(fn, arg)
	})
	b.Check(err)
	return b.Wrap(kvWatcherClass, w)
}
