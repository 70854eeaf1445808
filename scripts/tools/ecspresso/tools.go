//go:build tools

// Package tools only records the ecspresso dependency for `go mod tidy`; scripts/tools.sh builds the binary with
// `go install github.com/kayac/ecspresso/v2/cmd/ecspresso` from this module.
package tools

import _ "github.com/kayac/ecspresso/v2/cmd/ecspresso"
