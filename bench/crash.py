"""`python -m bench.crash [--quick] [--runs N]`: the SIGKILL benchmark of issue 7.

A child process saves client files and diary entries with follow-ups through the real
services and is killed with SIGKILL at random moments, RUNS times on one data folder
(tests/crash_child.py has the child and the checks). Prints runs, acknowledged saves,
losses and half-saved records next to the goal (200+ kills, 0 lost, 0 half saved).
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from tests.crash_child import CrashFigures, kill_runs

RUNS_GOAL = 200
FULL_RUNS = 210
QUICK_RUNS = 20
LOST_GOAL = 0


def run(quick: bool, runs: int | None = None, progress: bool = False) -> dict[str, object]:
    """Kill the saving child `runs` times (FULL_RUNS, or QUICK_RUNS with quick)."""
    count = runs or (QUICK_RUNS if quick else FULL_RUNS)

    def report(done: int, figures: CrashFigures) -> None:
        if progress and (done % 10 == 0 or done == count):
            print(f"  {done}/{count} 次强制结束：已确认保存 {figures.acknowledged}，"
                  f"丢失 {len(figures.lost)}，残缺 {len(figures.half_saved)}", flush=True)

    with tempfile.TemporaryDirectory(prefix="cmdesk-bench-crash-") as folder:
        figures = kill_runs(Path(folder) / "data", count, seed=2026, progress=report)
    return {
        "runs": figures.runs,
        "runs_goal": RUNS_GOAL,
        "acknowledged_saves": figures.acknowledged,
        "unacknowledged_saves_found_whole": figures.unacknowledged_found,
        "lost": len(figures.lost),
        "lost_goal": LOST_GOAL,
        "half_saved": len(figures.half_saved),
        "file_problems": figures.problems,
        "goal_met": figures.ok and figures.runs >= RUNS_GOAL,
        "seconds": round(figures.seconds, 1),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="SIGKILL 崩溃测试（目标：200 次以上，0 丢失）")
    parser.add_argument("--quick", action="store_true", help=f"只做 {QUICK_RUNS} 次")
    parser.add_argument("--runs", type=int, help="强制结束的次数")
    args = parser.parse_args()
    print(json.dumps(run(args.quick, args.runs, progress=True), ensure_ascii=False, indent=2))
