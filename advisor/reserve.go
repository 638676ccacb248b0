package advisor

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/twadvise/twadvise/kernel"
	"github.com/twadvise/twadvise/rules"
)

const (
	portRangeKey    = "net.ipv4.ip_local_port_range"
	reservedPortKey = "net.ipv4.ip_local_reserved_ports"
)

// serverPorts are the ports a widened ephemeral range must not hand out:
// the profile's service ports and the well-known server ports rule TW307
// reports (rules.WellKnownPorts, one documented list for both).
func serverPorts(p *rules.Profile) []int {
	seen := map[int]bool{}
	var out []int
	add := func(port int) {
		if !seen[port] {
			seen[port] = true
			out = append(out, port)
		}
	}
	if p != nil {
		for _, port := range p.ServicePorts {
			add(port)
		}
	}
	for _, sp := range rules.WellKnownPorts() {
		add(sp.Port)
	}
	return out
}

// reservePorts makes a recommended ephemeral range come with the
// ip_local_reserved_ports it needs: server ports inside the range that the
// reserved list in effect leaves out are added to it, so no outgoing
// connection takes a port before its server binds it (TW304).
func reservePorts(byKey map[string]*Recommendation, p *rules.Profile, f *rules.Facts) {
	pr := byKey[portRangeKey]
	if pr == nil || pr.Action == ActionRemove {
		return
	}
	lohi := strings.Fields(pr.Value)
	if len(lohi) != 2 {
		return
	}
	lo, err1 := strconv.ParseInt(lohi[0], 10, 64)
	hi, err2 := strconv.ParseInt(lohi[1], 10, 64)
	if err1 != nil || err2 != nil {
		return
	}
	res := byKey[reservedPortKey]
	if res == nil {
		res = current(f, reservedPortKey)
	}
	list := res.Value
	if res.Action == "" {
		list = res.Current
		if list == "" && res.LiveStatus == kernel.LiveOK {
			list = res.Live
		}
	}
	var missing []int
	for _, port := range serverPorts(p) {
		if int64(port) >= lo && int64(port) <= hi && !rules.PortListed(int64(port), list) {
			missing = append(missing, port)
		}
	}
	if len(missing) == 0 {
		return
	}
	if ok, _ := f.KeyOnKernel(reservedPortKey); !ok {
		return
	}
	sort.Ints(missing)
	parts := []string{}
	if strings.TrimSpace(list) != "" {
		parts = append(parts, strings.TrimSpace(list))
	}
	for _, port := range missing {
		parts = append(parts, strconv.Itoa(port))
	}
	res.Value, res.Action, res.fromProfile = strings.Join(parts, ","), ActionSet, true
	res.Reason = fmt.Sprintf("keep server port(s) %s out of the ephemeral range %s", joinInts(missing), pr.Value)
	res.Rules = appendUnique(appendUnique(res.Rules, "TW304"), "TW307")
	byKey[reservedPortKey] = res
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
