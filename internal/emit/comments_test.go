package emit

import "testing"

func TestOpSentence(t *testing.T) {
	for _, c := range []struct {
		name, summary, want string
	}{
		{"ToSession", "Check Who the Current HTTP Session Belongs To", "ToSession checks who the current HTTP session belongs to."},
		{"CreateBrowserLoginFlow", "Create Login Flow for Browsers", "CreateBrowserLoginFlow creates login flow for browsers."},
		{"ListIdentities", "List Identities", "ListIdentities lists identities."},
		{"PatchIdentity", "Patch an Identity", "PatchIdentity patches an identity."},
		{"GetProject", "Get the Ory Network project", "GetProject gets the Ory Network project."},
		{"Verify", "Verify an email address.", "Verify verifies an email address."},
		{"GetThing", "Returns a thing", "GetThing returns a thing."},
		{"DisableSession", "Deactivate a Session", "DisableSession deactivates a session."},
		{"Discover", "OpenID Connect Discovery", "Discover calls GET /x: OpenID Connect Discovery."},
		{"Health", "", "Health calls GET /x."},
		{"Things", "This endpoint lists things", "Things calls GET /x: This endpoint lists things."},
	} {
		if got := opSentence(c.name, "GET", "/x", c.summary, true); got != c.want {
			t.Errorf("%q: got %q, want %q", c.summary, got, c.want)
		}
	}
}

func TestTypeSentence(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"CourierMessageStatus", "A Message's Status", "CourierMessageStatus is a message's status."},
		{"Consistency", "Read Consistency Level (preview)", "Consistency is the read consistency level (preview)."},
		{"AAL", "Authenticator Assurance Level (AAL)\n\nMore.", "AAL is the authenticator assurance level (AAL).\n\nMore."},
		{"Identity", "Identity represents an Ory Kratos identity", "Identity represents an Ory Kratos identity"},
		{"Flow", "The flow's state, as the server sees it.", "Flow is the flow's state, as the server sees it."},
		{"Duration", "A Duration represents the elapsed time", "Duration represents the elapsed time"},
		{"Thing", "this is lower-case and stays as it is", "Thing is described as: this is lower-case and stays as it is"},
		{"IdentityState", "State is the identity's state.\nMore.", "IdentityState is the identity's state.\nMore."},
		{"NullValue", "`NullValue` is a singleton enumeration", "NullValue is a singleton enumeration"},
		{"LocaleUse", "Configures the strategy to use", "LocaleUse configures the strategy to use"},
		{"Currency", "usd USD", "Currency is described as: usd USD"},
		{"Relationship", "Relationship", ""},
		{"Shape", "A shape; circles and spheres alike.", "Shape is a shape; circles and spheres alike."},
		{"Address", "Address\n\nA postal address.", "Address is a postal address."},
		{"FlowSettings", "Settings for the flow", "FlowSettings is described as: Settings for the flow"},
	} {
		if got := typeSentence(c.name, c.text); got != c.want {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}
