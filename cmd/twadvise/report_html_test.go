package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "rewrite docs/img/report.png from the HTML report test")

// hostileHost is a host name that would run a script, close a table or
// break out of an attribute if the page did not escape it.
const hostileHost = `db-01"><script>alert(1)</script><b x='`

// demoFleet is a fleet of five hosts with errors, warnings and information
// on three kernels and three profiles, one host with a hostile name and one
// whose check failed, written as the fleet playbook fetches them.
func demoFleet(t *testing.T) string {
	t.Helper()
	conf := writeTree(t, map[string]string{
		"blog.conf":   "net.ipv4.tcp_tw_recycle = 1\nnet.core.somaxconn = 128\nnet.ipv4.tcp_fin_timeout = 5\n",
		"client.conf": "net.ipv4.ip_local_port_range = 1024 65000\nnet.ipv4.tcp_tw_reuse = 1\n",
		"old.conf":    "net.ipv4.tcp_timestamps = 0\nfs.file-max = 1000\n",
		"clean.conf":  "net.ipv4.tcp_keepalive_time = 600\n",
	})
	dir := t.TempDir()
	c := func(name string) string { return filepath.Join(conf, name) }
	writeCheckJSON(t, dir, "web-01.json", "--host", "web-01", "--kernel", "6.1", "--profile", "web-server", c("blog.conf"))
	writeCheckJSON(t, dir, "web-02.json", "--host", "web-02", "--kernel", "6.1", "--profile", "web-server", c("blog.conf"), c("old.conf"))
	writeCheckJSON(t, dir, "crawler.json", "--host", "crawler-07", "--kernel", "5.15", "--profile", "http-client", c("client.conf"))
	writeCheckJSON(t, dir, "db.json", "--host", hostileHost, "--kernel", "rhel7", "--profile", "database", c("old.conf"), c("client.conf"))
	writeCheckJSON(t, dir, "cache.json", "--host", "cache-03", "--kernel", "6.1", "--profile", "database", c("clean.conf"), filepath.Join(conf, "gone.conf"))
	return dir
}

// TestReportHTML: the page is one self-contained document with every host,
// finding, kernel and profile, and hostile host names are text, not markup.
func TestReportHTML(t *testing.T) {
	dir := demoFleet(t)
	code, page, errOut := runCmd("report", "--format", "html", dir)
	if code != exitFailed { // cache-03's check failed (gone.conf)
		t.Fatalf("exit %d, want 2 (a host's check failed); stderr:\n%s", code, errOut)
	}
	if !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.HasSuffix(page, "</html>\n") {
		t.Fatalf("not one HTML document:\n%.300s", page)
	}
	// Self-contained: nothing is loaded, nothing runs.
	for _, re := range []string{`(?i)<script`, `(?i)\bsrc\s*=`, `(?i)<link`, `(?i)@import`, `(?i)url\(`, `(?i)https?://`, `(?i)\bon[a-z]+\s*=`} {
		if m := regexp.MustCompile(re).FindString(page); m != "" {
			t.Errorf("page has %q: it must load and run nothing", m)
		}
	}
	for _, want := range []string{
		"db-01&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b x=&#39;", // escaped, as text
		"TW101", "tcp-tw-recycle-removed", "net.ipv4.tcp_tw_recycle", "Remediation:",
		"web-server", "http-client", "database", "6.1", "5.15", "<details",
		"(check failed)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Worst first: web-02 (error and warnings) before crawler-07 and cache-03 first (its check failed).
	rows := regexp.MustCompile(`\n<tr><th class="host">([^< ]*)`).FindAllStringSubmatch(page, -1)
	var order []string
	for _, r := range rows {
		order = append(order, r[1])
	}
	if len(order) != 5 || order[0] != "cache-03" || order[1] != "web-02" {
		t.Errorf("matrix rows %q: want cache-03 (check failed), then web-02 (most errors and warnings)", order)
	}
}

// TestReportHTMLInChromium renders the page in headless Chromium, without
// JavaScript, and checks what a reader sees: the hostile host name as text
// and no element it tried to inject. With -update-screenshot it also
// rewrites docs/img/report.png, the screenshot docs/fleet.md shows.
func TestReportHTMLInChromium(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true: needs chromium (scripts/test-deps.sh installs it)")
		}
		t.Skip("needs chromium (apt-get install -y chromium)")
	}
	dir := demoFleet(t)
	_, page, _ := runCmd("report", "--format", "html", dir)
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir() // chromium's profile and crash dumps stay here
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-javascript",
		"--user-data-dir=" + filepath.Join(home, "profile"),
		"--no-first-run", "--hide-scrollbars"}
	chrome := func(extra ...string) string {
		cmd := exec.Command(browser, append(append(args, extra...), "file://"+file)...)
		cmd.Env = append(os.Environ(), "HOME="+home)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v\n%s", browser, err, out)
		}
		return string(out)
	}
	dom := chrome("--dump-dom")
	if strings.Contains(dom, "<script") || strings.Contains(dom, "<b x=") {
		t.Errorf("the hostile host name became markup in the rendered DOM:\n%s", dom)
	}
	for _, want := range []string{"twadvise fleet report", "Summary by severity", "Hosts by finding, worst first",
		"db-01\"&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b x='", "crawler-07", "tcp-tw-recycle-removed", "Kernels", "Profiles"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	shot := filepath.Join(t.TempDir(), "report.png")
	chrome("--screenshot="+shot, "--window-size=1280,1100")
	png, err := os.ReadFile(shot)
	if err != nil || len(png) < 10000 || string(png[1:4]) != "PNG" {
		t.Fatalf("no usable screenshot (%d bytes): %v", len(png), err)
	}
	if *updateScreenshot {
		if err := os.WriteFile("../../docs/img/report.png", png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
