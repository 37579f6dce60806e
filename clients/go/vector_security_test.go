package chancery_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"chancery.org/chancery"
)

// serverSecurity is a vector's "server" section (tests/conformance/README.md).
type serverSecurity struct {
	TLS    string            `json:"tls"` // "", "server" or "mutual"
	Tokens map[string]string `json:"tokens"`
}

func tokenOf(principal string) string { return "token-of-" + principal }

// testPKI is a directory of make-test-pki.sh's certificates, for the whole test.
type testPKI string

func makeTestPKI(t *testing.T) testPKI {
	dir := t.TempDir()
	script := filepath.Join(repoRoot, "tests", "conformance", "make-test-pki.sh")
	if out, err := exec.Command(script, dir).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v: %s", script, err, out)
	}
	return testPKI(dir)
}

func (p testPKI) path(name string) string { return filepath.Join(string(p), name) }

// flags are chanceryd's flags for the section; the tokens file is written into dir.
func (s serverSecurity) flags(t *testing.T, pki testPKI, dir string) []string {
	var flags []string
	if s.TLS != "" {
		flags = append(flags, "--tls-cert="+pki.path("server.pem"), "--tls-key="+pki.path("server.key"))
	}
	if s.TLS == "mutual" {
		flags = append(flags, "--tls-client-ca="+pki.path("ca.pem"))
	}
	if s.Tokens != nil {
		var lines strings.Builder
		for principal, roles := range s.Tokens {
			fmt.Fprintf(&lines, "sha256:%x %s %s\n", sha256.Sum256([]byte(tokenOf(principal))), principal, roles)
		}
		path := filepath.Join(dir, "tokens")
		if err := os.WriteFile(path, []byte(lines.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		flags = append(flags, "--tokens="+path)
	}
	return flags
}

// clientOptions are the options of a client making calls as principal ("" for no token).
func (s serverSecurity) clientOptions(t *testing.T, pki testPKI, principal string) []chancery.Option {
	var opts []chancery.Option
	if principal != "" {
		opts = append(opts, chancery.WithToken(tokenOf(principal)))
	}
	if s.TLS != "" {
		opts = append(opts, chancery.WithTLSCA(readFile(t, pki.path("ca.pem"))))
	}
	if s.TLS == "mutual" {
		opts = append(opts, chancery.WithClientCertificate(readFile(t, pki.path("client.pem")),
			readFile(t, pki.path("client.key"))))
	}
	return opts
}

func readFile(t *testing.T, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
