package extract

import (
	"strings"
	"testing"
	"time"
)

// TestDeepNestingIsCheap: pathological nesting must not take quadratic time.
func TestDeepNestingIsCheap(t *testing.T) {
	n := 20000
	src := "struct ctl_table t[] = " + strings.Repeat("{", n) + strings.Repeat("}", n) + ";\n" +
		"int x = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + ";\n" +
		"void f(void) { register_sysctl(\"a\", t); }\n"
	start := time.Now()
	if _, err := Extract(MemTree{"a.c": []byte(src)}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
