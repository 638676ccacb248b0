package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileCase is one piece of bad input. setup builds it under a fresh
// temp dir and returns the arguments (and stdin) to run twadvise with.
// Every case must end with the documented exit code, a message naming the
// file (want), never leak what it must not read (not), and neither panic,
// hang nor allocate without bound (runBounded).
type hostileCase struct {
	name  string
	setup func(t *testing.T, dir string) (args []string, stdin string)
	code  int
	want  []string // substrings of stdout+stderr; "$DIR" is the temp dir
	not   []string // substrings that must not appear
}

// pathCheck returns a setup running `check --kernel 6.8 FILE` on a file
// with the given content.
func pathCheck(name string, data []byte) func(*testing.T, string) ([]string, string) {
	return func(t *testing.T, dir string) ([]string, string) {
		p := mustWrite(t, filepath.Join(dir, name), data)
		return []string{"check", "--kernel", "6.8", "--fail-on", "none", p}, ""
	}
}

// inSysctlD returns a setup that runs cmd (check or effective) in system
// mode over a fake root after make has added something to etc/sysctl.d.
func inSysctlD(cmd string, make func(t *testing.T, sysctlD, root string)) func(*testing.T, string) ([]string, string) {
	return func(t *testing.T, dir string) ([]string, string) {
		root := hostileRoot(t)
		make(t, filepath.Join(root, "etc/sysctl.d"), root)
		args := []string{cmd, "--root", root}
		if cmd == "check" {
			args = append(args, "--fail-on", "none")
		}
		return args, ""
	}
}

var binaryBlob = []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00net.core.somaxconn = 1\n\xff\xfe\x00")

func hostileCases() []hostileCase {
	return []hostileCase{
		{name: "binary file", setup: pathCheck("bin.conf", binaryBlob), code: 0,
			want: []string{"$DIR/bin.conf", "contains NUL bytes"}},
		{name: "NUL in the middle of a text file", setup: pathCheck("nul.conf", []byte("net.core.somaxconn = 1\nkernel.pid\x00_max = 1\n")), code: 0,
			want: []string{"$DIR/nul.conf", "NUL"}},
		{name: "invalid UTF-8 names the line", setup: pathCheck("utf8.conf", []byte("# ok\nnet.core.somaxconn = \xff\xfe4096\n")), code: 0,
			want: []string{"$DIR/utf8.conf:2", "UTF-8"}},
		{name: "byte order mark", setup: pathCheck("bom.conf", []byte("\xef\xbb\xbfnet.core.somaxconn = 4096\n")), code: 0,
			want: []string{"$DIR/bom.conf:1", "byte order mark"}},
		{name: "CRLF line ends parse like LF", setup: pathCheck("crlf.conf", []byte("net.ipv4.tcp_tw_recycle = 1\r\nnet.core.somaxconn = 4096\r\n")), code: 0,
			want: []string{"$DIR/crlf.conf:1", "tcp_tw_recycle"}, not: []string{"\r"}},
		{name: "one 1 MiB line is skipped with its line number", setup: pathCheck("long.conf", append([]byte("a = 1\nnet.core.somaxconn = "), []byte(strings.Repeat("9", 1<<20)+"\n")...)), code: 0,
			want: []string{"$DIR/long.conf:2", "over the 65536-byte limit"}},
		{name: "10 MB single line is over the file limit", setup: pathCheck("ten.conf", []byte("net.core.somaxconn = "+strings.Repeat("1", 10<<20))), code: 2,
			want: []string{"$DIR/ten.conf", "file too large"}},
		{name: "200 MB sparse file is refused unread", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", "--kernel", "6.8", sparseFile(t, filepath.Join(dir, "huge.conf"), 200<<20)}, ""
		}, code: 2, want: []string{"$DIR/huge.conf", "file too large", "209715200 bytes"}},
		{name: "FIFO as PATH never blocks", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", mkfifo(t, filepath.Join(dir, "pipe.conf"))}, ""
		}, code: 2, want: []string{"$DIR/pipe.conf", "not a regular file (a FIFO)"}},
		{name: "character device as PATH never blocks", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", "/dev/zero"}, ""
		}, code: 2, want: []string{"/dev/zero", "a character device"}},
		{name: "directory PATH skips a FIFO named *.conf", setup: func(t *testing.T, dir string) ([]string, string) {
			mkfifo(t, filepath.Join(dir, "d/50-pipe.conf"))
			mustWrite(t, filepath.Join(dir, "d/60-ok.conf"), []byte("net.ipv4.tcp_tw_recycle = 1\n"))
			return []string{"check", "--kernel", "6.8", "--fail-on", "none", filepath.Join(dir, "d")}, ""
		}, code: 2, want: []string{"$DIR/d/50-pipe.conf", "a FIFO", "$DIR/d/60-ok.conf:1"}},
		{name: "directory PATH with a directory named x.conf", setup: func(t *testing.T, dir string) ([]string, string) {
			if err := os.MkdirAll(filepath.Join(dir, "d/x.conf"), 0o755); err != nil {
				t.Fatal(err)
			}
			return []string{"check", filepath.Join(dir, "d")}, ""
		}, code: 2, want: []string{"$DIR/d/x.conf", "a directory"}},
		{name: "system mode: FIFO in sysctl.d", setup: inSysctlD("check", func(t *testing.T, d, _ string) {
			mkfifo(t, filepath.Join(d, "50-pipe.conf"))
		}), code: 0, want: []string{"/etc/sysctl.d/50-pipe.conf", "a FIFO"}},
		{name: "effective: FIFO in sysctl.d", setup: inSysctlD("effective", func(t *testing.T, d, _ string) {
			mkfifo(t, filepath.Join(d, "50-pipe.conf"))
		}), code: 0, want: []string{"/etc/sysctl.d/50-pipe.conf", "a FIFO", "net.core.somaxconn"}},
		{name: "system mode: character device in sysctl.d", setup: inSysctlD("check", func(t *testing.T, d, _ string) {
			mkCharDev(t, filepath.Join(d, "50-null.conf"))
		}), code: 0, want: []string{"/etc/sysctl.d/50-null.conf", "a character device"}},
		{name: "effective: character device in sysctl.d", setup: inSysctlD("effective", func(t *testing.T, d, _ string) {
			mkCharDev(t, filepath.Join(d, "50-null.conf"))
		}), code: 0, want: []string{"/etc/sysctl.d/50-null.conf", "a character device"}},
		{name: "system mode: directory named x.conf", setup: inSysctlD("check", func(t *testing.T, d, _ string) {
			if err := os.MkdirAll(filepath.Join(d, "x.conf"), 0o755); err != nil {
				t.Fatal(err)
			}
		}), code: 0, want: []string{"/etc/sysctl.d/x.conf", "a directory"}},
		{name: "system mode: dangling symlink", setup: inSysctlD("check", func(t *testing.T, d, _ string) {
			mustSymlink(t, "/nonexistent/zz.conf", filepath.Join(d, "50-dangling.conf"))
		}), code: 0, want: []string{"/etc/sysctl.d/50-dangling.conf", "dangling symlink"}},
		{name: "dangling symlink as PATH", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", mustSymlink(t, filepath.Join(dir, "missing"), filepath.Join(dir, "dangling.conf"))}, ""
		}, code: 2, want: []string{"$DIR/dangling.conf", "no such file"}},
		{name: "system mode: symlink loop", setup: inSysctlD("check", func(t *testing.T, d, _ string) {
			mustSymlink(t, "b.conf", filepath.Join(d, "a.conf"))
			mustSymlink(t, "a.conf", filepath.Join(d, "b.conf"))
		}), code: 0, want: []string{"/etc/sysctl.d/a.conf", "too many levels of symbolic links"}},
		{name: "effective: symlink loop through a directory", setup: inSysctlD("effective", func(t *testing.T, d, root string) {
			mustSymlink(t, "/etc/sysctl.d/loop/x.conf", filepath.Join(d, "loop"))
			mustSymlink(t, "loop/x.conf", filepath.Join(d, "z.conf"))
		}), code: 0, want: []string{"/etc/sysctl.d/z.conf", "too many levels of symbolic links"}},
		{name: "symlink loop as PATH", setup: func(t *testing.T, dir string) ([]string, string) {
			mustSymlink(t, "b.conf", filepath.Join(dir, "a.conf"))
			mustSymlink(t, "a.conf", filepath.Join(dir, "b.conf"))
			return []string{"check", filepath.Join(dir, "a.conf")}, ""
		}, code: 2, want: []string{"$DIR/a.conf", "too many levels of symbolic links"}},
		{name: "system mode: absolute symlink out of the root", setup: inSysctlD("check", func(t *testing.T, d, _ string) {
			out := writeOutside(t)
			mustSymlink(t, filepath.Join(out, "evil.conf"), filepath.Join(d, "50-evil.conf"))
		}), code: 0, want: []string{"/etc/sysctl.d/50-evil.conf", "dangling symlink"}, not: []string{"7777331", "outside_marker"}},
		{name: "effective: relative symlink climbing out of the root", setup: inSysctlD("effective", func(t *testing.T, d, _ string) {
			out := writeOutside(t)
			mustSymlink(t, strings.Repeat("../", 20)+strings.TrimPrefix(out, "/")+"/evil.conf", filepath.Join(d, "50-evil.conf"))
		}), code: 0, want: []string{"/etc/sysctl.d/50-evil.conf", "dangling symlink"}, not: []string{"7777331", "outside_marker"}},
		{name: "effective: key with .. cannot read outside /proc/sys", setup: inSysctlD("effective", func(t *testing.T, d, root string) {
			mustWrite(t, filepath.Join(root, "etc/secret"), []byte("TOPSECRET\n"))
			mustWrite(t, filepath.Join(d, "50-escape.conf"), []byte("net/../../etc/secret = 1\nnet.core.somaxconn = 1\n../../../etc/secret = 2\n"))
		}), code: 0, want: []string{"/etc/sysctl.d/50-escape.conf:1", "/etc/sysctl.d/50-escape.conf:3", "outside /proc/sys"}, not: []string{"TOPSECRET"}},
		{name: "system mode: unreadable file (chmod 000)", setup: inSysctlD("check", func(t *testing.T, d, _ string) {
			p := mustWrite(t, filepath.Join(d, "50-secret.conf"), []byte("net.ipv4.tcp_tw_recycle = 1\n"))
			if err := os.Chmod(p, 0); err != nil {
				t.Fatal(err)
			}
		}), code: unreadableCode(), want: unreadableWant("/etc/sysctl.d/50-secret.conf")},
		{name: "stdin with binary input", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", "--fail-on", "none", "-"}, string(binaryBlob)
		}, code: 0, want: []string{"-: ", "contains NUL bytes"}},
		{name: "stdin over the size limit", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", "-"}, strings.Repeat("a = 1\n", (9<<20)/6)
		}, code: 2, want: []string{"-: ", "file too large"}},
		{name: "malformed HCL in --rules", setup: func(t *testing.T, dir string) ([]string, string) {
			mustWrite(t, filepath.Join(dir, "rules/bad.hcl"), []byte("rule \"TW900\" {\n  name = \"x\n}\n"))
			return []string{"check", "--rules", filepath.Join(dir, "rules"), "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/rules/bad.hcl:2"}},
		{name: "binary file in --rules", setup: func(t *testing.T, dir string) ([]string, string) {
			mustWrite(t, filepath.Join(dir, "rules/bin.hcl"), binaryBlob)
			return []string{"check", "--rules", filepath.Join(dir, "rules"), "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/rules/bin.hcl:1"}},
		{name: "FIFO in --rules never blocks", setup: func(t *testing.T, dir string) ([]string, string) {
			mkfifo(t, filepath.Join(dir, "rules/pipe.hcl"))
			return []string{"check", "--rules", filepath.Join(dir, "rules"), "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/rules/pipe.hcl", "not a regular file"}},
		{name: "malformed profile", setup: func(t *testing.T, dir string) ([]string, string) {
			p := mustWrite(t, filepath.Join(dir, "p.hcl"), []byte("profile \"x\" {\n  closes = \"sideways\"\n  description = \"d\"\n}\n"))
			return []string{"check", "--profile", p, "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/p.hcl:1", "closes"}},
		{name: "profile with an unknown attribute", setup: func(t *testing.T, dir string) ([]string, string) {
			p := mustWrite(t, filepath.Join(dir, "p.hcl"), []byte("profile \"x\" {\n  closes = \"server\"\n  description = \"d\"\n  bogus = 1\n}\n"))
			return []string{"check", "--profile", p, "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/p.hcl:4", "bogus"}},
		{name: "FIFO as --profile never blocks", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", "--profile", mkfifo(t, filepath.Join(dir, "p.hcl")), "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/p.hcl", "not a regular file"}},
		{name: "200 MB sparse --profile is refused unread", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", "--profile", sparseFile(t, filepath.Join(dir, "p.hcl"), 200<<20), "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/p.hcl", "too large"}},
		{name: "generate --from binary", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"generate", "--from", mustWrite(t, filepath.Join(dir, "bin.conf"), binaryBlob)}, ""
		}, code: 2, want: []string{"$DIR/bin.conf", "contains NUL bytes"}},
		{name: "generate --from FIFO never blocks", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"generate", "--from", mkfifo(t, filepath.Join(dir, "pipe.conf"))}, ""
		}, code: 2, want: []string{"$DIR/pipe.conf", "a FIFO"}},
		{name: "generate --from 200 MB sparse file", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"generate", "--from", sparseFile(t, filepath.Join(dir, "huge.conf"), 200<<20)}, ""
		}, code: 2, want: []string{"$DIR/huge.conf", "file too large"}},
		{name: "generate --from a directory", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"generate", "--from", dir}, ""
		}, code: 2, want: []string{"$DIR", "a directory"}},
		{name: "generate --from CRLF and BOM", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"generate", "--kernel", "6.8", "--from", mustWrite(t, filepath.Join(dir, "w.conf"), []byte("\xef\xbb\xbfnet.ipv4.tcp_tw_recycle = 1\r\n"))}, ""
		}, code: 0, want: []string{"tcp_tw_recycle"}},
		{name: "system mode: binary osrelease", setup: inSysctlD("check", func(t *testing.T, _ string, root string) {
			mustWrite(t, filepath.Join(root, "proc/sys/kernel/osrelease"), binaryBlob)
		}), code: 0, want: []string{"checked 1 file"}},
		{name: "system mode: 200 MB sparse osrelease", setup: inSysctlD("check", func(t *testing.T, _ string, root string) {
			sparseFile(t, filepath.Join(root, "proc/sys/kernel/osrelease"), 200<<20)
		}), code: 0, want: []string{"checked 1 file"}},
		{name: "effective: FIFO as a live value", setup: inSysctlD("effective", func(t *testing.T, _ string, root string) {
			os.Remove(filepath.Join(root, "proc/sys/net/core/somaxconn"))
			mkfifo(t, filepath.Join(root, "proc/sys/net/core/somaxconn"))
		}), code: 0, want: []string{"net.core.somaxconn"}},
		{name: "report: truncated JSON names the file", setup: func(t *testing.T, dir string) ([]string, string) {
			mustWrite(t, filepath.Join(dir, "r/h1.json"), []byte(`{"schema": 1, "tool": {"name": "twadvise", "ver`))
			return []string{"report", filepath.Join(dir, "r")}, ""
		}, code: 2, want: []string{"$DIR/r/h1.json"}},
		{name: "report: deeply nested hostile JSON", setup: func(t *testing.T, dir string) ([]string, string) {
			mustWrite(t, filepath.Join(dir, "r/h1.json"), []byte(strings.Repeat("[", 1<<20)+strings.Repeat("]", 1<<20)))
			return []string{"report", filepath.Join(dir, "r")}, ""
		}, code: 2, want: []string{"$DIR/r/h1.json"}},
		{name: "report: binary file named .json", setup: func(t *testing.T, dir string) ([]string, string) {
			mustWrite(t, filepath.Join(dir, "r/h1.json"), binaryBlob)
			return []string{"report", filepath.Join(dir, "r")}, ""
		}, code: 2, want: []string{"$DIR/r/h1.json"}},
		{name: "report: FIFO named .json never blocks", setup: func(t *testing.T, dir string) ([]string, string) {
			mkfifo(t, filepath.Join(dir, "r/h1.json"))
			return []string{"report", filepath.Join(dir, "r")}, ""
		}, code: 2, want: []string{"$DIR/r/h1.json", "a FIFO"}},
		{name: "report: 200 MB sparse report is refused unread", setup: func(t *testing.T, dir string) ([]string, string) {
			sparseFile(t, filepath.Join(dir, "r/h1.json"), 200<<20)
			return []string{"report", filepath.Join(dir, "r")}, ""
		}, code: 2, want: []string{"$DIR/r/h1.json", "too large"}},
		{name: "malformed .twadvise.hcl", setup: func(t *testing.T, dir string) ([]string, string) {
			c := mustWrite(t, filepath.Join(dir, "c.hcl"), []byte("profile = \"web-server\"\nkernels = [\"5.15\"\n"))
			return []string{"check", "--config", c, "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/c.hcl:"}},
		{name: "binary .twadvise.hcl", setup: func(t *testing.T, dir string) ([]string, string) {
			c := mustWrite(t, filepath.Join(dir, "c.hcl"), binaryBlob)
			return []string{"check", "--config", c, "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/c.hcl:1"}},
		{name: "FIFO as --config never blocks", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", "--config", mkfifo(t, filepath.Join(dir, "c.hcl")), "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/c.hcl", "a FIFO"}},
		{name: "200 MB sparse --config is refused unread", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", "--config", sparseFile(t, filepath.Join(dir, "c.hcl"), 200<<20), "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/c.hcl", "file too large"}},
		{name: "FIFO as --baseline never blocks", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"check", "--baseline", mkfifo(t, filepath.Join(dir, "b.json")), "-"}, "a = 1\n"
		}, code: 2, want: []string{"$DIR/b.json", "a FIFO"}},
		{name: "--root is a FIFO", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"effective", "--root", mkfifo(t, filepath.Join(dir, "root"))}, ""
		}, code: 2, want: []string{"$DIR/root", "not a directory"}},
	}
}

// unreadableCode and unreadableWant describe a chmod 000 file. Root reads
// it anyway (CAP_DAC_OVERRIDE), so as root the file is simply linted; as
// another user it is an unreadable input, exit 2.
func unreadableCode() int {
	if os.Geteuid() == 0 {
		return 0
	}
	return 2
}

func unreadableWant(p string) []string {
	if os.Geteuid() == 0 {
		return []string{p + ":1", "tcp_tw_recycle"}
	}
	return []string{p, "permission denied"}
}

func TestHostileInput(t *testing.T) {
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args, stdin := tc.setup(t, dir)
			code, out, errs := runBounded(t, stdin, args...)
			all := out + errs
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, cut(out), cut(errs))
			}
			for _, w := range tc.want {
				w = strings.ReplaceAll(w, "$DIR", dir)
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", w, cut(out), cut(errs))
				}
			}
			for _, n := range tc.not {
				if strings.Contains(all, n) {
					t.Errorf("output contains %q, which must never be read", n)
				}
			}
			if strings.Contains(all, "panic") || strings.Contains(all, "goroutine ") {
				t.Errorf("panic:\n%s", cut(errs))
			}
		})
	}
}

// cut keeps failure messages readable when the output is huge.
func cut(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "...[cut]"
	}
	return s
}
