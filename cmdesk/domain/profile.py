"""The manager's profile: the grades a customer manager can hold and the field labels."""

GRADES = ("助理客户经理", "客户经理", "高级客户经理")
PROFILE_LABELS = {"name": "姓名", "employee_id": "员工号", "grade": "职级", "branch": "所属机构",
                  "supervisor": "主管"}
