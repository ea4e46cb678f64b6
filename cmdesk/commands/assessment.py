"""`cmdesk assess show|save|rules|pdf`: the 考核表 of a quarter or a year — its scores,
grade and star level; saving the typed scores from a JSON file; the scoring rules shown
or loaded from a JSON file; the PDF."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cmdesk.i18n import mark, translate

PERIOD_HELP = mark("考核期：1–4 为季度，0 为全年")


def _sheet_dict(sheet: Any) -> dict[str, Any]:
    scores = sheet.scores
    return {
        "year": sheet.year, "quarter": sheet.quarter, "period": sheet.period_label,
        "as_of": sheet.as_of.isoformat(), "saved": sheet.saved,
        "quantitative": [{"key": line.key, "name": line.name, "target": str(line.target),
                          "actual": str(line.actual), "completion": str(line.completion),
                          "full_points": str(line.full_points), "score": str(line.score)}
                         for line in scores.quantitative_lines],
        "qualitative": [{"name": item.name, "max_score": str(item.max_score), "score": str(item.score)}
                        for item in sheet.qualitative],
        "department_score": str(scores.department), "internal_score": str(scores.internal),
        "adjustments": [{"kind": item.kind, "points": str(item.points), "reason": item.reason}
                        for item in sheet.adjustments],
        "work_score": str(scores.work), "total": str(scores.total),
        "grade": sheet.grade_text, "stars": scores.stars if sheet.saved else None, "self_report": sheet.self_report,
    }


def _show(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.domain import assessment as am
    from cmdesk.services import assessment

    with desk.db.session() as session:
        sheet = assessment.assessment_sheet(session, args.year, args.quarter)
    data = _sheet_dict(sheet)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    heading = translate("{period} 考核表（任务书截至 {day}）").format(period=data["period"], day=data["as_of"])
    print(heading if data["saved"] else translate("{heading}——尚未保存").format(heading=heading))
    for line in data["quantitative"]:
        print(translate("  定量 {name}：完成 {completion}，{score} / {full} 分").format(
            name=line["name"], completion=line["completion"], score=line["score"], full=line["full_points"]))
    for item in data["qualitative"]:
        print(translate("  定性 {name}：{score} / {full} 分").format(
            name=item["name"], score=item["score"], full=item["max_score"]))
    print(translate("  所在部门评价 {department} 分，内部业务管理 {internal} 分").format(
        department=data["department_score"], internal=data["internal_score"]))
    for item in sheet.adjustments:
        print(translate("  {kind} {points}：{reason}").format(
            kind=translate(am.ADJUSTMENT_LABELS[item.kind]), points=item.points, reason=item.reason))
    print(translate("综合考评分 {total}：{grade}，{stars}").format(
        total=data["total"], grade=data["grade"], stars=sheet.star_text))
    return 0


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        print(translate("错误：无法读取 {path}：{reason}").format(path=path, reason=exc), file=sys.stderr)
        return None


def _save(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.domain import assessment as am
    from cmdesk.services import assessment
    from cmdesk.services.settings import get_profile

    data = _read_json(args.source)
    if not isinstance(data, dict):
        if data is not None:
            print(translate("错误：考核表文件应为 JSON 对象"), file=sys.stderr)
        return 1
    draft = assessment.AssessmentDraft(
        year=args.year, quarter=args.quarter,
        qualitative=tuple((item.get("name", ""), item.get("score")) for item in data.get("qualitative", [])),
        department_score=data.get("department_score", "0"), internal_score=data.get("internal_score", "0"),
        adjustments=tuple((item.get("kind", ""), item.get("points"), item.get("reason", ""))
                          for item in data.get("adjustments", [])),
        self_report=data.get("self_report", ""))
    with desk.db.session() as session:
        actor = get_profile(session).name
    with desk.db.transaction(actor) as session:
        assessment.save_assessment(session, draft)
    print(translate("已保存 {year} 年{period}考核表").format(year=args.year, period=am.period_label(args.quarter)))
    return 0


def _rules(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk.services import assessment
    from cmdesk.services.settings import get_profile

    if args.source is not None:
        data = _read_json(args.source)
        if data is None:
            return 1
        rules = assessment.read_rules(data)
        with desk.db.session() as session:
            actor = get_profile(session).name
        with desk.db.transaction(actor) as session:
            assessment.save_rules(session, rules)
        print(translate("已更新考核规则"))
    with desk.db.session() as session:
        print(json.dumps(assessment.rules_to_json(assessment.get_rules(session)), ensure_ascii=False,
                         indent=2))
    return 0


def _pdf(desk: Any, args: argparse.Namespace) -> int:
    from cmdesk import clock
    from cmdesk.reports.assessment import write_assessment

    path = write_assessment(desk.db, args.year, args.quarter, args.output, clock.today())
    print(translate("已写出 {path}").format(path=path))
    return 0


def add_commands(commands: argparse._SubParsersAction, report: argparse._SubParsersAction) -> None:
    assess = commands.add_parser("assess", help=translate("考核表：季度与年度考核、考核规则")).add_subparsers(
        dest="assess_command", metavar="ACTION", required=True)
    show = assess.add_parser("show", help=translate("显示一期考核表的得分、等次和星级"))
    save = assess.add_parser("save", help=translate("从 JSON 文件保存定性得分、部门评价、内部管理、加减分和述职"))
    pdf = assess.add_parser("pdf", help=translate("写出考核表 PDF"))
    for parser in (show, save, pdf):
        parser.add_argument("--year", type=int, required=True, help=translate("年度"))
        parser.add_argument("--quarter", type=int, required=True, choices=(0, 1, 2, 3, 4),
                            help=translate(PERIOD_HELP))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)
    save.add_argument("--from", dest="source", type=Path, required=True, help=translate("JSON 文件"))
    save.set_defaults(handler=_save)
    pdf.add_argument("-o", "--output", type=Path, required=True, help=translate("PDF 文件"))
    pdf.set_defaults(handler=_pdf)
    rules = assess.add_parser("rules", help=translate("显示考核规则；--from 文件 则先载入新的规则"))
    rules.add_argument("--from", dest="source", type=Path, help=translate("JSON 规则文件（格式见 docs/assessment.md）"))
    rules.set_defaults(handler=_rules)
