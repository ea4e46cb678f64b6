"""cmdesk Qt user interface (widgets, item models, dialogs) over cmdesk.services."""
