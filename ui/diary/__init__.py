"""The 工作日志 area: the day and week views of the diary, the entry form with its visit
report and follow-ups, the drafts that keep unsaved entries, the client file's diary tabs."""
