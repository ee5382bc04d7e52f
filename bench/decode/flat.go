package decode

import (
	"encoding/json"
	"time"
)

// The flat-struct baseline: what a careful person writes by hand for
// encoding/json. One struct per object, no custom (un)marshalers, the node
// attributes of every node type flattened into one struct of optional
// fields, free-form JSON kept as json.RawMessage, optional values as
// pointers with omitempty.

type FlatLoginFlow struct {
	ID                   string          `json:"id"`
	Type                 string          `json:"type"`
	ExpiresAt            time.Time       `json:"expires_at"`
	IssuedAt             time.Time       `json:"issued_at"`
	RequestURL           string          `json:"request_url"`
	Active               *string         `json:"active,omitempty"`
	CreatedAt            *time.Time      `json:"created_at,omitempty"`
	UpdatedAt            *time.Time      `json:"updated_at,omitempty"`
	IdentitySchema       *string         `json:"identity_schema,omitempty"`
	OAuth2LoginChallenge *string         `json:"oauth2_login_challenge,omitempty"`
	OAuth2LoginRequest   json.RawMessage `json:"oauth2_login_request,omitempty"`
	OrganizationID       *string         `json:"organization_id,omitempty"`
	Refresh              *bool           `json:"refresh,omitempty"`
	RequestedAAL         *string         `json:"requested_aal,omitempty"`
	ReturnTo             *string         `json:"return_to,omitempty"`
	SessionTokenExchange *string         `json:"session_token_exchange_code,omitempty"`
	State                json.RawMessage `json:"state"`
	TransientPayload     json.RawMessage `json:"transient_payload,omitempty"`
	UI                   FlatUI          `json:"ui"`
}

type FlatSettingsFlow struct {
	ID               string             `json:"id"`
	Type             string             `json:"type"`
	ExpiresAt        time.Time          `json:"expires_at"`
	IssuedAt         time.Time          `json:"issued_at"`
	RequestURL       string             `json:"request_url"`
	Active           *string            `json:"active,omitempty"`
	ReturnTo         *string            `json:"return_to,omitempty"`
	State            json.RawMessage    `json:"state"`
	TransientPayload json.RawMessage    `json:"transient_payload,omitempty"`
	ContinueWith     []FlatContinueWith `json:"continue_with,omitempty"`
	Identity         FlatIdentity       `json:"identity"`
	UI               FlatUI             `json:"ui"`
}

type FlatUI struct {
	Action   string       `json:"action"`
	Method   string       `json:"method"`
	Messages []FlatText   `json:"messages,omitempty"`
	Nodes    []FlatUINode `json:"nodes"`
}

type FlatUINode struct {
	Type       string         `json:"type"`
	Group      string         `json:"group"`
	Attributes FlatAttributes `json:"attributes"`
	Messages   []FlatText     `json:"messages"`
	Meta       FlatMeta       `json:"meta"`
}

type FlatMeta struct {
	Label *FlatText `json:"label,omitempty"`
}

type FlatText struct {
	ID      int64           `json:"id"`
	Text    string          `json:"text"`
	Type    string          `json:"type"`
	Context json.RawMessage `json:"context,omitempty"`
}

// FlatAttributes is every field of the input, text, img, a, script and div
// attributes in one struct.
type FlatAttributes struct {
	NodeType       string            `json:"node_type"`
	ID             *string           `json:"id,omitempty"`
	Name           *string           `json:"name,omitempty"`
	Type           *string           `json:"type,omitempty"`
	Value          json.RawMessage   `json:"value,omitempty"`
	Required       *bool             `json:"required,omitempty"`
	Disabled       *bool             `json:"disabled,omitempty"`
	Autocomplete   *string           `json:"autocomplete,omitempty"`
	Label          *FlatText         `json:"label,omitempty"`
	Maxlength      *int64            `json:"maxlength,omitempty"`
	Pattern        *string           `json:"pattern,omitempty"`
	Onclick        *string           `json:"onclick,omitempty"`
	OnclickTrigger *string           `json:"onclickTrigger,omitempty"`
	Onload         *string           `json:"onload,omitempty"`
	OnloadTrigger  *string           `json:"onloadTrigger,omitempty"`
	Options        []FlatOption      `json:"options,omitempty"`
	Text           *FlatText         `json:"text,omitempty"`
	Title          *FlatText         `json:"title,omitempty"`
	Href           *string           `json:"href,omitempty"`
	Src            *string           `json:"src,omitempty"`
	Width          *int64            `json:"width,omitempty"`
	Height         *int64            `json:"height,omitempty"`
	Async          *bool             `json:"async,omitempty"`
	Crossorigin    *string           `json:"crossorigin,omitempty"`
	Integrity      *string           `json:"integrity,omitempty"`
	Nonce          *string           `json:"nonce,omitempty"`
	Referrerpolicy *string           `json:"referrerpolicy,omitempty"`
	Class          *string           `json:"class,omitempty"`
	Data           map[string]string `json:"data,omitempty"`
}

type FlatOption struct {
	Value json.RawMessage `json:"value"`
}

// FlatContinueWith is every field of the continueWith variants in one struct.
type FlatContinueWith struct {
	Action            string                `json:"action"`
	Flow              *FlatContinueWithFlow `json:"flow,omitempty"`
	RedirectBrowserTo *string               `json:"redirect_browser_to,omitempty"`
	OrySessionToken   *string               `json:"ory_session_token,omitempty"`
}

type FlatContinueWithFlow struct {
	ID                string  `json:"id"`
	URL               *string `json:"url,omitempty"`
	VerifiableAddress *string `json:"verifiable_address,omitempty"`
}

type FlatIdentity struct {
	ID                  string                `json:"id"`
	SchemaID            string                `json:"schema_id"`
	SchemaURL           string                `json:"schema_url"`
	State               *string               `json:"state,omitempty"`
	StateChangedAt      *time.Time            `json:"state_changed_at,omitempty"`
	Traits              json.RawMessage       `json:"traits"`
	Credentials         json.RawMessage       `json:"credentials,omitempty"`
	ExternalID          *string               `json:"external_id,omitempty"`
	MetadataAdmin       json.RawMessage       `json:"metadata_admin,omitempty"`
	MetadataPublic      json.RawMessage       `json:"metadata_public,omitempty"`
	OrganizationID      *string               `json:"organization_id,omitempty"`
	VerifiableAddresses []FlatVerifiableAddr  `json:"verifiable_addresses,omitempty"`
	RecoveryAddresses   []FlatRecoveryAddress `json:"recovery_addresses,omitempty"`
	CreatedAt           *time.Time            `json:"created_at,omitempty"`
	UpdatedAt           *time.Time            `json:"updated_at,omitempty"`
}

type FlatVerifiableAddr struct {
	ID         *string    `json:"id,omitempty"`
	Value      string     `json:"value"`
	Verified   bool       `json:"verified"`
	VerifiedAt *time.Time `json:"verified_at,omitempty"`
	Via        string     `json:"via"`
	Status     string     `json:"status"`
	CreatedAt  *time.Time `json:"created_at,omitempty"`
	UpdatedAt  *time.Time `json:"updated_at,omitempty"`
}

type FlatRecoveryAddress struct {
	ID        string     `json:"id,omitempty"`
	Value     string     `json:"value"`
	Via       string     `json:"via"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// Request bodies.

type FlatUpdateLoginFlowWithPassword struct {
	Method           string          `json:"method"`
	Identifier       string          `json:"identifier"`
	Password         string          `json:"password"`
	CSRFToken        *string         `json:"csrf_token,omitempty"`
	TransientPayload json.RawMessage `json:"transient_payload,omitempty"`
}

type FlatCreateIdentityBody struct {
	SchemaID            string                `json:"schema_id"`
	Traits              json.RawMessage       `json:"traits"`
	State               *string               `json:"state,omitempty"`
	MetadataPublic      json.RawMessage       `json:"metadata_public,omitempty"`
	Credentials         *FlatCredentials      `json:"credentials,omitempty"`
	VerifiableAddresses []FlatVerifiableAddr  `json:"verifiable_addresses,omitempty"`
	RecoveryAddresses   []FlatRecoveryAddress `json:"recovery_addresses,omitempty"`
}

type FlatCredentials struct {
	Password *struct {
		Config struct {
			Password       *string `json:"password,omitempty"`
			HashedPassword *string `json:"hashed_password,omitempty"`
		} `json:"config"`
	} `json:"password,omitempty"`
}
