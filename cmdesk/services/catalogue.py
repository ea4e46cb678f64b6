"""The product catalogue: the small default catalogue shipped in resources/, and lookups.

The proposals issue grows this into a full catalogue that can be replaced from a
file or from head office; a withdrawn product stays readable (active = False).
"""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cmdesk.models import Product
from cmdesk.paths import RESOURCES_DIR

DEFAULT_CATALOGUE = RESOURCES_DIR / "catalogue" / "products.json"


def load_default_catalogue(session: Session, path: Path = DEFAULT_CATALOGUE) -> int:
    """Add the shipped products that the desk does not have yet; returns how many were added."""
    data = json.loads(path.read_text(encoding="utf-8"))
    existing = set(session.scalars(select(Product.code).where(Product.deleted_at.is_(None))))
    added = 0
    for item in data["products"]:
        if item["code"] in existing:
            continue
        session.add(Product(code=item["code"], name=item["name"], category=item["category"],
                            audience=item.get("audience", "both"),
                            description=item.get("description", "")))
        added += 1
    return added


def list_products(session: Session, active_only: bool = False) -> list[Product]:
    query = select(Product).where(Product.deleted_at.is_(None)).order_by(Product.code)
    if active_only:
        query = query.where(Product.active.is_(True))
    return list(session.scalars(query))
