"""The manager's profile: the grades a customer manager can hold and the field labels."""

from cmdesk.i18n import mark

GRADES = (mark("助理客户经理"), mark("客户经理"), mark("高级客户经理"))
PROFILE_LABELS = {"name": mark("姓名"), "employee_id": mark("员工号"), "grade": mark("职级"), "branch": mark("所属机构"),
                  "supervisor": mark("主管")}
