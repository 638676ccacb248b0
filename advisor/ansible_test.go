package advisor

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGeneratedAnsibleRuns lints the generated playbook with ansible-lint's
// production profile, syntax-checks it, and runs it for real on localhost
// with reload and sysctl_set off, so it only writes a temporary sysctl_file
// (the kernel is never written). That file must hold exactly the key/value
// set of the --format sysctl drop-in.
func TestGeneratedAnsibleRuns(t *testing.T) {
	for _, tool := range []string{"ansible-playbook", "ansible-lint"} {
		if _, err := exec.LookPath(tool); err != nil {
			skipOrFail(t, "needs %s (apt-get install -y ansible ansible-lint): %v", tool, err)
		}
	}
	src, err := os.ReadFile(filepath.Join("testdata", "hazards.conf"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out", "99-twadvise.conf")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	r := adviseFor(t, "5.15", "reverse-proxy", "hazards.conf", src)
	var pb, conf bytes.Buffer
	if err := WriteAnsible(&pb, r.header(), r.recs, AnsibleOptions{SysctlFile: out, Playbook: true}); err != nil {
		t.Fatal(err)
	}
	if err := WriteSysctl(&conf, r.header(), r.recs); err != nil {
		t.Fatal(err)
	}
	play := filepath.Join(dir, "twadvise.yml")
	if err := os.WriteFile(play, pb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "ANSIBLE_NOCOLOR=1", "NO_COLOR=1", "ANSIBLE_LOCAL_TEMP="+filepath.Join(dir, ".ansible-tmp"))
	runTool(t, dir, env, "ansible-lint", "--profile", "production", "twadvise.yml")
	runTool(t, dir, env, "ansible-playbook", "--syntax-check", "-i", "localhost,", "twadvise.yml")
	// become needs sudo, which a root test box may lack; as root it is moot.
	runTool(t, dir, env, "ansible-playbook", "-c", "local", "-i", "localhost,", "-e", "ansible_become=false", "twadvise.yml")
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(keyValues(conf.Bytes()), keyValues(written)); d != "" {
		t.Errorf("ansible wrote a different key/value set than --format sysctl (-sysctl +ansible):\n%s", d)
	}
}

func runTool(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// keyValues is a sysctl file's assignments, blanks around "=" removed.
func keyValues(data []byte) map[string]string {
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		k, v, ok := strings.Cut(line, "=")
		if line == "" || line[0] == '#' || !ok {
			continue
		}
		m[strings.TrimSpace(k)] = strings.Join(strings.Fields(v), " ")
	}
	return m
}
