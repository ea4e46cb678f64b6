"""Command-line commands of the features, one module each (see cmdesk.cli).

A module here defines `add_commands(commands, report)`; it must import only argparse
and the standard library at module level, so `cmdesk gui` still parses fast.
"""
