# Developer entry points. `make check` is what CI runs (.ci/run); it needs
# the test dependencies (scripts/test-deps.sh, as root) for the loader,
# kernel and Ansible tests.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
PREFIX ?= /usr/local

.PHONY: check fmt vet staticcheck test build install man install-man

check: fmt vet staticcheck test

# fmt fails when a file is not gofmt-clean.
fmt:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	go vet ./...

staticcheck:
	go run $(STATICCHECK) ./...

test:
	go test -count=1 ./...

build:
	CGO_ENABLED=0 go build -o twadvise ./cmd/twadvise

install:
	CGO_ENABLED=0 go install ./cmd/twadvise

# man writes the man pages into ./man1; install-man puts them where man(1)
# finds them (MANDIR) and refreshes its index.
MANDIR ?= $(PREFIX)/share/man/man1

man:
	go run ./cmd/twadvise man man1

install-man:
	go run ./cmd/twadvise man $(DESTDIR)$(MANDIR)
	-mandb -q 2>/dev/null
