package chancery_test

import (
	"fmt"
	"math"
	"strconv"
)

// Tolerance for doubles, as tests/conformance/README.md says.
const (
	relTolerance = 1e-6
	absTolerance = 1e-9
)

// mismatches lists where actual departs from expected under the conformance matching rules
// (tests/conformance/README.md): objects match on expected's keys, arrays element by
// element, numbers against numbers or decimal strings within a tolerance.
func mismatches(expected, actual any, path string) []string {
	switch want := expected.(type) {
	case map[string]any:
		got, ok := actual.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: expected an object, got %v", path, actual)}
		}
		var found []string
		for key, value := range want {
			if gotValue, present := got[key]; present {
				found = append(found, mismatches(value, gotValue, path+"."+key)...)
			} else {
				found = append(found, path+"."+key+": missing")
			}
		}
		return found
	case []any:
		got, ok := actual.([]any)
		if !ok || len(got) != len(want) {
			return []string{fmt.Sprintf("%s: expected %d elements, got %v", path, len(want), actual)}
		}
		var found []string
		for i := range want {
			found = append(found, mismatches(want[i], got[i], fmt.Sprintf("%s[%d]", path, i))...)
		}
		return found
	case float64:
		got, ok := number(actual)
		if !ok || math.Abs(got-want) > absTolerance+relTolerance*math.Abs(want) {
			return []string{fmt.Sprintf("%s: expected %v, got %v", path, want, actual)}
		}
		return nil
	default:
		if expected != actual {
			return []string{fmt.Sprintf("%s: expected %v, got %v", path, expected, actual)}
		}
		return nil
	}
}

func number(value any) (float64, bool) {
	switch v := value.(type) {
	case float64:
		return v, true
	case string:
		parsed, err := strconv.ParseFloat(v, 64)
		return parsed, err == nil
	}
	return 0, false
}
