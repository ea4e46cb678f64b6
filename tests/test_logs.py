"""The desk's log files never hold an unmasked identifier: not from a save logged down to
SQLAlchemy's statement parameters, not from an error message, not from a traceback."""
from __future__ import annotations

import logging
import sys

import pytest

from cmdesk import logs
from cmdesk.errors import ValidationError
from cmdesk.services import clients as svc

ID_NUMBER = "11010519491231002X"
MOBILE = "13912344321"
ACCOUNT = "6222020200112340123"


@pytest.fixture
def log_file(tmp_path):
    handler = logs.setup_logging(tmp_path / "logs", level=logging.DEBUG)
    engine_log = logging.getLogger("sqlalchemy.engine")
    engine_log.setLevel(logging.INFO)  # statements with their parameters
    yield tmp_path / "logs" / logs.LOG_FILE_NAME
    engine_log.setLevel(logging.WARNING)
    logs.stop_logging(handler)


def _draft(name: str) -> svc.ClientDraft:
    return svc.ClientDraft(
        fields={"kind": "individual", "name": name, "id_number": ID_NUMBER,
                "notes": f"工资卡 {ACCOUNT}，手机 {MOBILE}"},
        contacts=[{"name": name, "phone": MOBILE}])


def test_a_save_and_its_error_path_log_only_masked_identifiers(db, log_file, capsys):
    log = logging.getLogger("cmdesk.test")
    with db.transaction("测试经理") as session:
        client_id = svc.save_client_file(session, _draft("陈小姐"))
    log.info("保存客户 %s：身份证 %s，手机 %s", client_id, ID_NUMBER, MOBILE)
    with pytest.raises(ValidationError) as refused, db.transaction("测试经理") as session:
        svc.save_client_file(session, _draft("陈先生"))
    assert ID_NUMBER in str(refused.value)  # the message itself names the duplicate
    log.warning("保存被拒绝：%s", refused.value)
    try:
        raise RuntimeError(f"写入失败：账户 {ACCOUNT}，身份证 {ID_NUMBER}")
    except RuntimeError:
        log.exception("保存出错")
        sys.excepthook(*sys.exc_info())  # what an uncaught error does
    log.info("调用栈（手机 %s）", MOBILE, stack_info=True)
    capsys.readouterr()

    written = log_file.read_text(encoding="utf-8")
    assert "INSERT INTO clients" in written  # SQLAlchemy's parameters went through
    assert "保存被拒绝" in written and "Traceback" in written and "未处理的异常" in written
    for clear in (ID_NUMBER, MOBILE, ACCOUNT):
        assert clear not in written
    for masked in ("1****************X", "139****4321", "622202*********0123"):
        assert masked in written


def test_setting_up_twice_adds_no_second_handler(tmp_path):
    first = logs.setup_logging(tmp_path / "logs")
    try:
        assert logs.setup_logging(tmp_path / "logs") is first
        assert sum(isinstance(h, logs.RotatingFileHandler)
                   for h in logging.getLogger().handlers) == 1
    finally:
        logs.stop_logging(first)


def test_the_log_rotates_and_keeps_a_few_old_files(tmp_path):
    handler = logs.setup_logging(tmp_path / "logs")
    try:
        line = "客户 " + "x" * 1000
        for _ in range(logs.MAX_LOG_BYTES // 1000 + 50):
            logging.getLogger("cmdesk.test").info(line)
    finally:
        logs.stop_logging(handler)
    names = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert names[:2] == [logs.LOG_FILE_NAME, logs.LOG_FILE_NAME + ".1"]
    assert (tmp_path / "logs" / logs.LOG_FILE_NAME).stat().st_size <= logs.MAX_LOG_BYTES
