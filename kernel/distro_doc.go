package kernel

import (
	"fmt"
	"strconv"
	"strings"
)

// DistroTableMarkdown renders the distro table as the Markdown table of
// docs/distros.md. Values not checked against a public source carry a "?"
// so the documentation never states them as fact; a test keeps the file
// equal to this output.
func DistroTableMarkdown() string {
	var b strings.Builder
	b.WriteString("| Name | Release | Also accepted | Kernel | Other kernels | Vendor kernel | Init | systemd | procps | Sources |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, d := range Distros() {
		mark := func(field, v string) string {
			if v == "" || d.Verified(field) {
				return v
			}
			return v + " ?"
		}
		systemd := "none"
		if d.Systemd > 0 {
			systemd = strconv.Itoa(d.Systemd)
		}
		vendor := "no"
		if d.Vendor != "" {
			vendor = "yes (`" + d.Vendor + "`)"
		}
		var kernels, sources []string
		for _, k := range d.OtherKernels {
			kernels = append(kernels, k.String())
		}
		for i, s := range d.Sources {
			sources = append(sources, fmt.Sprintf("[%d](%s)", i+1, s))
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			d.Name, d.Title, "`"+strings.Join(d.Aliases, "`, `")+"`",
			mark("kernel", d.Kernel.String()), mark("other_kernels", strings.Join(kernels, ", ")),
			vendor, mark("init", string(d.Init)), mark("systemd", systemd),
			mark("procps", d.Procps), strings.Join(sources, " "))
	}
	return b.String()
}
