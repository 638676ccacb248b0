package fleet

// htmlTemplate is the page of WriteHTML. It has no <script>, and loads
// nothing: styles are inline, and everything is readable with CSS off.
const htmlTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="twadvise {{.Version}}">
<title>twadvise fleet report: {{plural .Hosts "host"}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:1.5rem;color:#1d2330;background:#fff;line-height:1.4}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.8rem 0 .5rem;border-bottom:1px solid #d5d9e0;padding-bottom:.2rem}
.sub{color:#5a6272;margin:0 0 1rem}
table{border-collapse:collapse;font-size:.9rem}th,td{border:1px solid #d5d9e0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:.75rem;flex-wrap:wrap}.card{border:1px solid #d5d9e0;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}.card.error{border-left:6px solid #c62828}.card.warning{border-left:6px solid #e08a00}.card.info{border-left:6px solid #1e6fb8}
.sev{display:inline-block;border-radius:3px;padding:0 .35rem;font-size:.8rem;font-weight:600;color:#fff}
.sev.error{background:#c62828}.sev.warning{background:#b86e00}.sev.info{background:#1e6fb8}
.matrix{overflow:auto;max-height:80vh;border:1px solid #d5d9e0}.matrix table{font-size:.8rem}
.matrix th.col{vertical-align:bottom;padding:.3rem .15rem;white-space:nowrap}
.matrix th.col a{writing-mode:vertical-rl;transform:rotate(180deg);color:inherit;text-decoration:none}
.matrix thead th{position:sticky;top:0;z-index:1}.matrix th.host{position:sticky;left:0;background:#fff;white-space:nowrap;font-weight:normal}
.matrix td{text-align:center;padding:.15rem .3rem;min-width:1.4rem}
.matrix td a{color:#fff;text-decoration:none;font-weight:700;display:block}
.matrix td.error{background:#c62828}.matrix td.warning{background:#e08a00}.matrix td.info{background:#1e6fb8}
.failed{color:#c62828;font-weight:600}
details{border:1px solid #d5d9e0;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}details[open]{background:#fafbfc}
summary{cursor:pointer}summary code{font-size:.9rem}
.remedy{margin:.5rem 0;padding:.4rem .6rem;background:#eef6ee;border-left:4px solid #2e7d32}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;overflow-wrap:anywhere}
.muted{color:#5a6272}
</style>
</head>
<body>
<h1>twadvise fleet report</h1>
<p class="sub">{{plural .Hosts "host"}}, {{plural (len .Kernels) "kernel"}}, {{plural (len .Columns) "distinct finding"}}. Made by twadvise {{.Version}} from the hosts' <code>twadvise check --format json</code> reports.</p>

<h2 id="summary">Summary by severity</h2>
<div class="cards">
{{- range .Totals}}
<div class="card {{.Severity}}"><b>{{.Findings}}</b>{{.Severity}} findings<br><span class="muted">{{.Distinct}} distinct, on {{plural .Hosts "host"}}</span></div>
{{- end}}
<div class="card"><b>{{len .HostsWithErrors}}</b>hosts whose check failed</div>
</div>
{{- if .Errors}}
<h2 id="errors">Reports that could not be used</h2>
<ul>{{range .Errors}}<li><code>{{position .File .Line}}</code>: {{.Message}}</li>{{end}}</ul>
{{- end}}
{{- if .HostsWithErrors}}
<p class="failed">Hosts whose check failed (their findings may be incomplete): {{range $i, $h := .HostsWithErrors}}{{if $i}}, {{end}}{{$h}}{{end}}</p>
{{- end}}
{{- range .Notes}}<p class="muted">Note: {{.}}</p>{{end}}

<h2 id="matrix">Hosts by finding, worst first</h2>
{{- if not .Rows}}<p>No host reports.</p>{{else}}
<p class="muted">A cell marks a finding on that host (E error, W warning, I info, with the count when it occurs more than once); click it for the message and remediation.</p>
<div class="matrix"><table>
<thead><tr><th class="host">host</th><th>kernel</th><th>profile</th><th>E</th><th>W</th><th>I</th>
{{- range .Columns}}<th class="col" title="{{.Rule}} {{.Name}} {{.Key}}"><a href="#{{.Anchor}}">{{.Rule}} {{.Key}}</a></th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr><th class="host">{{.Host}}{{if .Failed}} <span class="failed" title="the check on this host failed">(check failed)</span>{{end}}</th><td>{{with .Kernel}}{{.}}{{else}}unknown{{end}}</td><td>{{.Profile}}</td><td class="n">{{.Counts.Error}}</td><td class="n">{{.Counts.Warning}}</td><td class="n">{{.Counts.Info}}</td>
{{- range .Cells}}{{if .Severity}}<td class="{{.Severity}}"><a href="#{{.Anchor}}">{{letter .Severity}}{{if gt .Count 1}}{{.Count}}{{end}}</a></td>{{else}}<td></td>{{end}}{{end}}</tr>
{{- end}}
</tbody></table></div>
{{- end}}

<h2 id="findings">Findings</h2>
{{- if not .Columns}}<p>No findings on any host.</p>{{end}}
{{- range .Columns}}
<details id="{{.Anchor}}"><summary><span class="sev {{.Severity}}">{{.Severity}}</span> <b>{{.Rule}}</b> {{.Name}}{{if .Key}} <code>{{.Key}}</code>{{end}}: {{plural .HostCount "host"}}</summary>
<div class="remedy"><b>Remediation:</b> {{if .Remediation}}{{.Remediation}}{{else}}see <code>twadvise explain {{.Rule}}</code>{{end}}</div>
{{- if .Kernels}}<p class="muted">Kernels: {{range $i, $k := .Kernels}}{{if $i}}, {{end}}{{$k}}{{end}}</p>{{end}}
<table><thead><tr><th>host</th><th>file</th><th>value</th><th>message</th></tr></thead><tbody>
{{- range .Occurrences}}
<tr><td>{{.Host}}</td><td><code>{{position .File .Line}}</code></td><td><code>{{.Value}}</code></td><td>{{.Message}}</td></tr>
{{- end}}
</tbody></table>
</details>
{{- end}}

<h2 id="kernels">Kernels</h2>
<table><thead><tr><th>kernel</th><th>hosts</th><th>which</th></tr></thead><tbody>
{{- range .Kernels}}
<tr><td><code>{{.Name}}</code></td><td class="n">{{len .Hosts}}</td><td><details><summary>{{plural (len .Hosts) "host"}}</summary>{{range $i, $h := .Hosts}}{{if $i}}, {{end}}{{$h}}{{end}}</details></td></tr>
{{- end}}
</tbody></table>

<h2 id="profiles">Profiles</h2>
<table><thead><tr><th>profile</th><th>hosts</th><th>which</th></tr></thead><tbody>
{{- range .Profiles}}
<tr><td><code>{{.Name}}</code></td><td class="n">{{len .Hosts}}</td><td><details><summary>{{plural (len .Hosts) "host"}}</summary>{{range $i, $h := .Hosts}}{{if $i}}, {{end}}{{$h}}{{end}}</details></td></tr>
{{- end}}
</tbody></table>
</body>
</html>
`
