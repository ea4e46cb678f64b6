"""The 计划 area: a tab widget with the 周计划, 月计划, 工作任务书, 例会纪要 and 考核表 tabs."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.plans.assessment_page import AssessmentPage
from ui.plans.meetings_page import MeetingsPage
from ui.plans.month_page import MonthPlanPage
from ui.plans.task_book import TaskBookView
from ui.plans.week_page import WeekPlanPage


class PlansView(QWidget):
    """The plans area of the main window."""

    def __init__(self, desk: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.tabs = QTabWidget(self)
        self.week_page = WeekPlanPage(desk, self.tabs)
        self.month_page = MonthPlanPage(desk, self.tabs)
        self.task_book = TaskBookView(desk, self.tabs)
        self.meetings_page = MeetingsPage(desk, self.tabs)
        self.assessment = AssessmentPage(desk, self.tabs)
        self.tabs.addTab(self.week_page, self.tr("周计划"))
        self.tabs.addTab(self.month_page, self.tr("月计划"))
        self.tabs.addTab(self.task_book, self.tr("工作任务书"))
        self.tabs.addTab(self.meetings_page, self.tr("例会纪要"))
        self.tabs.addTab(self.assessment, self.tr("考核表"))
        self.month_page.week_requested.connect(self.open_week)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def open_week(self, week: str) -> None:
        self.week_page.show_week(week)
        self.tabs.setCurrentWidget(self.week_page)
