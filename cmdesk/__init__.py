"""cmdesk core: data model, rules and use-cases of the customer manager's desk (never imports Qt)."""
