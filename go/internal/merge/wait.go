package merge

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// waitPoll is how often WaitForFiles looks for the files again.
const waitPoll = 500 * time.Millisecond

// WaitForFiles returns once every path exists, or an error naming the
// missing ones after timeout: a merge Job started beside the instances
// waits for their result files instead of needing a shell to poll.
func WaitForFiles(ctx context.Context, paths []string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(waitPoll)
	defer tick.Stop()
	for {
		missing, err := missingFiles(paths)
		if err != nil || len(missing) == 0 {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("after waiting %s, no result file yet at %s", timeout, strings.Join(missing, ", "))
		case <-tick.C:
		}
	}
}

func missingFiles(paths []string) ([]string, error) {
	var missing []string
	for _, p := range paths {
		_, err := os.Stat(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
			missing = append(missing, p)
		case err != nil:
			return nil, fmt.Errorf("result file: %w", err)
		}
	}
	return missing, nil
}
