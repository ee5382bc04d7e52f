package behavior

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

// readmeExample is the README's example of the generated client, kept here
// so that it compiles against the real generated package.
func readmeExample(ctx context.Context, key, flowID, pw string) error {
	client, err := kratos.NewClient("https://auth.example.com",
		kratos.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}),
		kratos.WithOryAccessToken("Bearer "+key))
	if err != nil {
		return err
	}
	_, err = client.Frontend.UpdateLoginFlow(ctx,
		kratos.UpdateLoginFlowBody{Value: &kratos.UpdateLoginFlowWithPasswordMethod{
			Identifier: "ada@example.com", Password: pw}}, // the union writes method: "password"
		kratos.UpdateLoginFlowParams{Flow: flowID})
	var invalid *kratos.ErrorResponse[kratos.LoginFlow] // a declared 400 carrying the flow
	if errors.As(err, &invalid) {
		for _, node := range invalid.Value.UI.Nodes {
			switch a := node.Attributes.Value.(type) {
			case *kratos.UINodeInputAttributes:
				fmt.Println(a.Name, node.Messages)
			case *kratos.UnknownUINodeAttributes: // a node type this client does not know
				fmt.Println(a.Discriminator, string(a.Raw))
			}
		}
	}
	for id, err := range client.Identity.ListIdentitiesAll(ctx, nil) { // follows Link rel="next"
		if err != nil {
			return err
		}
		fmt.Println(id.ID)
	}
	return nil
}

var _ = readmeExample
