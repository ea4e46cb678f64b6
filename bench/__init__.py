"""cmdesk's benchmarks: start-up time, client search latency and spreadsheet import speed.

Run with `./dev bench` (or `python -m bench [--quick] [--sizes 5000,100000]`). The figures
are printed and written to bench/out/results.json; nothing here asserts on a timing.
"""
