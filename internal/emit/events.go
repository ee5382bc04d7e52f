package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// An operation whose success is a text/event-stream returns an iterator
// over its events (the runtime's sse.go): the method sends the request
// when the loop starts, the parser yields the events as they arrive.

// eventsSeq is the result type of a streaming operation:
// iter.Seq2[ServerSentEvent[T], error].
func (o *opEmitter) eventsSeq(op *ir.Operation) *jen.Statement {
	return jen.Qual(pkgIter, "Seq2").Types(jen.Id("ServerSentEvent").Types(o.goType(*success(op).Type)), jen.Error())
}

// eventsMethodBody is the body of a streaming operation's method.
func (o *opEmitter) eventsMethodBody(g *jen.Group, op *ir.Operation, names []jen.Code) {
	send := jen.Func().Params().Params(jen.Op("*").Qual(pkgHTTP, "Response"), jen.Error()).Block(
		jen.Return(jen.Id(string(o.l.Recv)).Dot("t").Dot("send").Call(jen.Id(string(o.l.Ctx)), id(op.BuildName).Call(names...), jen.Id(string(o.l.Opts)))),
	)
	g.Return(jen.Id("sendEvents").Call(send, jen.Id(string(op.ParseName))))
}

// eventsParser writes Parse<Op>Response of a streaming operation.
func (o *opEmitter) eventsParser(f *jen.File, op *ir.Operation) {
	res := success(op)
	decode := jen.Id("textEvent")
	if r := o.resolve(*res.Type); !(r.Kind == ir.RefBuiltin && r.Builtin == ir.String) {
		decode = jen.Id("jsonEvent").Types(o.goType(*res.Type))
	}
	f.Commentf("%s yields the server-sent events of a response to %s as they", op.ParseName, op.Name)
	f.Comment("arrive, and closes the body when the stream ends or the loop breaks. A status")
	f.Comment("other than 2xx is yielded as an *APIError (or, for a status with a declared body,")
	f.Comment("an *ErrorResponse), an event whose data does not decode as a *DecodeError (the")
	f.Comment("loop may go on), and a failure to read the stream as a *TransportError.")
	f.Func().Id(string(op.ParseName)).Params(jen.Id(string(o.l.Resp)).Op("*").Qual(pkgHTTP, "Response")).Add(o.eventsSeq(op)).Block(
		jen.Return(jen.Id("parseEvents").Call(jen.Id(string(o.l.Resp)), decode, o.errorMapper(op))),
	)
	f.Line()
}

// streams reports whether any operation of the API streams events, which
// decides whether the package needs the runtime's event-stream reader.
func (m *model) streams() bool {
	for _, s := range m.Services {
		for _, op := range s.Operations {
			if op.Streams {
				return true
			}
		}
	}
	return false
}
