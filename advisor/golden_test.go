package advisor

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestGoldenSysctl(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "hazards.conf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range builtinProfiles(t) {
		r := adviseFor(t, "5.15", p, "hazards.conf", src)
		var a, b bytes.Buffer
		if err := WriteSysctl(&a, r.header(), r.recs); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "sysctl-"+p, a.Bytes())
		if err := WriteSysctl(&b, r.header(), r.recs); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: same input gave different bytes", p)
		}
	}
}

func TestGoldenAnsible(t *testing.T) {
	src, _ := os.ReadFile(filepath.Join("testdata", "hazards.conf"))
	r := adviseFor(t, "5.15", "reverse-proxy", "hazards.conf", src)
	for name, o := range map[string]AnsibleOptions{
		"ansible-tasks":    {SysctlFile: "/etc/sysctl.d/99-twadvise.conf", Reload: true},
		"ansible-playbook": {SysctlFile: "/etc/sysctl.d/99-twadvise.conf", Reload: true, Playbook: true},
	} {
		var b bytes.Buffer
		if err := WriteAnsible(&b, r.header(), r.recs, o); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, name, b.Bytes())
	}
}

func TestGoldenReview(t *testing.T) {
	src, _ := os.ReadFile(filepath.Join("testdata", "hazards.conf"))
	for _, p := range []string{"web-server", "reverse-proxy"} {
		r := adviseFor(t, "5.15", p, "hazards.conf", src)
		out := r.review("hazards.conf", src)
		checkGolden(t, "review-"+p, out)
		assertReviewClean(t, "5.15", p, "hazards.conf", out)
	}
}
