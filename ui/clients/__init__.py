"""客户档案: the client list with search and filters, and the client file editor."""
