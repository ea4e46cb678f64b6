"""Realistic demo data for a whole desk: `generate_demo` is the one entry.

The book of clients and their diary comes first (`clients`), then what a manager builds
on it: week and month plans from the diary (`plans`), development and strategy plans and
the task book (`strategy`), proposals (`proposals`) and large-client projects
(`projects`). Imports run one way: this package imports its modules, they never import
it or each other. Deterministic for a seed (and a given today).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from cmdesk import clock
from cmdesk.demo.clients import DemoSummary, generate_book
from cmdesk.demo.plans import generate_plans
from cmdesk.demo.projects import generate_projects
from cmdesk.demo.proposals import generate_proposals
from cmdesk.demo.strategy import generate_strategy_demo
from cmdesk.storage.db import Database


def generate_demo(db: Database, clients: int = 200, seed: int = 1,
                  progress: Callable[[int, int], None] | None = None,
                  today: date | None = None, diary: bool = True) -> DemoSummary:
    """Add `clients` demo clients (with their whole files and, unless `diary` is False,
    about two years of diary up to `today`, default the real today, with the plans,
    strategy, proposals and projects made from it) and a demo profile if none exists.
    Client-only books (diary=False) serve the client-search benchmark."""
    today = today or clock.today()
    book = generate_book(db, clients, seed, progress, today, diary)
    if diary:
        generate_plans(db, seed, today, book.actor)
        generate_strategy_demo(db, book.client_ids, seed=seed, today=today, actor=book.actor)
        generate_proposals(db, seed, today, book.actor)
        generate_projects(db, book.client_ids, seed=seed, today=today, actor=book.actor)
    return book.summary
