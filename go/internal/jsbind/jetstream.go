package jsbind

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

var jetStreamClass = register(&Class{
	Name: "JetStream",
	Methods: map[string]Method{
		"addStream":            method(jsAddStream),
		"updateStream":         method(jsUpdateStream),
		"deleteStream":         method(jsDeleteStream),
		"getStreamInfo":        method(jsStreamInfo),
		"getStreamNames":       method(jsStreamNames),
		"purgeStream":          method(jsPurgeStream),
		"deleteMessage":        method(jsDeleteMessage),
		"getAccountInfo":       method(jsAccountInfo),
		"publish":              method(jsPublish),
		"publishAsync":         method(jsPublishAsync),
		"publishAsyncBulk":     method(jsPublishAsyncBulk),
		"publishAsyncPending":  method(jsPublishAsyncPending),
		"publishAsyncComplete": method(jsPublishAsyncComplete),
		"addConsumer":          method(jsAddConsumer),
		"updateConsumer":       method(jsUpdateConsumer),
		"deleteConsumer":       method(jsDeleteConsumer),
		"getConsumerInfo":      method(jsConsumerInfo),
		"getConsumerNames":     method(jsConsumerNames),
		"pullSubscribe":        method(jsPullSubscribe),
		"pullMessages":         method(jsPullMessages),
		"pushSubscribe":        method(jsPushSubscribe),
		"consumer":             method(jsConsumer),
		"orderedConsumer":      method(jsOrderedConsumer),
		"keyValue":             method(jsKeyValue),
		"createKeyValue":       method(jsCreateKeyValue),
		"deleteKeyValue":       method(jsDeleteKeyValue),
		"objectStore":          method(jsObjectStore),
		"createObjectStore":    method(jsCreateObjectStore),
		"deleteObjectStore":    method(jsDeleteObjectStore),
		"readBack":             method(jsReadBack),
	},
})

func init() {
	registerShape("StreamConfig", natsmod.StreamConfig{})
	registerShape("StreamSource", natsmod.StreamSource{})
	registerShape("RePublish", natsmod.RePublish{})
	registerShape("ConsumerLimits", natsmod.ConsumerLimits{})
	registerShape("StreamInfo", natsmod.StreamInfo{})
	registerShape("StreamState", natsmod.StreamState{})
	registerShape("AccountInfo", natsmod.AccountInfo{})
	registerShape("AccountLimits", natsmod.AccountLimits{})
	registerShape("PubAck", natsmod.PubAck{})
	registerShape("AsyncBulkResult", natsmod.AsyncBulkResult{})
}

func moduleJetStream(b *Binder, self *natsmod.Module, call sobek.FunctionCall) sobek.Value {
	conn, ok := Self(call.Argument(0)).(*natsmod.Connection)
	if !ok {
		b.Throw(&natsmod.Error{Code: natsmod.CodeConnectionClosed, Detail: "jetStream(conn): expected a connection from nats.connect, got " + typeName(call.Argument(0))})
	}
	opts, err := decodeJetStream(optionsArg(b, call, 1, "jetStream options"))
	b.Check(err)
	js, err := self.JetStream(conn, opts)
	b.Check(err)
	return b.Wrap(jetStreamClass, js)
}

// moduleStreamConfig validates options and returns the complete config
// with defaults filled in, ready for js.addStream.
func moduleStreamConfig(b *Binder, _ *natsmod.Module, call sobek.FunctionCall) sobek.Value {
	cfg, err := decodeStreamConfig(optionsArg(b, call, 0, "streamConfig"))
	b.Check(err)
	b.Check(natsmod.CheckStreamConfig(cfg))
	return b.Data(natsmod.StreamConfigData(cfg))
}

// moduleConsumerConfig validates options and returns the complete config
// with defaults filled in, ready for js.addConsumer.
func moduleConsumerConfig(b *Binder, _ *natsmod.Module, call sobek.FunctionCall) sobek.Value {
	stream, cfg, err := decodeConsumerConfig(optionsArg(b, call, 0, "consumerConfig"))
	b.Check(err)
	b.Check(natsmod.CheckConsumerConfig(cfg))
	return b.Data(natsmod.ConsumerConfigData(stream, cfg))
}

func jsAddStream(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	cfg, err := decodeStreamConfig(optionsArg(b, call, 0, "stream config"))
	b.Check(err)
	info, err := self.AddStream(cfg)
	b.Check(err)
	return b.Data(info)
}

func jsUpdateStream(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	cfg, err := decodeStreamConfig(optionsArg(b, call, 0, "stream config"))
	b.Check(err)
	info, err := self.UpdateStream(cfg)
	b.Check(err)
	return b.Data(info)
}

func jsDeleteStream(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	b.Check(self.DeleteStream(stringArg(b, call, 0, "stream")))
	return sobek.Undefined()
}

func jsStreamInfo(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	info, err := self.StreamInfo(stringArg(b, call, 0, "stream"))
	b.Check(err)
	return b.Data(info)
}

func jsStreamNames(b *Binder, self *natsmod.JetStream, _ sobek.FunctionCall) sobek.Value {
	names, err := self.StreamNames()
	b.Check(err)
	return b.Data(names)
}

func jsPurgeStream(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	name := stringArg(b, call, 0, "stream")
	opts, err := decodePurge(optionsArg(b, call, 1, "purge options"))
	b.Check(err)
	b.Check(self.PurgeStream(name, opts))
	return sobek.Undefined()
}

func jsDeleteMessage(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	b.Check(self.DeleteMessage(stringArg(b, call, 0, "stream"), integerArg(b, call, 1, "seq")))
	return sobek.Undefined()
}

func jsAccountInfo(b *Binder, self *natsmod.JetStream, _ sobek.FunctionCall) sobek.Value {
	info, err := self.AccountInfo()
	b.Check(err)
	return b.Data(info)
}

// publishArgs reads (subject, data, options) for the synchronous publish:
// nats.go is done with the data when the ack returns, so a view will do.
func publishArgs(b *Binder, call sobek.FunctionCall) (string, []byte, natsmod.JSPublishOptions) {
	subject := stringArg(b, call, 0, "subject")
	data, err := b.payloadView(call.Argument(1), "data")
	b.Check(err)
	return subject, data, jsPublishArg(b, call, 2)
}

// jsPublishArg reads argument i as a JetStream publish's options.
func jsPublishArg(b *Binder, call sobek.FunctionCall, i int) natsmod.JSPublishOptions {
	opts, err := decodeJSPublish(optionsArg(b, call, i, "publish options"))
	b.Check(err)
	return opts
}

func jsPublish(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	subject, data, opts := publishArgs(b, call)
	ack, err := self.Publish(subject, data, opts)
	b.Check(err)
	return pubAckObject(b, ack)
}

// pubAckObject builds the PubAck shape directly: this runs once per
// published message, where Data's JSON round trip costs more than the
// publish.
func pubAckObject(b *Binder, ack *natsmod.PubAck) sobek.Value {
	obj := b.RT.NewObject()
	_ = obj.Set("stream", ack.Stream)
	_ = obj.Set("seq", ack.Seq)
	_ = obj.Set("duplicate", ack.Duplicate)
	_ = obj.Set("domain", ack.Domain)
	return obj
}

// jsPublishAsync returns a Promise of the PubAck; a failed ack rejects it
// with the NatsError (1022, or the code of the cause).
func jsPublishAsync(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	subject := stringArg(b, call, 0, "subject")
	data, err := b.Payload(call.Argument(1), "data") // nats.go keeps it for retries
	b.Check(err)
	opts := jsPublishArg(b, call, 2)
	promise, settle := promiseOf(b, func(ack *natsmod.PubAck) sobek.Value { return pubAckObject(b, ack) })
	b.Check(self.PublishAsync(subject, data, opts, settle))
	return promise
}

func bulkResultObject(b *Binder, res *natsmod.AsyncBulkResult) sobek.Value {
	obj := b.RT.NewObject()
	_ = obj.Set("acked", res.Acked)
	_ = obj.Set("failed", res.Failed)
	_ = obj.Set("duplicates", res.Duplicates)
	_ = obj.Set("firstSeq", res.FirstSeq)
	_ = obj.Set("lastSeq", res.LastSeq)
	return obj
}

// jsPublishAsyncBulk returns a Promise of the AsyncBulkResult, rejected
// only when nothing was stored.
func jsPublishAsyncBulk(b *Binder, self *natsmod.JetStream, call sobek.FunctionCall) sobek.Value {
	subject := stringArg(b, call, 0, "subject")
	data, err := b.Payload(call.Argument(1), "data") // nats.go keeps it for retries
	b.Check(err)
	count := integerArg(b, call, 2, "count")
	opts := jsPublishArg(b, call, 3)
	promise, settle := promiseOf(b, func(res *natsmod.AsyncBulkResult) sobek.Value { return bulkResultObject(b, res) })
	b.Check(self.PublishAsyncBulk(subject, data, int(count), opts, settle))
	return promise
}

func jsPublishAsyncPending(b *Binder, self *natsmod.JetStream, _ sobek.FunctionCall) sobek.Value {
	return b.RT.ToValue(self.PublishAsyncPending())
}

// jsPublishAsyncComplete returns a Promise resolved once every async
// publish has its ack (or its failure).
func jsPublishAsyncComplete(b *Binder, self *natsmod.JetStream, _ sobek.FunctionCall) sobek.Value {
	promise, resolve, _ := b.RT.NewPromise()
	self.PublishAsyncComplete(func() { _ = resolve(sobek.Undefined()) })
	return b.RT.ToValue(promise)
}
