"""The core's words go through its one catalogue, and the English catalogue is complete.

Three checks: no Chinese string literal in cmdesk/ escapes translate()/mark() (except the
short list below, each with its reason); every message of the source is in the template
and has an English translation with the same placeholders; and switching the language
really changes what a manager reads (a validation message, an enum label, a command's
output), and back.
"""
from __future__ import annotations

import ast
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cmdesk.domain import dates, identifiers
from cmdesk.errors import ValidationError
from cmdesk.i18n import DOMAIN, LOCALE_DIR, language_from_environment, translate, use_language

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "cmdesk"
TEMPLATE = ROOT / "resources" / "i18n" / f"{DOMAIN}.pot"
ENGLISH = LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
# Han ideographs, CJK punctuation and full-width forms: what a Chinese sentence is made of
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")
KEYWORDS = ("translate", "mark")
# sample data (names, texts) and the schema's history are not the desk's words
NOT_SCANNED = ("cmdesk/demo/", "cmdesk/migrations/")

# Chinese literals that are not words shown to a manager, by file: (why, the literals).
ALLOWED = {
    "cmdesk/domain/money.py": (
        "amounts typed as 万/亿/元 are parsed; 大写金额 (the legal capital-numeral form) is "
        "Chinese by definition",
        {"万", "亿", "元", "零壹贰叁肆伍陆柒捌玖", "拾", "佰", "仟", "零", "零元", "整", "角", "分"}),
    "cmdesk/domain/client_fields.py": ("是/否 typed in a form or a sheet are parsed", {"是", "否"}),
    "cmdesk/domain/diary_fields.py": ("default client tiers: stored values", {"核心", "重点", "一般"}),
    "cmdesk/domain/identifiers.py": (
        "dashes pasted from Word/WeChat and 转/分机 in a typed phone number are parsed",
        {"\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d", identifiers._LANDLINE_RE.pattern}),
    "cmdesk/domain/dates.py": ("dates typed as 2026年11月20日 or 11月20日 are parsed",
                               {dates.WITH_YEAR.pattern, dates.WITHOUT_YEAR.pattern}),
    "cmdesk/models.py": ("column defaults: stored values", {"一般", "正常"}),
    "cmdesk/domain/profile.py": ("the default 对等配置: a client tier and a grade, stored values",
                                 {"核心", "高级客户经理"}),
    "cmdesk/services/client_import.py": (
        "the import file's column names and the client kinds it accepts: the file format",
        {"客户名称", "客户类型", "统一社会信用代码", "身份证号", "行业", "客户等级", "地址", "联系人",
         "联系人职务", "联系电话", "备注", "企业", "企业客户", "公司", "公司客户", "个人", "个人客户"}),
    "cmdesk/services/diary_import.py": (
        "the import file's column names, and the separators and 年月日 dates typed in its cells",
        {"日期", "时间", "类型", "客户名称", "联系人", "内容", "结果", "下一步", "见到的联系人",
         "[,，、;；/\\s]+", "^(\\d{4})年(\\d{1,2})月(\\d{1,2})日?$", "："}),
    "cmdesk/services/loan_import.py": (
        "the import file's column names: the file format",
        {"客户名称", "统一社会信用代码/身份证号", "合同编号", "贷款品种", "合同金额", "贷款余额", "币种",
         "起始日", "到期日", "年利率(%)", "担保方式", "担保人/抵质押物", "五级分类", "贷后检查频率", "备注"}),
    "cmdesk/services/diary_search.py": ("the Han ranges that split search words",
                                        {"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"}),
    "cmdesk/services/gaps.py": ("what a 财务需求 typed as 'none' says: parsed", {"无", "暂无", "没有", "不需要"}),
    "cmdesk/services/plans.py": ("how the history stores a switch turned on", {"是"}),
    "cmdesk/services/task_book.py": ("how the history stores a switch turned on", {"是"}),
    "cmdesk/services/proposals.py": ("the separator typed between term options", {"；"}),
    "cmdesk/services/risk.py": ("the separator typed between tags", {"，"}),
    "cmdesk/services/meetings.py": ("the separators typed between attendees' names",
                                    {"，", "\u3000", "、"}),
    "cmdesk/hq/keys.py": ("the head office's name in its key file: stored", {"总行"}),
    "cmdesk/hq/packages.py": (
        "the head office's sender name (stored) and the target sheet's column names and 口径 words (file format)",
        {"总行", "指标", "目标", "单位", "口径", "累计值", "流量", "时点值", "存量"}),
    "cmdesk/reports/week_plan_xlsx.py": ("a font's name", {"等线"}),
    "cmdesk/storage/change_log.py": (
        "how the history stores a switch and a visit report's name (the lines translate them when shown)",
        {"是", "否", "访客报告", " 访客报告"}),
    "cmdesk/logs.py": ("a log line for developers", {"未处理的异常"}),
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _wrapped(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in KEYWORDS:
                found.add(id(node.args[0]))
    return found


def untranslated_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each Chinese string literal in `path` outside translate()/mark()."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    exempt = _docstrings(tree) | _wrapped(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in exempt and CJK.search(node.value)]


def test_every_chinese_literal_in_the_core_goes_through_the_catalogue():
    unwrapped = []
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(NOT_SCANNED):
            continue
        _why, allowed = ALLOWED.get(relative, ("", set()))
        unwrapped += [f"{relative}:{line}: {text!r}" for line, text in untranslated_literals(path)
                      if allowed is not None and text not in allowed]
    assert not unwrapped, "wrap these in translate()/mark():\n" + "\n".join(unwrapped)


def test_the_scan_catches_an_f_string_and_spares_what_is_wrapped(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""模块说明。"""\n'
                      'from cmdesk.i18n import mark, translate\n'
                      'LABEL = mark("客户")\n'
                      'def show(name):\n'
                      '    """函数说明。"""\n'
                      '    print(translate("你好，{name}").format(name=name))\n'
                      '    return f"共 {name} 个"\n', encoding="utf-8")
    assert [text for _line, text in untranslated_literals(sample)] == ["共 ", " 个"]


def _placeholders(text: str) -> set[tuple[str, str, str]]:
    return {(name, spec or "", conversion or "")
            for _literal, name, spec, conversion in string.Formatter().parse(text) if name is not None}


def _catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_the_template_holds_every_message_of_the_source():
    in_source = {message for _file, _line, message, _comments, _context in extract_from_dir(
        str(CORE), method_map=[("**.py", "python")], keywords={k: None for k in KEYWORDS})}
    in_template = {message.id for message in _catalogue(TEMPLATE) if message.id}
    assert in_source - in_template == set(), "run: pybabel extract -k translate -k mark ..."
    assert in_template - in_source == set(), "the template holds messages the source dropped"


def test_english_translates_every_message_with_the_same_placeholders():
    english = _catalogue(ENGLISH)
    missing, empty, mismatched = [], [], []
    for message in _catalogue(TEMPLATE):
        if not message.id:
            continue
        translated = english.get(message.id)
        if translated is None:
            missing.append(message.id)
        elif not translated.string.strip():
            empty.append(message.id)
        elif _placeholders(message.id) != _placeholders(translated.string):
            mismatched.append(f"{message.id!r} -> {translated.string!r}")
        elif translated.fuzzy:
            mismatched.append(f"fuzzy: {message.id!r}")
    assert (missing, empty, mismatched) == ([], [], [])


@pytest.fixture
def english():
    use_language("en")
    yield
    use_language("zh_CN")


def _client_save_problem(db) -> str:
    from cmdesk.services import clients

    with pytest.raises(ValidationError) as info, db.transaction("测试经理") as session:
        clients.save_client_file(session, clients.ClientDraft(fields={"kind": "company", "name": ""}))
    return str(info.value)


def _cli(data_dir: Path, language: str, *args: str) -> str:
    environment = {**os.environ, "LANGUAGE": language}
    done = subprocess.run([sys.executable, "-m", "cmdesk", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, env=environment, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr  # a list prints its count on stderr


def test_the_manager_reads_english_then_chinese_again(db, data_dir, english):
    from cmdesk.domain.client_fields import BASIC, ClientKind

    assert _client_save_problem(db) == "Client name: Required"
    assert ClientKind.COMPANY.label == "Corporate client"
    assert BASIC.field("kind").choices == (("company", "Corporate client"), ("individual", "Individual client"))
    use_language("zh_CN")
    assert _client_save_problem(db) == "客户名称：必须填写"
    assert ClientKind.COMPANY.label == "公司客户"
    assert BASIC.field("kind").source_label == "客户类型" == BASIC.field("kind").label


def test_the_command_line_speaks_the_locale(tmp_path):
    assert _cli(tmp_path / "data", "en", "clients", "list").strip() == "Clients: 0"
    assert _cli(tmp_path / "data", "zh_CN", "clients", "list").strip() == "共 0 个客户"


@pytest.mark.parametrize("environment,language", [
    ({}, "zh_CN"),
    ({"LANG": "C.UTF-8"}, "zh_CN"),
    ({"LANG": "en_US.UTF-8"}, "en_US"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANG": "zh_CN.UTF-8", "LANGUAGE": "en_GB:en"}, "en_GB"),
])
def test_the_language_follows_the_environment_as_gettext_reads_it(environment, language):
    assert language_from_environment(environment) == language


def test_a_message_outside_the_catalogue_shows_as_written(english):
    assert translate("没有这句话的译文") == "没有这句话的译文"
    assert translate("") == ""  # an empty stored value, not the catalogue's header
    assert translate("客户") == "Client"
