package advisor

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRecommendSemantics(t *testing.T) {
	src := []byte("net.core.somaxconn = 65535\nnet.ipv4.tcp_max_syn_backlog = 128\nnet.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_max_tw_buckets = 5000\n")
	r := adviseFor(t, "5.15", "web-server", "t.conf", src)
	type row struct{ Key, Action, Value string }
	var got []row
	for _, x := range r.recs {
		got = append(got, row{x.Key, string(x.Action), x.Value})
	}
	want := []row{
		{"net.core.somaxconn", "keep", "65535"}, // at_least 4096: a higher limit is never lowered
		{"net.ipv4.tcp_max_syn_backlog", "set", "4096"},
		{"net.ipv4.tcp_max_tw_buckets", "set", "262144"}, // TW241's suggestion
		{"net.ipv4.tcp_tw_recycle", "remove", ""},        // TW101 on >= 4.12
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestRecommendSkipsKeysTheKernelLacks(t *testing.T) {
	// tcp_tw_recycle = 0 on 4.9 is advice for a key that exists; on 4.12+
	// the only advice is to remove it.
	r := adviseFor(t, "4.9", "web-server", "t.conf", []byte("net.ipv4.tcp_tw_recycle = 1\n"))
	if len(r.recs) == 0 || r.recs[len(r.recs)-1].Key != "net.ipv4.tcp_tw_recycle" || r.recs[len(r.recs)-1].Value != "0" {
		t.Errorf("4.9: want tcp_tw_recycle = 0, got %+v", r.recs)
	}
}

func TestRecommendAtMost(t *testing.T) {
	r := adviseFor(t, "5.15", "database", "t.conf", []byte("net.ipv4.tcp_keepalive_time = 300\n"))
	if len(r.recs) != 1 || r.recs[0].Action != ActionKeep || r.recs[0].Value != "300" {
		t.Errorf("at_most 600 with 300: want keep 300, got %+v", r.recs)
	}
	r = adviseFor(t, "5.15", "database", "t.conf", []byte("net.ipv4.tcp_keepalive_time = 7200\n"))
	if len(r.recs) != 1 || r.recs[0].Action != ActionSet || r.recs[0].Value != "600" {
		t.Errorf("at_most 600 with 7200: want set 600, got %+v", r.recs)
	}
}
