package main

import (
	"strings"
	"testing"
)

// TestGenerateSeveralKernels: with several target kernels, generate writes
// only lines valid on every one of them (DESIGN.md, "generate and advise"):
// bpf_jit_harden (4.7-4.9) is in the 6.8 file, not in the 3.10,6.8 one,
// and the header names both kernels.
func TestGenerateSeveralKernels(t *testing.T) {
	code, one, _ := runIn(t, "", "generate", "--profile", "hardened", "--kernel", "6.8")
	if code != exitOK || !strings.Contains(one, "net.core.bpf_jit_harden = 2") {
		t.Fatalf("6.8 alone: exit %d, want bpf_jit_harden:\n%s", code, one)
	}
	code, both, errOut := runIn(t, "", "generate", "--profile", "hardened", "--kernel", "3.10,6.8")
	if code != exitOK || strings.Contains(both, "bpf_jit_harden") || !strings.Contains(both, "kernel 3.10, 6.8") {
		t.Errorf("3.10,6.8: exit %d, want no bpf_jit_harden and both kernels in the header:\n%s\nstderr:\n%s", code, both, errOut)
	}
	if !strings.Contains(errOut, "bpf_jit_harden") {
		t.Errorf("what was left out must be said on stderr:\n%s", errOut)
	}
}
