from cmdesk.__main__ import main

main()
