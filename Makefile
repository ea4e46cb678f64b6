# Shortcuts for ./dev, the project's one set-up script (see README.md).
.PHONY: run test bench bench-quick

run:
	./dev run

test:
	./dev test

bench:
	./dev bench

bench-quick:
	./dev bench --quick
