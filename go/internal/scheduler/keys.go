package scheduler

import (
	"fmt"
	"slices"
	"strings"
)

// appliedKeys are the top-level options natsk6 reads and applies.
var appliedKeys = []string{
	"vus", "duration", "iterations", "stages", "scenarios", "thresholds",
	"setupTimeout", "teardownTimeout", "noSetup", "noTeardown",
	"summaryTrendStats", "summaryTimeUnit", "tags", "minIterationDuration",
	"throw", "linger", "systemTags", "executionSegment", "executionSegmentSequence",
	"executionSegmentIndex", "paused",
}

// k6OnlyKeys are k6 options with no meaning for natsk6 (HTTP, browser,
// cloud...). A script written for k6 may carry them,
// so they are reported as ignored rather than as typos.
var k6OnlyKeys = []string{
	"batch", "batchPerHost", "blacklistIPs", "blockHostnames", "cloud",
	"compatibilityMode", "consoleOutput", "discardResponseBodies", "dns",
	"ext", "hosts",
	"httpDebug", "includeSystemEnvVars", "insecureSkipTLSVerify",
	"localIPs", "maxRedirects", "noConnectionReuse", "noCookiesReset",
	"noUsageReport", "noVUConnectionReuse", "rps",
	"tlsAuth", "tlsCipherSuites", "tlsVersion", "userAgent",
	"metricSamplesBufferSize", "noThresholds", "noSummary", "summaryExport",
}

// Warnings names every top-level option in keys that natsk6 does not
// apply; source says where they were set ("options exported in the
// script", "config file x.json"). k6 warns about unknown fields and runs
// anyway; so does natsk6.
func Warnings(keys []string, source string) []string {
	var unknown, ignored []string
	for _, k := range keys {
		switch {
		case slices.Contains(appliedKeys, k):
		case slices.Contains(k6OnlyKeys, k):
			ignored = append(ignored, k)
		default:
			unknown = append(unknown, describeUnknown(k, slices.Concat(appliedKeys, k6OnlyKeys)))
		}
	}
	var warnings []string
	if len(unknown) > 0 {
		warnings = append(warnings, "There were unknown fields in the "+source+": "+strings.Join(unknown, ", "))
	}
	if len(ignored) > 0 {
		warnings = append(warnings, "These k6 options have no effect in natsk6 and are ignored: "+strings.Join(ignored, ", "))
	}
	return warnings
}

// describeUnknown names key, with the known key it was probably meant
// to be when one is close.
func describeUnknown(key string, known []string) string {
	if guess := closest(key, known); guess != "" {
		return fmt.Sprintf("%s (did you mean %s?)", key, guess)
	}
	return key
}

// closest returns the known key nearest to key (case-insensitive edit
// distance), or "" when none is close enough to be a likely typo.
func closest(key string, known []string) string {
	best, bestDist := "", 0
	for _, k := range known {
		d := editDistance(strings.ToLower(key), strings.ToLower(k))
		if best == "" || d < bestDist {
			best, bestDist = k, d
		}
	}
	// One edit in short keys, up to a third of the length in longer ones.
	if best == "" || bestDist > max(1, len(best)/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
