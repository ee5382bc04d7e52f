package irbuild

import "testing"

func TestGoNameCapitals(t *testing.T) {
	for in, want := range map[string]string{
		"IOS":               "IOS",
		"ACH":               "ACH",
		"VPCs":              "VPCs",
		"listVPCs":          "ListVPCs",
		"createACHTransfer": "CreateACHTransfer",
		"HTTPServer":        "HTTPServer",
		"IDs":               "IDs",
		"getIDsByName":      "GetIDsByName",
		"KEY_STATUS_ACTIVE": "KeyStatusActive",
		"NULL_VALUE":        "NullValue",
		"user_id":           "UserID",
		"oAuth2":            "OAuth2",
		"OAuth2":            "OAuth2",
		"ios":               "Ios",
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
		"OAuth2":         "oauth2",
		"UserAccounts":   "user_accounts",
		"V2Users":        "v2_users",
		"IOSApps":        "ios_apps",
		"VPCs":           "vpcs",
		"OTelExport":     "otel_export",
		"HTTPServer":     "http_server",
	} {
		if got := b.snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
}
