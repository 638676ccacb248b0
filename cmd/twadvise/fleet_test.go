package main

import (
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fleetPlaybook is the shipped fleet playbook, relative to this package.
const fleetPlaybook = "../../deploy/fleet-check.yml"

// needTool skips when a real tool is missing, except under CI=true (CI
// installs ansible and ansible-lint with scripts/test-deps.sh), where it fails.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: needs %s (scripts/test-deps.sh installs it): %v", name, err)
		}
		t.Skipf("needs %s (apt-get install -y ansible ansible-lint): %v", name, err)
	}
}

// ansibleEnv keeps Ansible's temporary files and colours out of the way.
func ansibleEnv(dir string) []string {
	return append(os.Environ(), "ANSIBLE_NOCOLOR=1", "NO_COLOR=1",
		"ANSIBLE_LOCAL_TEMP="+filepath.Join(dir, ".ansible-local"),
		"ANSIBLE_REMOTE_TEMP="+filepath.Join(dir, ".ansible-remote"))
}

func runAnsible(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, ansibleEnv(dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// TestFleetPlaybookLint: the shipped playbook passes ansible-lint's
// production profile and a syntax check.
func TestFleetPlaybookLint(t *testing.T) {
	needTool(t, "ansible-lint")
	needTool(t, "ansible-playbook")
	play, err := filepath.Abs(fleetPlaybook)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	runAnsible(t, filepath.Dir(play), "ansible-lint", "--profile", "production", filepath.Base(play))
	runAnsible(t, dir, "ansible-playbook", "--syntax-check", "-i", "localhost,", play)
}

// TestFleetPlaybookRuns runs deploy/fleet-check.yml for real against
// localhost (-c local, become off): it copies a freshly built twadvise,
// checks a fixture root (so the result does not depend on this machine),
// fetches the JSON and runs `twadvise report`; then report, run here, must
// see the host, its kernel and its findings in what was fetched.
func TestFleetPlaybookRuns(t *testing.T) {
	needTool(t, "ansible-playbook")
	if testing.Short() {
		t.Skip("-short: runs ansible-playbook")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "twadvise")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0") // as the README builds it for the playbook
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	assertStatic(t, bin)
	play, err := filepath.Abs(fleetPlaybook)
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(webRoot)
	if err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "reports")
	vars, err := json.Marshal(map[string]any{
		"ansible_become":       false,
		"twadvise_binary_src":  bin,
		"twadvise_bin":         filepath.Join(dir, "host", "bin", "twadvise"),
		"twadvise_report_bin":  bin,
		"twadvise_reports_dir": reports,
		"twadvise_profile":     "http-client",
		"twadvise_check_args":  []string{"--root", root},
		"twadvise_fail_on":     "none",
	})
	if err != nil {
		t.Fatal(err)
	}
	runAnsible(t, dir, "ansible-playbook", "-i", "localhost,", "-c", "local", "-e", string(vars), play)

	if _, err := os.Stat(filepath.Join(dir, "host", "bin", "twadvise")); err != nil {
		t.Errorf("the binary was not copied to the host: %v", err)
	}
	code, out, errOut := runCmd("report", "--format", "json", reports)
	if code != exitFindings {
		t.Fatalf("report: exit %d, want 1 (findings at or above warning); stderr:\n%s", code, errOut)
	}
	validateAgainst(t, compileSchema(t, "report.schema.json"), "report.schema.json", out)
	d := decodeReport(t, out)
	if len(d.Hosts) != 1 || d.Hosts[0].Host != "localhost" || d.Hosts[0].Kernel == nil || *d.Hosts[0].Kernel != "5.15.0-91-generic" {
		t.Fatalf("hosts: %+v", d.Hosts)
	}
	found := false
	for _, f := range d.Findings {
		found = found || (f.Rule == "TW101" && f.Key == "net.ipv4.tcp_tw_recycle" && f.HostCount == 1)
	}
	if !found {
		t.Errorf("TW101 on net.ipv4.tcp_tw_recycle missing from the fleet report:\n%s", out)
	}
	if len(d.Errors) != 0 || len(d.HostsWithErrors) != 0 {
		t.Errorf("errors: %+v, hosts with errors: %v", d.Errors, d.HostsWithErrors)
	}
}

// assertStatic fails unless bin has no ELF interpreter: a dynamically linked
// binary built here would not start on a host with an older C library.
func assertStatic(t *testing.T, bin string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Fatalf("%s is dynamically linked; the playbook needs a static binary (CGO_ENABLED=0)", bin)
		}
	}
}
