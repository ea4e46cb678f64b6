"""Data exchange with head office: signed, encrypted packages (`package`), the key pairs
that sign and open them (`keys`), the records they carry (`records`) and the desk's side
of the exchange — export, import, key set-up (`desk`). See docs/exchange-format.md.
"""
