package main

import (
	"strings"
	"testing"
)

func TestExperimentCommandBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "which experiment"},
		{[]string{"n7"}, `no experiment "n7"`},
		{[]string{"n1", "--results", t.TempDir()}, "record numbers first with --write"},
		{[]string{"n1", "--no-such-flag"}, "not defined"},
	} {
		_, err := capture(t, func() error { return runExperiment(c.args) })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("trigo experiment %v: error %v, want one containing %q", c.args, err, c.want)
		}
	}
}
