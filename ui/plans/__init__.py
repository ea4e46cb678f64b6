"""The 计划 area: weekly and monthly plans (周计划/月计划), and the tabs other plan
features add to it."""
