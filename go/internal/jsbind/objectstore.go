package jsbind

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

var objectStoreClass = register(&Class{
	Name: "ObjectStore",
	Methods: map[string]Method{
		"put":       method(objPut),
		"get":       method(objGet),
		"getString": method(objGetString),
		"info":      method(objInfo),
		"delete":    method(objDelete),
		"list":      method(objList),
	},
	Fields: map[string]Field{
		"bucket": field(func(b *Binder, self *natsmod.ObjectStore) sobek.Value { return b.RT.ToValue(self.Bucket()) }),
	},
})

func init() {
	registerShape("ObjectInfo", natsmod.ObjectInfo{})
}

func jsObjectStore(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	os, err := self.ObjectStore(stringArg(b, call, 0, "bucket"))
	b.Check(err)
	return b.Wrap(objectStoreClass, os)
}

func jsCreateObjectStore(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	cfg, err := decodeObjectStore(optionsArg(b, call, 0, "object store config"))
	b.Check(err)
	os, err := self.CreateObjectStore(cfg)
	b.Check(err)
	return b.Wrap(objectStoreClass, os)
}

func jsDeleteObjectStore(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	return checked(b, self.DeleteObjectStore(stringArg(b, call, 0, "bucket")))
}

// objPut is store.put(name, data, options?) → ObjectInfo.
func objPut(b *Binder, self *natsmod.ObjectStore, call sobek.FunctionCall) sobek.Value {
	name := stringArg(b, call, 0, "name")
	data, err := b.Payload(call.Argument(1), "data")
	b.Check(err)
	opts, err := decodeObjectPut(optionsArg(b, call, 2, "object options"))
	b.Check(err)
	info, err := self.Put(name, data, opts)
	b.Check(err)
	return b.Data(info)
}

// objGet returns the object's bytes as an ArrayBuffer, or null.
func objGet(b *Binder, self *natsmod.ObjectStore, call sobek.FunctionCall) sobek.Value {
	data, err := self.Get(stringArg(b, call, 0, "name"))
	b.Check(err)
	if data == nil {
		return sobek.Null()
	}
	return b.RT.ToValue(b.RT.NewArrayBuffer(data))
}

// objGetString returns the object as a UTF-8 string, or null.
func objGetString(b *Binder, self *natsmod.ObjectStore, call sobek.FunctionCall) sobek.Value {
	data, err := self.Get(stringArg(b, call, 0, "name"))
	b.Check(err)
	if data == nil {
		return sobek.Null()
	}
	return b.RT.ToValue(string(data))
}

// objInfo describes the object, or returns null.
func objInfo(b *Binder, self *natsmod.ObjectStore, call sobek.FunctionCall) sobek.Value {
	info, err := self.Info(stringArg(b, call, 0, "name"))
	b.Check(err)
	if info == nil {
		return sobek.Null()
	}
	return b.Data(info)
}

func objDelete(b *Binder, self *natsmod.ObjectStore, call sobek.FunctionCall) sobek.Value {
	return checked(b, self.Delete(stringArg(b, call, 0, "name")))
}

func objList(b *Binder, self *natsmod.ObjectStore, _ sobek.FunctionCall) sobek.Value {
	infos, err := self.List()
	b.Check(err)
	return b.Data(infos)
}
