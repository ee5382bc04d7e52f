package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/orygen/orygen/internal/ir"
)

// An operation whose success is a text/event-stream returns an iterator
// over its events (the runtime's sse.go): the method sends the request
// when the loop starts, the parser yields the events as they arrive.

// eventsSeq is the result type of a method that returns the events of
// res: iter.Seq2[ServerSentEvent[T], error].
func (o *opEmitter) eventsSeq(res *ir.Response) *jen.Statement {
	return jen.Qual(pkgIter, "Seq2").Types(jen.Id("ServerSentEvent").Types(o.goType(*res.Type)), jen.Error())
}

// eventsMethodBody is the body of a method returning events, which
// parse reads. build is the *call the method sends.
func (o *opEmitter) eventsMethodBody(g *jen.Group, parse ir.Ident, build *jen.Statement) {
	send := jen.Func().Params().Params(jen.Op("*").Qual(pkgHTTP, "Response"), jen.Error()).Block(
		jen.Return(jen.Id(string(o.l.Recv)).Dot("t").Dot("send").Call(jen.Id(string(o.l.Ctx)), build, jen.Id(string(o.l.Opts)))),
	)
	g.Return(jen.Id("sendEvents").Call(send, jen.Id(string(parse))))
}

// eventsParser writes parse, the parser of method, which returns the
// events of res; the errors are op's.
func (o *opEmitter) eventsParser(f *jen.File, op *ir.Operation, method, parse ir.Ident, res *ir.Response) {
	decode := jen.Id("textEvent")
	if r := o.resolve(*res.Type); !(r.Kind == ir.RefBuiltin && r.Builtin == ir.String) {
		decode = jen.Id("jsonEvent").Types(o.goType(*res.Type))
	}
	f.Commentf("%s yields the server-sent events of a response to %s as they", parse, method)
	f.Comment("arrive, and closes the body when the stream ends or the loop breaks. A status")
	f.Comment("other than 2xx is yielded as an *APIError (or, for a status with a declared body,")
	f.Comment("an *ErrorResponse), an event whose data does not decode as a *DecodeError (the")
	f.Comment("loop may go on), and a failure to read the stream as a *TransportError.")
	f.Func().Id(string(parse)).Params(jen.Id(string(o.l.Resp)).Op("*").Qual(pkgHTTP, "Response")).Add(o.eventsSeq(res)).Block(
		jen.Return(jen.Id("parseEvents").Call(jen.Id(string(o.l.Resp)), decode, o.errorMapper(op))),
	)
	f.Line()
}

// streams reports whether any operation of the API streams events, which
// decides whether the package needs the runtime's event-stream reader.
func (m *model) streams() bool {
	for _, s := range m.Services {
		for _, op := range s.Operations {
			if op.Streams || op.Stream != nil {
				return true
			}
		}
	}
	return false
}

// binary reports whether any operation returns a binary body unread,
// which decides whether the package needs the runtime's BinaryResponse.
func (m *model) binary() bool {
	for _, s := range m.Services {
		for _, op := range s.Operations {
			if op.Binary {
				return true
			}
		}
	}
	return false
}

// streamMethod writes the event-stream method of an operation whose
// success is also offered in another media type, its request builder and
// its parser. It shares the operation's unexported builder, asking for
// the events with acceptEvents.
func (o *opEmitter) streamMethod(f *jen.File, svcType ir.Ident, op *ir.Operation) {
	ev := op.Stream
	decl, names := o.signature(op)
	build := jen.Id("acceptEvents").Call(id(op.BuildName).Call(names...))
	doc := fmt.Sprintf("%s is %s asking for its text/event-stream response: it returns the server-sent events as they arrive. The request is sent when the loop starts; breaking out of the loop closes the stream.", ev.Name, op.Name)
	if op.Body != nil {
		doc += " Where the API streams only on request (a field of the body), set it too."
	}
	f.Add(commentBlock(string(ev.Name), doc, op.Deprecated, fmt.Sprintf("%s %s", op.Method, op.Path)))
	params := append([]jen.Code{jen.Id(string(o.l.Ctx)).Qual(pkgContext, "Context")}, decl...)
	params = append(params, jen.Id(string(o.l.Opts)).Op("...").Id("RequestOption"))
	f.Func().Params(jen.Id(string(o.l.Recv)).Op("*").Id(string(svcType))).Id(string(ev.Name)).Params(params...).Params(o.eventsSeq(ev.Response)).BlockFunc(func(g *jen.Group) {
		o.eventsMethodBody(g, ev.ParseName, build.Clone())
	})
	f.Line()
	f.Commentf("%s builds the request of %s without sending it, for proxies,", ev.RequestName, ev.Name)
	f.Comment("signing or batching; baseURL is the API's base URL.")
	reqParams := append([]jen.Code{jen.Id(string(o.l.Ctx)).Qual(pkgContext, "Context"), jen.Id(string(o.l.BaseURL)).String()}, decl...)
	reqParams = append(reqParams, jen.Id(string(o.l.Opts)).Op("...").Id("RequestOption"))
	f.Func().Id(string(ev.RequestName)).Params(reqParams...).Params(jen.Op("*").Qual(pkgHTTP, "Request"), jen.Error()).Block(
		jen.Return(jen.Id("buildRequest").Call(jen.Id(string(o.l.Ctx)), jen.Id(string(o.l.BaseURL)), build.Clone(), jen.Id(string(o.l.Opts)))),
	)
	f.Line()
	o.eventsParser(f, op, ev.Name, ev.ParseName, ev.Response)
}
