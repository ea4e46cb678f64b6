"""Where the features plug into the window: the areas of the navigation and the
record tabs of a client file.

An area's view is built as `cls(desk, window)`. A record tab is built as
`cls(desk, parent)` and has `load(client_id)`, `count()` and a `reloaded` signal; the
client file shows it as "title (count)" and reloads it with the file.
"""
from __future__ import annotations

import importlib
from typing import NamedTuple


class Feature(NamedTuple):
    key: str
    module: str
    widget: str
    title: str


# Areas of the main window that a feature fills (keys as in ui.main_window).
AREA_VIEWS = (
    Feature("plans", "ui.plans.view", "PlansView", "计划"),
    Feature("proposals", "ui.proposals.view", "ProposalsView", "服务方案"),
    Feature("exchange", "ui.exchange.view", "ExchangeView", "数据交换"),
)

# Tabs of the client file that list records kept elsewhere in the desk.
RECORD_TABS = (
    Feature("diary", "ui.diary.client_tabs", "ClientTimeline", "工作日志"),
    Feature("follow_ups", "ui.diary.client_tabs", "ClientFollowUps", "督办事项"),
    Feature("development", "ui.plans.client_tabs", "DevelopmentPlansTab", "发展计划"),
    Feature("strategy", "ui.plans.client_tabs", "StrategyPlansTab", "战略计划书"),
    Feature("proposals", "ui.proposals.client_tab", "ClientProposalsTab", "服务方案"),
    Feature("projects", "ui.projects.client_tab", "ClientProjectsTab", "立项"),
)


def available(features: tuple[Feature, ...]) -> list[tuple[Feature, type]]:
    """The features whose widgets exist, with their classes."""
    found = []
    for feature in features:
        try:
            module = importlib.import_module(feature.module)
        except ModuleNotFoundError as exc:
            if exc.name and feature.module.startswith(exc.name):
                continue  # that feature is not built yet
            raise
        found.append((feature, getattr(module, feature.widget)))
    return found
