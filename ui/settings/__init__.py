"""设置: the manager's profile and the client tiers."""
