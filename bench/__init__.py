"""cmdesk's benchmarks: start-up time, client search latency and spreadsheet import speed.

Run with `./dev bench` (or `python -m bench [--quick] [--sizes 5000,100000]`). The figures
are printed and written to bench/out/results.json; nothing here asserts on a timing.

The benchmarks' demo books are unencrypted because they ask for it explicitly
(CMDESK_NO_ENCRYPTION=1, the same as --no-encryption; child processes inherit it);
bench/trust.py measures the encrypted desk on its own copy.
"""
import os

os.environ.setdefault("CMDESK_NO_ENCRYPTION", "1")
