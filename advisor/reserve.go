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
// the profile's service ports. (The shared list of well-known server ports
// that rule TW307 reads joins them once it lands.)
func serverPorts(p *rules.Profile) []int {
	if p == nil {
		return nil
	}
	return p.ServicePorts
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
	res.Reason = fmt.Sprintf("keep service port(s) %s out of the ephemeral range %s", joinInts(missing), pr.Value)
	res.Rules = appendUnique(res.Rules, "TW304")
	byKey[reservedPortKey] = res
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
