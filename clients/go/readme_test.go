package chancery_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goBlocks are the README's ```go blocks, each a complete program.
var goBlocks = regexp.MustCompile("(?s)\n```go\n(.*?)\n```\n")

// outputs are, for each example in order, texts its output must contain.
var outputs = [][]string{
	{"recorded ", "in NOR-NZL at position 1", "NOR-NZL RELATIONSHIP_STATUS_", "stream revision 0 ",
		"subscribed: position 1 036", "caught up at position 0", "from now: position 1 true", "canceled call: true Canceled"},
	{"created: true", "delivered: position 1 attempt 1 NOR-NZL 042", "checkpoint 1 lag 0", "deleted group readme-"},
}

// TestReadmeExamples runs every Go example of README.md as it stands: in a module of its own
// whose go.mod requires chancery.org/chancery and replaces it with this directory, as the
// README says, after go mod tidy, against a chanceryd the test starts. The client's go.sum
// is copied into the module first, so that tidy needs no checksum database when the module
// cache holds the client's dependencies.
func TestReadmeExamples(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlocks.FindAllStringSubmatch(string(readme), -1)
	if len(blocks) != len(outputs) {
		t.Fatalf("%d ```go blocks in README.md, expected %d", len(blocks), len(outputs))
	}
	client, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	for i, block := range blocks {
		program := block[1] + "\n"
		if !strings.HasPrefix(program, "package main\n") {
			t.Fatalf("README example %d is not a complete program (package main):\n%s", i+1, program)
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(program), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "go.sum"), sums, 0o644); err != nil {
			t.Fatal(err)
		}
		server := startChanceryd(t, t.TempDir(), nil)
		env := append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"), "GOWORK=off",
			"CHANCERY_ADDRESS="+server.address())
		run := func(args ...string) string {
			t.Helper()
			cmd := exec.Command("go", args...)
			cmd.Dir, cmd.Env = dir, env
			output, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("README example %d: go %s: %v\n%s", i+1, strings.Join(args, " "), err, output)
			}
			return string(output)
		}
		run("mod", "init", "example.org/hello")
		run("mod", "edit", "-require=chancery.org/chancery@v0.0.0", "-replace=chancery.org/chancery="+client)
		run("mod", "tidy")
		output := run("run", ".")
		t.Logf("README example %d:\n%s", i+1, output)
		for _, want := range outputs[i] {
			if !strings.Contains(output, want) {
				t.Errorf("README example %d: no %q in its output", i+1, want)
			}
		}
	}
}
