"""帮助: a short page on the day's work with the desk and the table of its keys.

The keys are not written here: `HelpDialog` is given them by the main window, which reads
them from its menu actions (MainWindow.menu_shortcuts), so the page never drifts from
what the keys do. `app_version` is the installed version shown in 关于.
"""
from __future__ import annotations

import html
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("HelpDialog", text)


def app_version() -> str:
    """The installed cmdesk version; 开发版 when running from a source tree not installed."""
    try:
        return version("cmdesk")
    except PackageNotFoundError:
        return tr("开发版")


def help_html(shortcuts: list[tuple[str, str]]) -> str:
    """The help page: the daily workflow, then a table of (keys, what they do)."""
    steps = [
        tr("<b>早上看“今日”</b>（Ctrl+1）：今天的计划事项、该联系的客户、到期的督办事项和贷款，"
           "双击一行直接打开。"),
        tr("<b>见客户、打电话后马上记日志</b>：在“工作日志”按 Ctrl+N 新建，选客户、勾见到的人，"
           "写内容和下一步；走访时填访客报告。"),
        tr("<b>客户的事记进档案</b>：“客户档案”中查找客户（Ctrl+F），联系人、授信、需求等逐页填写；"
           "新客户按 Ctrl+N 建立，已有的 Excel 名单可一次导入。"),
        tr("<b>客户提的要求</b>变成督办事项，在“督办事项”中跟进到答复客户为止。"),
        tr("<b>每周一</b>在“计划”中排本周计划，周末标记完成情况，打印周工作计划（Ctrl+P）交主管。"),
        tr("<b>有业务机会</b>时在“服务方案”中拟方案、测算收益、报批，打印给客户的方案资料。"),
        tr("<b>按总行要求</b>在“数据交换”中导出加密数据包（U 盘），导入总行发来的数据包。"),
        tr("<b>离开座位</b>按 Ctrl+L 锁定；下班关闭工作台时自动备份。"),
    ]
    rows = "".join(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>"
                   for keys, what in shortcuts)
    return (
        f"<h2>{tr('cmdesk 客户经理工作台 使用帮助')}</h2>"
        f"<h3>{tr('一天的工作')}</h3><ol>{''.join(f'<li>{step}</li>' for step in steps)}</ol>"
        f"<h3>{tr('快捷键')}</h3>"
        f"<table cellspacing='0' cellpadding='4' border='1'>"
        f"<tr><th>{tr('按键')}</th><th>{tr('作用')}</th></tr>{rows}</table>"
        f"<p>{tr('表格中：回车或双击打开所选一行；Tab 在输入框之间移动。')}</p>")


class HelpDialog(QDialog):
    """The help page in a dialog of its own."""

    def __init__(self, shortcuts: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("使用帮助"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(help_html(shortcuts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 640)
