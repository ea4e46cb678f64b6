"""督办事项: every follow-up the clients raised, overdue first, filtered by status, edited
in place (status, result, the date the client was told)."""
