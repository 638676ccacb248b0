package kernel

import "testing"

func TestOSADistance(t *testing.T) {
	tests := []struct {
		a, b  string
		bound int
		want  int
	}{
		{"recycle", "recylce", 2, 1}, // a transposition is one edit
		{"abc", "abc", 0, 0},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // capped at bound+1
		{"", "abcd", 2, 3},
	}
	for _, tc := range tests {
		if got := OSADistance(tc.a, tc.b, tc.bound); got != tc.want {
			t.Errorf("OSADistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.bound, got, tc.want)
		}
	}
	for n, want := range map[int]int{3: 0, 6: 1, 14: 2, 15: 3} {
		if got := TypoBound(n); got != want {
			t.Errorf("TypoBound(%d) = %d, want %d", n, got, want)
		}
	}
}
