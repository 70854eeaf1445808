//go:build tools

// Package tools only records the provider dependency for `go mod tidy`; scripts/tools.sh builds the provider
// with `go build github.com/integrations/terraform-provider-github/v6` from this module.
package tools

import _ "github.com/integrations/terraform-provider-github/v6"
