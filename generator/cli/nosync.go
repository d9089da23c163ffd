//go:build !vitals_ghsync

package cli

import (
	"context"
	"fmt"
)

// syncBeforeBuild: this build of vitals has no GitHub sync yet.
func syncBeforeBuild(ctx context.Context, env *Env, source string, quiet bool) int {
	if !quiet {
		fmt.Fprintln(env.Stderr, "note: building from the store without syncing")
	}
	return ExitOK
}
