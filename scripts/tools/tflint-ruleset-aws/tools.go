//go:build tools

// Package tools only records the ruleset dependency for `go mod tidy`; scripts/tools.sh builds the plugin with
// `go install github.com/terraform-linters/tflint-ruleset-aws` from this module (its main package is the module root).
package tools

import _ "github.com/terraform-linters/tflint-ruleset-aws"
