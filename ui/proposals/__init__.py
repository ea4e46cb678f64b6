"""服务方案: the proposals area, the proposal editor, the product catalogue browser and the
client file's proposals tab."""
