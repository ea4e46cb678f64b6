"""Start the desk: `python main.py [--data-dir DIR] [COMMAND …]` is the same as `cmdesk …`."""
from cmdesk.__main__ import main

main()
