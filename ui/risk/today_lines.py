"""Risk watch on 今日: loans maturing within 90 days (the 90/60/30-day marks, past-due ones
first) and clients whose post-loan check is due or overdue, each line opening its client;
and the button to the signal register and the supervisor's printouts (RiskRegister).

The lines come with the rest of 今日 (services.today.today_view, read by ui.today.view,
which also reads again when risk records change and pages the sections' 显示更多).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeWidgetItem, QVBoxLayout, QWidget

from cmdesk.domain import risk_fields as rf
from cmdesk.domain.money import format_wan
from cmdesk.services.today import TodayView as TodayData
from ui.risk.register import RiskRegister
from ui.today.view import TARGET_ROLE, TodaySection


class RiskTodaySections(QWidget):
    """The two risk sections of 今日 and the register button."""

    def __init__(self, desk: Any, open_client: Callable[[str], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.open_client = open_client
        self.register: RiskRegister | None = None
        self.maturities = TodaySection(self.tr("即将到期贷款"), [
            self.tr("客户"), self.tr("合同编号"), self.tr("余额"), self.tr("到期")],
            self.tr("90 天内没有到期的贷款。"), self)
        self.checks = TodaySection(self.tr("贷后检查"), [
            self.tr("客户"), self.tr("应检查日"), self.tr("状态")],
            self.tr("没有到期的贷后检查。"), self)
        for section in (self.maturities, self.checks):
            section.list.itemActivated.connect(self._on_activated)
        self.register_button = QPushButton(self.tr("预警信号与风险清单…"), self)
        self.register_button.clicked.connect(self.open_register)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.register_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.maturities)
        layout.addWidget(self.checks)
        layout.addLayout(buttons)

    def show_lines(self, data: TodayData) -> None:
        """Fill both sections from today's view."""
        self.maturities.list.clear()
        for line in data.maturities:
            when = (self.tr("已逾期 {n} 天").format(n=-line.days_left) if line.days_left < 0
                    else self.tr("{d}（{n} 天后）").format(d=line.maturity_date.isoformat(),
                                                       n=line.days_left))
            item = self.maturities.add_line(
                [line.client_name, line.contract_no, format_wan(line.balance) + self.tr("元"), when],
                ("client", line.client_id), self.tr("{p}，已到 {m} 天提示").format(
                    p=line.product, m=line.mark) if line.mark else line.product)
            if line.days_left < 0 or line.mark == min(rf.MATURITY_MARKS):
                item.setForeground(3, Qt.GlobalColor.darkRed)
        self.maturities.set_count(len(data.maturities), data.totals["maturities"])
        self.checks.list.clear()
        for line in data.loan_checks:
            state = (self.tr("逾期 {n} 天").format(n=line.days_overdue) if line.days_overdue > 0
                     else self.tr("今天到期") if line.days_overdue == 0
                     else self.tr("{n} 天后到期").format(n=-line.days_overdue))
            item = self.checks.add_line([line.client_name, line.due.isoformat(), state],
                                        ("client", line.client_id))
            if line.days_overdue > 0:
                item.setForeground(2, Qt.GlobalColor.darkRed)
        self.checks.set_count(len(data.loan_checks), data.totals["loan_checks"])

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        target = item.data(0, TARGET_ROLE)
        if target:
            self.open_client(target[1])

    def open_register(self) -> None:
        self.register = RiskRegister(self.desk, self.open_client, self.window())
        self.register.show()
