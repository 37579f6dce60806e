package chancery_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// repoRoot is the repository holding this module (clients/go).
var repoRoot, _ = filepath.Abs("../..")

const listening = "chanceryd listening on "

// chanceryd is a server process for one test, restartable on the same port and store.
type chanceryd struct {
	t     *testing.T
	store string
	port  string
	flags []string
	cmd   *exec.Cmd
}

// startChanceryd starts chanceryd with extra flags (TLS, tokens) on a store in dir.
func startChanceryd(t *testing.T, dir string, flags []string) *chanceryd {
	server := &chanceryd{t: t, store: filepath.Join(dir, "chancery.db"), port: "0", flags: flags}
	server.start()
	t.Cleanup(server.stop)
	return server
}

func (s *chanceryd) address() string { return "127.0.0.1:" + s.port }

func (s *chanceryd) start() {
	binary := os.Getenv("CHANCERYD")
	if binary == "" {
		binary = filepath.Join(repoRoot, "build", "bin", "chanceryd")
	}
	s.cmd = exec.Command(binary, append([]string{"--listen=127.0.0.1:" + s.port, "--store=sqlite:" + s.store,
		"--port-file=" + s.store + ".port"}, s.flags...)...)
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	lines := bufio.NewScanner(stderr)
	var seen []string
	for lines.Scan() {
		line := lines.Text()
		seen = append(seen, line)
		if address, ok := strings.CutPrefix(line, listening); ok {
			s.port = address[strings.LastIndex(address, ":")+1:]
			go func() { // Keep draining stderr so the server never blocks on a full pipe.
				for lines.Scan() {
				}
			}()
			return
		}
	}
	s.t.Fatalf("chanceryd exited before listening: %s", strings.Join(seen, "\n"))
}

// stop sends SIGTERM and requires exit code 0.
func (s *chanceryd) stop() {
	if s.cmd == nil {
		return
	}
	cmd := s.cmd
	s.cmd = nil
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		s.t.Errorf("chanceryd: %v", fmt.Errorf("after SIGTERM: %w", err))
	}
}

func (s *chanceryd) restart() {
	s.stop()
	s.start()
}

// kill ends the server with SIGKILL, as a crash would.
func (s *chanceryd) kill() {
	cmd := s.cmd
	s.cmd = nil
	if err := cmd.Process.Kill(); err != nil {
		s.t.Fatal(err)
	}
	_ = cmd.Wait() // "signal: killed"
}
