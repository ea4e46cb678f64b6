"""Screenshots of the desk for a human look and for the README: python docs/screenshots.py [outdir]

Builds a data folder with a few realistic clients (through the services), opens the
main window like ui.app does (CJK font, style) and saves PNGs of the areas and the client
file's sections.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cmdesk.paths import DataPaths  # noqa: E402
from cmdesk.services import clients as cs  # noqa: E402
from cmdesk.services.catalogue import list_products, load_default_catalogue  # noqa: E402
from cmdesk.services.settings import Profile, save_profile  # noqa: E402
from cmdesk.storage.db import open_database  # noqa: E402


def fill(db) -> str:
    with db.transaction("张明") as s:
        save_profile(s, Profile(name="张明", employee_id="E1024", grade="客户经理",
                                branch="厦门分行思明支行", supervisor="王建国"))
        load_default_catalogue(s)
    with db.transaction("张明") as s:
        products = list_products(s)
        other = cs.save_client_file(s, cs.ClientDraft(fields={
            "kind": "company", "name": "厦门鹭江集团有限公司", "industry": "综合", "region": "厦门",
            "tier": "核心", "status": "active"}))
        main = cs.save_client_file(s, cs.ClientDraft(
            fields={"kind": "company", "name": "厦门海辰国际贸易有限公司",
                    "credit_code": "91350100M000100Y43",
                    "industry": "批发零售", "region": "厦门思明", "address": "厦门市思明区鹭江道 8 号国际银行大厦 21 层",
                    "scale": "中型", "annual_revenue": "3.2亿", "tier": "核心", "source": "行内推荐",
                    "manager_name": "张明", "status": "active", "tags": "进出口, 代发工资",
                    "notes": "主营东南亚农产品进出口，资金周转快，季节性明显。\n2024 年起在我行开立基本户。",
                    "our_importance": "主要结算行之一", "our_strengths": "国际结算效率高，贸易融资产品全"},
            contacts=[{"name": "林海辰", "position": "董事长", "authority": "最终决策", "phone": "13906001234",
                       "is_primary": True},
                      {"name": "黄丽娟", "position": "财务总监", "authority": "融资、结算银行选择",
                       "phone": "0592-2201888", "is_primary": False}],
            other_banks=[{"institution": "中国银行厦门分行", "contact_person": "刘经理",
                          "products_terms": "进口信用证，保证金 20%", "estimated_spend": "45万"}],
            services=[{"product_id": products[0].id, "needed": True, "adopted": True, "our_share": "60"},
                      {"product_id": products[1].id, "needed": True, "other_bank": True, "recommended": True}],
            value_items=[{"year": 2025, "category": "liability", "description": "日均存款利差", "amount": "38万"},
                         {"year": 2025, "category": "fee", "description": "国际结算手续费", "amount": "12.5万"},
                         {"year": 2025, "category": "related", "description": "关联企业代发", "amount": "3万",
                          "source_client_id": other}],
            links=[{"related_client_id": other, "kind": "parent", "notes": "集团母公司"}]))
        for i, (name, kind, industry, tier) in enumerate([
                ("福建鹭岛建材股份有限公司", "company", "建筑", "重点"),
                ("陈晓梅", "individual", "", "一般"),
                ("厦门同安食品有限公司", "company", "制造业", "一般"),
                ("王志强", "individual", "", "重点")]):
            cs.save_client_file(s, cs.ClientDraft(fields={"kind": kind, "name": name,
                                                          "industry": industry, "tier": tier},
                                                  contacts=[{"name": f"联系人{i}", "phone": f"1380000{i:04d}"}]))
    with db.transaction("张明") as s:
        cs.save_client_file(s, cs.ClientDraft(fields={"annual_revenue": "3.5亿"}), main)
    return main


def settle(app, desk) -> None:
    """Let the desk's database thread finish what the windows asked for, and deliver it."""
    while not desk.ops.is_idle():
        desk.ops.wait()
        app.processEvents()
    app.processEvents()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp")
    out.mkdir(parents=True, exist_ok=True)
    from ui.app import application, install_cjk_font, install_translators
    from ui.desk import Desk
    from ui.main_window import MainWindow
    from ui.style import apply_style

    app = application()
    install_cjk_font(app)
    install_translators(app)  # the system's language, as the desk starts
    apply_style(app)
    paths = DataPaths(Path(tempfile.mkdtemp()) / "data").ensure()
    db = open_database(paths.database, paths.backups)
    client_id = fill(db)
    desk = Desk(db, paths)
    window = MainWindow(desk.paths, desk)
    window.resize(1360, 840)
    window.show()
    window.switch_to("clients")
    app.processEvents()
    window.clients_view.open_client(client_id)
    settle(app, desk)
    window.grab().save(str(out / "ui_clients.png"))
    editor = window.clients_view.editor
    for key in ("contacts", "services", "value_items", "links", "history", "positioning"):
        editor.sections.show_section(key)
        app.processEvents()
        window.grab().save(str(out / f"ui_tab_{key}.png"))
    # a failed save: bad credit code
    editor.sections.show_section("basic")
    editor.basic.editors["credit_code"].set_value("91350100M000100Y44")
    editor.panels["contacts"].model.append_row()
    editor.save()
    settle(app, desk)
    window.grab().save(str(out / "ui_error.png"))
    editor.sections.show_section("contacts")
    app.processEvents()
    window.grab().save(str(out / "ui_error_contacts.png"))
    editor.discard_changes()
    settle(app, desk)
    for area in ("today", "diary", "plans", "settings"):
        window.switch_to(area)
        settle(app, desk)  # the area reads on first show
        window.grab().save(str(out / f"ui_{area}.png"))
    window.switch_to("clients")
    window.clients_view.search.setText("zzzz")
    window.clients_view.refresh()
    editor.close_file()
    app.processEvents()
    window.grab().save(str(out / "ui_empty_search.png"))
    from ui.clients.import_dialog import ImportDialog
    dialog = ImportDialog(desk, window)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "ui_import.png"))
    from ui.first_run import FirstRunDialog
    first = FirstRunDialog(desk)
    first.show()
    app.processEvents()
    first.grab().save(str(out / "ui_first_run.png"))
    editor.new_client()
    settle(app, desk)
    window.grab().save(str(out / "ui_new_client.png"))
    editor.close_file()
    window.close()
    db.close()
    demo_shots(app, out)
    print("saved to", out)


def demo_shots(app, out: Path) -> None:
    """The list and a file as the demo data fills them (200 generated clients)."""
    from cmdesk.demo import generate_demo
    from cmdesk.storage.desk import open_desk
    from ui.desk import Desk
    from ui.main_window import MainWindow

    opened = open_desk(Path(tempfile.mkdtemp()) / "demo", no_encryption=True)
    generate_demo(opened.db, clients=200, seed=1)
    desk = Desk(opened.db, opened.paths)
    window = MainWindow(desk.paths, desk)
    window.resize(1600, 900)
    window._default_split()
    window.show()
    window.switch_to("clients")
    settle(app, desk)
    view = window.clients_view
    view.open_client(view.model.row_at(3).id)
    settle(app, desk)
    window.grab().save(str(out / "ui_demo_clients.png"))
    for key in ("contacts", "business_lines", "other_banks", "services", "value_items",
                "development", "strategy", "proposals", "projects", "risk", "history"):
        view.editor.sections.show_section(key)
        settle(app, desk)
        window.grab().save(str(out / f"ui_demo_{key}.png"))
    for area in ("today", "plans", "proposals", "exchange"):
        window.switch_to(area)
        settle(app, desk)
        view_of_area = window.stack.currentWidget()
        for index in range(getattr(view_of_area, "tabs", None) and view_of_area.tabs.count() or 1):
            if hasattr(view_of_area, "tabs"):
                view_of_area.tabs.setCurrentIndex(index)
            settle(app, desk)
            window.grab().save(str(out / f"ui_demo_{area}_{index}.png"))
    window.close()
    opened.close()


if __name__ == "__main__":
    main()
