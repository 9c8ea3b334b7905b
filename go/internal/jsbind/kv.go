package jsbind

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

var keyValueClass = register(&Class{
	Name: "KeyValue",
	Methods: map[string]Method{
		"put":     kvPut,
		"create":  kvCreate,
		"update":  kvUpdate,
		"get":     kvGet,
		"delete":  kvDelete,
		"purge":   kvPurge,
		"keys":    kvKeys,
		"history": kvHistory,
		"watch":   kvWatch,
	},
	Fields: map[string]Field{
		"bucket": func(b *Binder, self any) sobek.Value { return b.RT.ToValue(self.(*natsmod.KeyValue).Bucket()) },
	},
})

func kvEntryField(f func(*natsmod.KVEntry) any) Field {
	return func(b *Binder, self any) sobek.Value { return b.RT.ToValue(f(self.(*natsmod.KVEntry))) }
}

var kvEntryClass = register(&Class{
	Name: "KvEntry",
	Methods: map[string]Method{
		"json": func(b *Binder, self any, _ sobek.FunctionCall) sobek.Value {
			return parseJSON(b, self.(*natsmod.KVEntry).Value)
		},
	},
	Fields: map[string]Field{
		"bucket":   kvEntryField(func(e *natsmod.KVEntry) any { return e.Bucket }),
		"key":      kvEntryField(func(e *natsmod.KVEntry) any { return e.Key }),
		"value":    kvEntryField(func(e *natsmod.KVEntry) any { return string(e.Value) }),
		"revision": kvEntryField(func(e *natsmod.KVEntry) any { return e.Revision }),
		"created": func(b *Binder, self any) sobek.Value {
			return dateValue(b, self.(*natsmod.KVEntry).Created.UnixMilli())
		},
		"delta":     kvEntryField(func(e *natsmod.KVEntry) any { return e.Delta }),
		"operation": kvEntryField(func(e *natsmod.KVEntry) any { return e.Operation }),
		"bytes":     func(b *Binder, self any) sobek.Value { return arrayBuffer(b, self.(*natsmod.KVEntry).Value) },
	},
})

var kvWatcherClass = register(&Class{
	Name: "KvWatcher",
	Methods: map[string]Method{
		"stop": func(_ *Binder, self any, _ sobek.FunctionCall) sobek.Value {
			self.(*natsmod.KVWatcher).Stop()
			return sobek.Undefined()
		},
	},
})

func dateValue(b *Binder, ms int64) sobek.Value {
	d, err := b.RT.New(b.RT.Get("Date"), b.RT.ToValue(ms))
	b.Check(err)
	return d
}

func jsKeyValue(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	kv, err := self.(*natsmod.JetStream).KeyValue(stringArg(b, call, 0, "bucket"))
	b.Check(err)
	return b.Wrap(keyValueClass, kv)
}

func jsCreateKeyValue(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	kv, err := self.(*natsmod.JetStream).CreateKeyValue(optionsArg(b, call, 0, "kv config"))
	b.Check(err)
	return b.Wrap(keyValueClass, kv)
}

func jsDeleteKeyValue(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	return checked(b, self.(*natsmod.JetStream).DeleteKeyValue(stringArg(b, call, 0, "bucket")))
}

// keyValueArgs reads (key, value).
func keyValueArgs(b *Binder, call sobek.FunctionCall) (string, []byte) {
	key := stringArg(b, call, 0, "key")
	value, err := b.Payload(call.Argument(1), "value")
	b.Check(err)
	return key, value
}

func kvPut(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	rev, err := self.(*natsmod.KeyValue).Put(keyValueArgs(b, call))
	b.Check(err)
	return b.RT.ToValue(rev)
}

func kvCreate(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	rev, err := self.(*natsmod.KeyValue).Create(keyValueArgs(b, call))
	b.Check(err)
	return b.RT.ToValue(rev)
}

func kvUpdate(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	key, value := keyValueArgs(b, call)
	rev := integerArg(b, call, 2, "revision")
	if rev < 0 {
		b.Throw(&natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: "revision: must not be negative"})
	}
	newRev, err := self.(*natsmod.KeyValue).Update(key, value, uint64(rev))
	b.Check(err)
	return b.RT.ToValue(newRev)
}

// kvGet returns the entry, or null when the key has no value.
func kvGet(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	entry, err := self.(*natsmod.KeyValue).Get(stringArg(b, call, 0, "key"))
	b.Check(err)
	if entry == nil {
		return sobek.Null()
	}
	return b.Wrap(kvEntryClass, entry)
}

func kvDelete(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	return checked(b, self.(*natsmod.KeyValue).Delete(stringArg(b, call, 0, "key")))
}

func kvPurge(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	return checked(b, self.(*natsmod.KeyValue).Purge(stringArg(b, call, 0, "key")))
}

func kvKeys(b *Binder, self any, _ sobek.FunctionCall) sobek.Value {
	keys, err := self.(*natsmod.KeyValue).Keys()
	b.Check(err)
	return b.Data(keys)
}

func kvHistory(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	entries, err := self.(*natsmod.KeyValue).History(stringArg(b, call, 0, "key"))
	b.Check(err)
	list := make([]any, len(entries))
	for i, e := range entries {
		list[i] = b.Wrap(kvEntryClass, e)
	}
	return b.RT.NewArray(list...)
}

// kvWatch is kv.watch(keys, handler, options?): handler gets every entry,
// then null once the current values are delivered, then each update.
func kvWatch(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
	keys := stringArg(b, call, 0, "keys")
	fn := handlerArg(b, call, 1)
	opts := optionsArg(b, call, 2, "watch options")
	w, err := self.(*natsmod.KeyValue).Watch(keys, opts, func(e *natsmod.KVEntry) {
		arg := sobek.Null()
		if e != nil {
			arg = b.Wrap(kvEntryClass, e)
		}
		b.callHandler(fn, arg)
	})
	b.Check(err)
	return b.Wrap(kvWatcherClass, w)
}
