"""Risk watch in the interface: the client file's 贷款与风险 tab, the 今日 lines and the
signal register with the supervisor's printouts."""
