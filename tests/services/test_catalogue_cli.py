"""The catalogue commands, run as a process: show, template, replace (with --dry-run), and a
bad file refused with its rows named and nothing changed."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _cli(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), *args],
                          check=False, capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_catalogue_commands(tmp_path):
    data = tmp_path / "data"
    shown = _cli(data, "catalogue", "show", "--json")
    assert shown.returncode == 0, shown.stderr
    products = json.loads(shown.stdout)
    assert "LN-WC" in {p["code"] for p in products}
    template = tmp_path / "目录.xlsx"
    made = _cli(data, "catalogue", "template", "-o", str(template))
    assert made.returncode == 0 and template.exists() and "已导出" in made.stdout

    smaller = tmp_path / "smaller.json"
    smaller.write_text(json.dumps({"format": "cmdesk-catalogue", "version": 1,
                                   "products": [p for p in products if p["code"] != "EB-MOBILE"]},
                                  ensure_ascii=False), encoding="utf-8")
    dry = _cli(data, "catalogue", "replace", str(smaller), "--dry-run")
    assert dry.returncode == 0 and "停用 1 个" in dry.stdout and "未写入" in dry.stdout
    assert "EB-MOBILE" in _cli(data, "catalogue", "show").stdout
    done = _cli(data, "catalogue", "replace", str(smaller))
    assert done.returncode == 0 and "停用：EB-MOBILE" in done.stdout
    assert "EB-MOBILE" not in _cli(data, "catalogue", "show").stdout
    assert "（已停用）" in _cli(data, "catalogue", "show", "--all").stdout

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "cmdesk-catalogue", "version": 1,
                               "products": [{"code": "A", "name": "甲", "category": "理财",
                                             "audience": "both", "income_basis": "fee",
                                             "risk_level": "R8"}]}), encoding="utf-8")
    refused = _cli(data, "catalogue", "replace", str(bad))
    assert refused.returncode == 1 and "第 1 行 风险等级" in refused.stderr
    assert len(json.loads(_cli(data, "catalogue", "show", "--all", "--json").stdout)) == len(products)
