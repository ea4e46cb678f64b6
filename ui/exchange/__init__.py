"""数据交换: the desk's side of the exchange with head office (cmdesk.exchange.desk)."""
