package irbuild

import (
	"strings"
	"testing"
)

func TestGoNameCapitals(t *testing.T) {
	for in, want := range map[string]string{
		"IOS":                "IOS",
		"ACH":                "ACH",
		"VPCs":               "VPCs",
		"listVPCs":           "ListVPCs",
		"createACHTransfer":  "CreateACHTransfer",
		"HTTPServer":         "HTTPServer",
		"IDs":                "IDs",
		"getIDsByName":       "GetIDsByName",
		"KEY_STATUS_ACTIVE":  "KeyStatusActive",
		"NULL_VALUE":         "NullValue",
		"ANDROID":            "Android",
		"ASCII":              "ASCII",
		"makeANDROIDApp":     "MakeANDROIDApp",
		"user_id":            "UserID",
		"oAuth2":             "OAuth2",
		"OAuth2":             "OAuth2",
		"ios":                "IOS",
		"supports_ios":       "SupportsIOS",
		"redirect_uris":      "RedirectURIs",
		"vpc_ids":            "VPCIDs",
		"oauth_client":       "OAuthClient",
		"ipv4_address":       "IPv4Address",
		"ssl_cert":           "SSLCert",
		"send_sms":           "SendSMS",
		"pdf_url":            "PDFURL",
		"sdk_version":        "SDKVersion",
		"date_created<":      "DateCreatedLt",
		"date_created>=":     "DateCreatedGte",
		"amount!=":           "AmountNe",
		"Map<String,Object>": "MapStringObject",
	} {
		if got := GoName(in); got != want {
			t.Errorf("GoName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"VPCs":       "vpcs",
		"vpc_IDs":    "vpcIDs",
		"KEY_STATUS": "keyStatus",
		"myACH":      "myACH",
	} {
		if got := LocalName(in); got != want {
			t.Errorf("LocalName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSnake(t *testing.T) {
	b := &builder{extra: map[string]string{"otel": "OTel"}}
	for in, want := range map[string]string{
		"OAuth2":       "oauth2",
		"UserAccounts": "user_accounts",
		"V2Users":      "v2_users",
		"IOSApps":      "ios_apps",
		"VPCs":         "vpcs",
		"OTelExport":   "otel_export",
		"HTTPServer":   "http_server",
	} {
		if got := b.snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShortName(t *testing.T) {
	long := "ChatCompletionRequestMessageContentPartImageImageURLDetailOptionsResponseFormatJSONSchemaStrictNestedValue"
	got := shortName(long)
	if len(got) > shortInlineName || got != shortName(long) {
		t.Fatalf("shortName(%q) = %q (%d)", long, got, len(got))
	}
	t.Logf("%s → %s", long, got)
	if !strings.HasPrefix(got, "ChatCompletionRequest") || !strings.HasSuffix(got, "StrictNestedValue") {
		t.Errorf("shortName(%q) = %q: want its first and last words", long, got)
	}
	if s := shortName("PetOwnerAddress"); s != "PetOwnerAddress" {
		t.Errorf("short names stay: %q", s)
	}
	if s := shortName(strings.Repeat("Very", 40)); len(s) > shortInlineName {
		t.Errorf("one-word-ish name not cut: %q", s)
	}
}

func TestRefTypeName(t *testing.T) {
	for in, want := range map[string]string{
		"#/components/schemas/Pet":                  "Pet",
		"#/components/schemas/Pet/properties/owner": "owner",
		"#/components/schemas/Pet/oneOf/0":          "Pet",
		"#/paths/~1v2~1actions/get/responses/200/content/application~1json/schema/allOf/0/properties/actions/items": "actions item",
		"#/paths/~1systems/get/responses/200/content/application~1json/schema":                                      "/systems",
		"other.yaml#/Pet": "Pet",
		"other.yaml":      "other",
	} {
		if got := refTypeName(in); got != want {
			t.Errorf("refTypeName(%q) = %q, want %q", in, got, want)
		}
	}
}
