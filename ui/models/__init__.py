"""Qt item models over the results of cmdesk.services (Vorta-style table models)."""
