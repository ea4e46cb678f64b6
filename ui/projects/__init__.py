"""Large-client projects (大型客户立项): the list of all projects, the client file's 立项 tab,
and the project editor with team, milestones, log, approval and the printed 立项建议书."""
