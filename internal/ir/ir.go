// Package ir is orygen's model of an API, between the OpenAPI document and
// the Go source: services, operations, parameters, bodies, responses and
// named types. It is plain data and imports nothing; internal/irbuild
// makes it from a loaded document. Every identifier the generated package
// declares is an Ident in here, claimed once per scope by the builder, so
// the emitters print names and never make one up; no Go source text
// lives here.
package ir

// Ident is a Go identifier of the generated package. The builder claims
// each one in the scope that declares it (the package, a struct's fields
// and methods, a function's parameters and locals), so two declarations
// never share a name and no local hides a package-level or imported name
// its function uses.
type Ident string

// API is everything the emitters need to write one client package.
type API struct {
	SpecName    string // base name of the spec file, recorded in headers
	Title       string
	Version     string
	Description string
	Services    []*Service  // sorted by Name
	Types       []*Type     // sorted by Name
	ErrorMaps   []*ErrorMap // sorted by Name
	Security    []*SecurityScheme
	Servers     []Server // as the document lists them
	Schemas     SchemaStats
	// IdempotencyHeader is the header in which every call of an unsafe
	// method sends a fresh key (the config's idempotency_header); "" when
	// none is configured.
	IdempotencyHeader string
	// Env is the configuration the package reads from the environment
	// (the config's env); nil when none is configured.
	Env *Env
}

// Env is the configuration a package reads from environment variables.
type Env struct {
	Option Ident // WithEnv: the client option setting the credentials
	// FromEnv is NewClientFromEnv, which reads the base URL from BaseURL;
	// "" when no variable holds the base URL.
	FromEnv Ident
	BaseURL string    // the variable holding the base URL, if any
	Creds   []EnvCred // by Var
}

// EnvCred is a credential read from an environment variable.
type EnvCred struct {
	Var    string          // the variable
	Scheme *SecurityScheme // the scheme whose option it is passed to
}

// SchemaStats counts the schema objects the builder read (each time it
// read one), for reports on how much of a spec became raw JSON.
type SchemaStats struct {
	Schemas int // schema objects read
	// Raw of them are kept as raw JSON: free-form or untyped schemas,
	// x-orygen-raw marks, and the Unrepresented ones.
	Raw int
	// Unrepresented of them are raw JSON because they carry a shaping
	// keyword no Go form of theirs represents (each with a warning).
	Unrepresented int
}

// Server is one of the servers the document names. NewClient takes the
// base URL as an argument; these are documented.
type Server struct {
	URL         string // as written, with {variable} templates
	Default     string // URL with every variable at its default
	Description string
	Variables   []ServerVariable // in the order of their templates
}

// ServerVariable is a template in a server URL.
type ServerVariable struct {
	Name        string
	Default     string
	Enum        []string // allowed values, if the document limits them
	Description string
}

// Service groups the operations of one tag.
type Service struct {
	Name      Ident  // e.g. "Identity": the Client's field
	TypeName  Ident  // the service's Go type, e.g. "IdentityService"
	Interface Ident  // the interface it satisfies, e.g. "IdentityAPI"
	Tag       string // the tag as written in the spec
	// Words is Name in lower-case words joined by "_", an initialism
	// being one word (oauth2, user_accounts): its file's name.
	Words      string
	Doc        string
	Operations []*Operation // sorted by Name
}

// Method is an HTTP method in upper case.
type Method string

// Operation is one method on one path.
type Operation struct {
	ID   string // operationId, or the synthesized one
	Name Ident  // the method
	// FullName is the operation's Go name before its service's name was
	// dropped from its front (DropletsCreate for Droplets.Create); the
	// package-level names (ParamsName, RequestName...) start with it.
	FullName    Ident
	ParamsName  Ident // Go type of the params struct, if Params is not empty
	RequestName Ident // exported func that builds the *http.Request
	ParseName   Ident // exported func that parses the *http.Response
	BuildName   Ident // unexported func both the method and RequestName call
	ResultName  Ident // Go type of the result when several 2xx statuses have different bodies
	Method      Method
	Path        string // as in the spec, with {name} templates
	Pointer     string // JSON pointer of the operation object
	Summary     string
	Description string
	Deprecated  bool
	PathParams  []*Param // in template order
	Params      []*Param // query, header and cookie parameters, sorted by In then Name
	Body        *Body
	Responses   []*Response // sorted by Status, Default last
	Security    [][]string  // alternatives, each a set of scheme names; nil = none
	Pagination  *Pagination // nil unless the operation lists pages
	RateLimit   string      // x-ory-ratelimit-bucket, if any

	// Facts the emitters share, decided once by the builder.

	// Success is the first 2xx response with a body: what the method
	// returns (each 2xx body, with ResultName); nil when none has one.
	Success *Response
	// Streams: Success is a text/event-stream, and the method returns an
	// iterator over its events.
	Streams bool
	// Binary: Success is a binary body (audio, images, files...), which
	// the method returns unread as the runtime's *BinaryResponse, with its
	// content type and not limited by the decoded-body size limit.
	Binary bool
	// Accept is the Accept header the method sends: the media types of
	// the 2xx responses it decodes ("" for application/json alone, the
	// runtime's default); text/event-stream when it Streams; the
	// success's media type when it is Binary. Header parameters named
	// Accept are ignored, as OpenAPI says.
	Accept string
	// Stream is the text/event-stream offered beside another 2xx media
	// type (JSON, binary): a second method asks for the events. Nil when
	// the success offers no event stream, or only one.
	Stream *StreamAlt
	// BodyAlts are the methods that send the request body in the
	// operation's other media-type families (form, multipart, text,
	// binary; JSON is always Body's), one per family, in that order.
	// Body is the family pickContent ranks first, so the operation's own
	// method keeps its name when the document adds a media type.
	BodyAlts []*BodyAlt
	// ParamsByValue: a query, header or cookie parameter is required, so
	// the params struct is passed by value and cannot be left out.
	ParamsByValue bool
	// Locals are the names of the parameters and variables the
	// operation's functions declare, claimed beside its path parameters.
	Locals Locals
	// Errors maps the error statuses declared with a JSON or text body
	// to that body; nil when none is declared.
	Errors *ErrorMap
	// Headers are the response headers the 2xx responses declare, by
	// Name: fields of the Result (ResultName), which an operation with
	// headers always has. Nil for an operation that Streams or returns a
	// Binary body, whose caller reads the response's headers itself.
	Headers []*ResponseHeader
}

// ResponseHeader is a header a success declares, parsed into a field of
// the operation's Result.
type ResponseHeader struct {
	Name  string // as the first response declaring it spells it
	Field Ident  // the Result's field
	// Type is RefBuiltin (String, Bool, Int32, Int64, Float64), RefTime,
	// or RefSlice of one of those (simple style: comma-separated).
	Type TypeRef
	// Required: every success declaring the header requires it, and each
	// declares it; the field is a value, and a success without it is an
	// error. Otherwise the field is a pointer (a slice: nil), nil when
	// the header is absent.
	Required bool
	Doc      string
}

// StreamAlt is the event-stream method of an operation whose success is
// also offered in another media type: it takes the same arguments (path
// parameters, body, params struct), declares the same locals and reads
// the same errors as its operation, sends Accept: text/event-stream and
// returns an iterator over the events. What differs from the operation is
// all here, so the emitter reads it as it is, deciding nothing again.
type StreamAlt struct {
	Name        Ident     // the method, e.g. CreateCompletionStream
	RequestName Ident     // New<Name>Request
	ParseName   Ident     // Parse<Name>Response
	Response    *Response // Kind BodyEvents, Type the data of each event
}

// BodyAlt is a method of an operation that sends its request body in
// another media-type family than the operation's Body: it takes the same
// arguments but the body, and returns what the operation returns, with the
// operation's parser.
type BodyAlt struct {
	Name        Ident // the method, e.g. PutNotesText
	RequestName Ident // New<Name>Request
	BuildName   Ident // its unexported request builder
	Body        *Body
}

// Locals name the parameters and variables an operation's emitted
// functions declare. They are claimed in one scope with the operation's
// path parameters, after the package-level, runtime and imported names,
// so a path parameter called "ctx" or "json" takes another name instead
// of hiding one.
type Locals struct {
	Ctx, Opts, Body, Params, BaseURL Ident // parameters
	Recv                             Ident // the service receiver
	Call                             Ident // the request being built
	Resp, Err, Out, Zero             Ident
	Parts, Elem                      Ident // a list parameter's values
	Page, Token, Items, Next, Num    Ident // the page iterator
	Val, Res                         Ident
	Status, Data, APIErr, Writer     Ident // parser and body callbacks
	Decode                           Ident // a parser's decoder, as a variable
}

// ErrorMap is the function that turns an *APIError into the error body
// its status declares. Operations that declare the same error bodies
// share one.
type ErrorMap struct {
	Name    Ident       // unexported, package-level
	Param   Ident       // its *APIError parameter
	Cases   []*Response // statuses whose body is not the one that would apply without them, by Status
	Ranges  []*Response // classes ("4XX") whose body is not Default's, by Status
	Default *Response   // the "default" response, or nil
}

// In says where a parameter travels.
type In int

const (
	InPath In = iota
	InQuery
	InHeader
	InCookie
)

func (i In) String() string {
	return [...]string{"path", "query", "header", "cookie"}[i]
}

// Param is one parameter of an operation.
type Param struct {
	Name       string // wire name
	GoName     Ident  // field of the params struct (query, header, cookie)
	ArgName    Ident  // argument of the method (path)
	In         In
	Required   bool
	Type       TypeRef
	Doc        string
	Deprecated bool
	// Style and Explode are how the value is serialized, as the
	// builder's legality table decided them (a style a location or a
	// shape does not have was replaced, with a warning).
	Style   Style
	Explode bool
	// AllowReserved: reserved characters of a query value are sent as
	// they are.
	AllowReserved bool
	// Content is the media type of a parameter described by content
	// rather than a schema ("" otherwise). JSON: it is a JSON media type,
	// and the value is sent as its JSON text; otherwise the value is the
	// string given, which a cookie sends as it is (OpenAPI's Appendix D).
	Content string
	JSON    bool
	// Presence is how the Go value says whether the parameter is sent,
	// with a field's cases: PresenceValue (required, always sent),
	// PresenceOptional (a pointer; nil is not sent) or PresenceNilable
	// (a slice, map or raw JSON; empty is not sent).
	Presence Presence
	Default  string // JSON text of the default, documented only
}

// Style is an OpenAPI serialization style of a parameter or of a form
// body's property.
type Style int

const (
	StyleSimple Style = iota
	StyleForm
	StyleMatrix
	StyleLabel
	StyleSpaceDelimited
	StylePipeDelimited
	StyleDeepObject
)

func (s Style) String() string {
	return [...]string{"simple", "form", "matrix", "label", "spaceDelimited", "pipeDelimited", "deepObject"}[s]
}

// Body is a request body in one media type.
type Body struct {
	Required bool
	// MediaType is the Content-Type the client sends: the document's
	// media type exactly (parameters included), or for a media range
	// (*/*, text/*, image/*) its stand-in: text/plain for text/*,
	// application/json for a JSON range, else application/octet-stream.
	MediaType string
	Range     string // the media range MediaType stands in for, or ""
	Kind      BodyKind
	Type      TypeRef
	Alt       []string // other media types the operation accepts
	// Family are the other media types of the body's family the
	// operation accepts (text/markdown beside text/plain), which the
	// caller may send instead by setting the Content-Type header.
	Family []string
	// FormOK: a JSON body the operation also accepts as a form of the
	// same schema, which WithFormBody sends (a form of another schema is
	// a BodyAlt).
	FormOK bool
	// FormFields say how the top-level properties of a form body are
	// written, from the form media type's encoding object; sorted by Name.
	// Properties it does not name are written the default way (lists
	// repeat their key, nested objects join keys with dots).
	FormFields []FormField
	// Parts say how the properties of a multipart body are written, from
	// its encoding object; sorted by Name. Properties it does not name
	// are written the default way.
	Parts []PartEncoding
}

// PartEncoding is the encoding object's entry for one part of a
// multipart body.
type PartEncoding struct {
	Name string // the property, as in the JSON body
	// ContentType is the part's Content-Type: the first specific media
	// type of the encoding's contentType list; "" for the default (a
	// field without one, a file as application/octet-stream, or as its
	// Upload's ContentType).
	ContentType string
	// Accepts is the contentType list as written, when it names more
	// than ContentType (several types, a range such as image/*).
	Accepts string
	// JSON: ContentType is JSON, and the value is sent as its JSON text
	// (a string in quotes).
	JSON    bool
	Headers []PartHeader // sorted by Name; Content-Type is not among them
}

// PartHeader is a header the encoding object declares for a part. Its
// value is not in the document: the caller sends it with the runtime's
// WithPartHeader, and the method documents it.
type PartHeader struct {
	Name     string
	Required bool
	Schema   string // the value's type, for the docs: "integer", "string"...
	Doc      string
}

// FormField is the encoding of one property of a form body.
type FormField struct {
	Name    string // the property, as in the JSON body
	Style   Style  // form, deepObject, spaceDelimited or pipeDelimited
	Explode bool
	JSON    bool // the encoding's contentType is JSON: the value goes as JSON text
}

// BodyKind is how a body is encoded.
type BodyKind int

const (
	BodyJSON BodyKind = iota
	BodyForm
	BodyText
	BodyBinary
	BodyMultipart
	// BodyEvents is a text/event-stream response: server-sent events,
	// each with data of the response's Type.
	BodyEvents
)

// Response is one declared response.
type Response struct {
	Status      int  // 0 for "default"; the class's first status for a range
	Range       bool // "4XX": every status of the class Status/100 without a response of its own
	Description string
	MediaType   string
	Kind        BodyKind
	Type        *TypeRef // nil when there is no body
	// Field is the Result struct's field for a 2xx body, when the
	// operation has a ResultName.
	Field Ident
}

// ErrorBody reports whether r is an error status's body that an error
// mapper turns into an *ErrorResponse: JSON or text, outside 2xx.
func (r *Response) ErrorBody() bool {
	return r.Type != nil && (r.Kind == BodyJSON || r.Kind == BodyText) && (r.Status < 200 || r.Status >= 300)
}

// Kind is the shape of a named type.
type Kind int

const (
	KindStruct Kind = iota
	KindEnum
	KindUnion
	KindAlias
)

// Type is a named Go type.
type Type struct {
	Name       Ident
	SchemaName string // component name, "" for inline schemas
	Pointer    string // where the schema is defined
	Doc        string
	Deprecated bool
	Kind       Kind
	Fields     []*Field // KindStruct, sorted by JSONName (byte order)
	Enum       *Enum    // KindEnum
	Union      *Union   // KindUnion
	Alias      *TypeRef // KindAlias
	// Defined makes a KindAlias a defined type (type X string) rather than
	// an alias, so that it can carry methods: a union's primitive variants.
	Defined bool
	// Additional is the type of properties beyond Fields that a struct
	// keeps (additionalProperties true or a schema); nil when it has none.
	Additional *TypeRef
	// AdditionalField is the map field that holds them, claimed with the
	// other fields; claimed too when a field is NoTag, for the structs
	// whose JSON encoding/json does (which keep that property in it).
	AdditionalField Ident
	// Variant lists the unions this struct is a discriminated variant of;
	// the discriminator property is then written by the union, not a field.
	VariantOf []Ident
	// JSONNames (KindStruct) is the unexported package-level array of the
	// struct's JSON member names, sorted, that a generated decoder looks
	// keys up in.
	JSONNames Ident
}

// Field is a property of a struct.
type Field struct {
	Name       Ident
	JSONName   string
	Type       TypeRef
	Required   bool
	Nullable   bool
	ReadOnly   bool
	Doc        string
	Deprecated bool
	// Cyclic: the field holds a struct that contains this one again by
	// value, so it is a pointer even where its presence would not make it
	// one.
	Cyclic bool
	// NoTag: JSONName cannot be written in a struct tag (encoding/json
	// takes "a,b" for a name and options, and ignores a tag with quotes
	// or other punctuation). The codecs read and write the field by
	// JSONName; where encoding/json does the struct's JSON instead, the
	// property is kept in the struct's AdditionalField, not a field.
	NoTag bool
	// Presence is how the field holds its value and tells it apart from
	// an absent or null one, decided by the builder from Required,
	// Nullable, Cyclic and the form of Type.
	Presence Presence
	// Getter names the field's nil-safe getter method (GetActive for
	// Active), which returns the zero value on a nil receiver or a nil
	// field; empty: the field has none. Only optional pointer fields
	// (PresenceOptional) get one, and only where the name is free among
	// the struct's fields and methods.
	Getter Ident
}

// Presence is how a struct field (or a parameter) holds its value: its Go type, made from
// the Go type T of its Type, and when the field is left out of the JSON
// it writes. Encoding/json's tag options say the same as the generated
// codecs: omitempty leaves out a nil pointer or an empty raw value,
// omitzero a nil slice or map or an unset Nullable.
type Presence int

const (
	// PresenceValue: T, always written. A required property that cannot
	// be null, of any form (raw JSON, whose null is a value of its own,
	// included).
	PresenceValue Presence = iota
	// PresencePointer: *T, always written. A required property that
	// cannot be null, whose struct holds the field's struct again by
	// value (Cyclic): Go needs the pointer to size it.
	PresencePointer
	// PresenceOptional: *T with omitempty; nil is absent. An optional
	// scalar, time, enum, struct or union.
	PresenceOptional
	// PresenceNilable: T with omitzero; nil is absent and an empty slice
	// or map is written. An optional slice, map or []byte.
	PresenceNilable
	// PresenceRaw: T (json.RawMessage) with omitempty; empty is absent.
	// An optional raw value, nullable or not: raw JSON holds a null
	// itself.
	PresenceRaw
	// PresenceNullable: Nullable[T], always written (null when unset).
	// A required property that may be null.
	PresenceNullable
	// PresenceNullablePointer: Nullable[*T], always written; a nullable
	// required property that is Cyclic.
	PresenceNullablePointer
	// PresenceOptionalNullable: Nullable[T] with omitzero; unset is
	// absent, set to null is null. An optional property that may be
	// null.
	PresenceOptionalNullable
	// PresenceOptionalNullablePointer: Nullable[*T] with omitzero; an
	// optional nullable property that is Cyclic.
	PresenceOptionalNullablePointer
)

// Nullable reports whether the field is a Nullable[T] or Nullable[*T].
func (p Presence) Nullable() bool { return p >= PresenceNullable }

// Pointer reports whether the field holds a *T: the field itself, or
// the value of its Nullable.
func (p Presence) Pointer() bool {
	switch p {
	case PresencePointer, PresenceOptional, PresenceNullablePointer, PresenceOptionalNullablePointer:
		return true
	}
	return false
}

// Optional reports whether the field is left out of the JSON when it
// holds nothing (omitempty or omitzero).
func (p Presence) Optional() bool {
	switch p {
	case PresenceOptional, PresenceNilable, PresenceRaw, PresenceOptionalNullable, PresenceOptionalNullablePointer:
		return true
	}
	return false
}

// Enum is a set of allowed values of a string or integer type.
type Enum struct {
	Base   Builtin // String or Int64
	Values []EnumValue
}

// EnumValue is one allowed value.
type EnumValue struct {
	Name   Ident  // the constant
	Doc    string // what the value means (OpenAPI 3.1's oneOf of consts)
	String string // for String enums
	Int    string // for integer enums: the value's digits as written, exact beyond 2^53
}

// Union is a oneOf or anyOf. With a Discriminator, variants are told apart
// by that property's value; without one, by each variant's Match, decided
// at generation time.
type Union struct {
	Discriminator string // JSON property name, "" for untagged unions
	// IntDiscriminator: the discriminator property is an integer, and
	// Values are its decimal digits.
	IntDiscriminator bool
	Variants         []Variant
	Interface        Ident // the sealed interface Value holds
	UnknownName      Ident // the type that keeps unknown variants
	Marker           Ident // unexported method that seals the interface
	// Fallback: an untagged union whose variants nothing tells apart. It
	// keeps the JSON it decoded and writes it back unchanged; ValueMethod
	// returns the variant picked while decoding (the first, in document
	// order, whose Match the JSON satisfies), and each variant has As and
	// From accessors.
	Fallback    bool
	ValueMethod Ident // claimed in the union's method scope
}

// Variant is one member of a union.
type Variant struct {
	Values []string // discriminator values that select it, sorted
	Type   Ident    // named type
	Match  Match    // untagged unions: how a JSON value is recognised
	// As and From are the accessors of a Fallback union's variant
	// (AsX() (X, error), FromX(X) error), claimed in its method scope.
	As, From Ident
}

// Match recognises an untagged union's variant: by the JSON kind of the
// value and, among objects, by a property fixed to a value no other
// variant allows (Fixed), or else by a required property no other variant
// has (Key). An object variant with neither takes the objects no other
// variant claims. A Fallback union's variant matches when the JSON has
// every one of its Required properties and Fixed values.
type Match struct {
	Kind     JSONKind
	Key      string
	Fixed    []Fixed
	Required []string
}

// Fixed is a property a variant fixes to one value (const or an enum of
// one value).
type Fixed struct {
	Key   string
	Value string // the string, or an integer's decimal digits
	Int   bool
}

// JSONKind is the type of a JSON value, as told by its first byte.
type JSONKind byte

const (
	JSONObject JSONKind = 'o'
	JSONArray  JSONKind = 'a'
	JSONString JSONKind = 's'
	JSONNumber JSONKind = 'n'
	JSONBool   JSONKind = 'b'
)

// RefKind is the shape of a type reference.
type RefKind int

const (
	RefNamed RefKind = iota
	RefBuiltin
	RefSlice
	RefMap
	RefRaw  // untyped or free-form JSON, kept as raw bytes
	RefTime // RFC 3339 date-time
	// RefNull is a list item or map value that may be null while its
	// Elem's Go type cannot hold one: a pointer to Elem, nil for null.
	// Fields say the same with their Presence; Elem is never nil-able
	// itself (a slice, map, []byte or raw JSON holds its null).
	RefNull
)

// Builtin is a predeclared Go type.
type Builtin int

const (
	String Builtin = iota
	Bool
	Int32
	Int64
	Float64
	Bytes
	// Upload is a file part of a multipart body: the runtime's Upload (a
	// reader with a file name and content type), streamed as it is sent.
	Upload
)

// TypeRef refers to a type from a field, parameter or body.
type TypeRef struct {
	Kind    RefKind
	Name    Ident    // RefNamed
	Builtin Builtin  // RefBuiltin
	Elem    *TypeRef // RefSlice, RefMap, RefNull
}

// SecurityScheme is a scheme of components.securitySchemes.
type SecurityScheme struct {
	Name   string // key in components.securitySchemes
	Option Ident  // the client option that supplies it: With + the name in Go
	Type   string // http, apiKey, oauth2, openIdConnect
	Scheme string // bearer, basic (http)
	In     string // header, query, cookie (apiKey)
	Param  string // header/query/cookie name (apiKey)
	Doc    string
}

// PageStyle is where a paginated list finds its next page.
type PageStyle int

const (
	// PageLink follows the Link header's rel="next" target, taking the
	// token parameter from its query (Ory's keyset pagination).
	PageLink PageStyle = iota
	// PageBody reads the next token from a field of the response body
	// (Keto's next_page_token).
	PageBody
)

// Pagination says how to iterate over all items of a list operation.
type Pagination struct {
	Style      PageStyle
	IterName   Ident   // the iterator method
	Token      *Param  // the query parameter that carries the page token
	Item       TypeRef // the element type
	ItemsField Ident   // PageBody: the field holding the items
	NextField  *Field  // PageBody: the field holding the next token
	// ResultField is the field of the operation's Result that holds the
	// page, when the operation returns a Result (it declares response
	// headers); "" when it returns the page itself.
	ResultField Ident
}
