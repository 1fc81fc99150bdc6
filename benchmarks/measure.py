"""One Sphinx build, measured: time, CPU, peak memory, what it read and wrote.

``build()`` runs ``<python> -m sphinx -b html -q -N SRC OUT`` in a new
process session and waits for it with ``os.wait4``, whose resource usage
covers the Sphinx process and every descendant it waited for (the ``-j``
workers): user+system CPU seconds, and ``ru_maxrss``, the largest resident
set any one of those processes reached (the kernel's high-water mark:
exact, and for a serial build the peak of the build). A thread samples the
resident memory of the whole process tree every ``SAMPLE_S`` seconds
(``/proc/<pid>/statm`` of the process and its descendants, found by their
parent ids), for the peak of the sum: the figure for a ``-j`` build, whose
workers are alive at the same time. Its limits: a peak shorter than the
interval can be missed, and pages the forked workers share with the main
process (copy-on-write) are counted once per process, so the sum is an
upper bound where ``ru_maxrss`` is a lower one. The same thread ends the
build (the whole session) when it runs past the time budget.

``paired()`` runs two builds at once, each pinned to a CPU of its own
(``os.sched_setaffinity``; the ``-j`` workers a build forks inherit it):
two builds that share the machine's slow and fast minutes, for a ratio
that a drift of the machine's speed between two builds cannot move. The
build that ends first hands its CPU to a filler (the same build again,
into a scratch directory, not measured) until the other ends, so that
neither runs any part of its build without a neighbour.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

#: html pages that are not documents and that Sphinx (or sphinx-notfound-page)
#: writes in every build that writes anything
SPECIAL_PAGES = {"genindex", "search", "py-modindex", "404"}
#: seconds between two samples of the process tree's memory
SAMPLE_S = 0.2
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024


def snapshot(outdir: Path) -> tuple[dict[str, int], dict[str, int]]:
    """``(doctrees, pages)``: docname -> mtime_ns of each file present."""
    doctrees: dict[str, int] = {}
    pages: dict[str, int] = {}
    dtdir = outdir / ".doctrees"
    if dtdir.is_dir():
        for path in dtdir.rglob("*.doctree"):
            doctrees[path.relative_to(dtdir).with_suffix("").as_posix()] = path.stat().st_mtime_ns
    if outdir.is_dir():
        for path in outdir.rglob("*.html"):
            rel = path.relative_to(outdir)
            if rel.parts[0].startswith("_"):
                continue
            pages[rel.with_suffix("").as_posix()] = path.stat().st_mtime_ns
    return doctrees, pages


def changed(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """Keys new in *after* or with a different mtime."""
    return sorted(k for k, v in after.items() if before.get(k) != v)


def descendants(root: int) -> list[int]:
    """*root* and every process below it (``/proc/*/stat`` parent ids)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def tree_rss(root: int) -> int:
    """Resident bytes of *root* and its descendants, summed."""
    total = 0
    for pid in descendants(root):
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


class Watcher(threading.Thread):
    """Samples the tree's memory until the build ends; kills it past *budget* seconds."""

    def __init__(self, pid: int, budget: float | None) -> None:
        super().__init__(daemon=True)
        self.pid, self.budget = pid, budget
        self.peak = 0
        self.killed = False
        self.done = threading.Event()

    def run(self) -> None:
        start = time.perf_counter()
        while not self.done.wait(SAMPLE_S):
            self.peak = max(self.peak, tree_rss(self.pid))
            if self.budget and time.perf_counter() - start > self.budget:
                self.killed = True
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                return


def command(python: str, src: Path, out: Path, jobs: int = 1) -> list[str]:
    """The command line of one build."""
    return (
        [python, "-m", "sphinx", "-b", "html", "-q", "-N"]
        + (["-j", str(jobs)] if jobs > 1 else [])
        + [str(src), str(out)]
    )


def pin(pid: int, cpu: int) -> None:
    """Run *pid*, just started, on *cpu* alone; every process it forks later inherits the mask."""
    try:
        os.sched_setaffinity(pid, {cpu})
    except ProcessLookupError:  # it has already ended
        pass


def build(
    python: str,
    src: Path,
    out: Path,
    jobs: int = 1,
    budget: float | None = None,
    cpu: int | None = None,
) -> dict:
    """Run one build; return its measures (``dnf`` True if it ran past *budget* seconds).

    *cpu*: the one CPU the build (and any process it forks) runs on.
    """
    before = snapshot(out)
    cmd = command(python, src, out, jobs)
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, start_new_session=True)
        if cpu is not None:
            pin(proc.pid, cpu)
        watcher = Watcher(proc.pid, budget)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
        watcher.done.set()
        watcher.join()
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    measures = {
        "wall": round(wall, 3),
        "cpu": round(usage.ru_utime + usage.ru_stime, 3),
        # ru_maxrss is in KiB on Linux
        "maxrss_mb": round(usage.ru_maxrss * 1024 / MIB, 1),
        "tree_mb": round(max(watcher.peak, usage.ru_maxrss * 1024) / MIB, 1),
        "load1_before": round(load, 2),
    }
    if watcher.killed:
        return {**measures, "dnf": True, "budget": budget}
    if proc.returncode:
        sys.stderr.write(output + errors)
        raise SystemExit(f"build failed ({proc.returncode}): {' '.join(cmd)}")
    doctrees, pages = snapshot(out)
    read = changed(before[0], doctrees)
    written = changed(before[1], pages)
    documents = [p for p in written if p in doctrees and p not in SPECIAL_PAGES]
    generated = [p for p in written if p not in doctrees or p in SPECIAL_PAGES]
    warnings = [line for line in errors.splitlines() if "WARNING" in line]
    return {
        **measures,
        "read": len(read),
        # pages of documents; pages an extension makes (archives, genindex, 404) apart
        "written": len(documents),
        "generated": len(generated),
        # names only for rebuilds (a full build reads and writes everything)
        "read_docs": read if len(read) <= 50 else [],
        "written_docs": documents if len(read) <= 50 else [],
        "warnings": len(warnings),
        "first_warnings": warnings[:5],
    }


def pairable_cpus() -> tuple[int, int] | None:
    """Two CPUs this process may run on, or None on a single-CPU machine."""
    cpus = sorted(os.sched_getaffinity(0))
    return (cpus[0], cpus[1]) if len(cpus) > 1 else None


def paired(
    python: str,
    first: tuple[Path, Path],
    second: tuple[Path, Path],
    cpus: tuple[int, int],
    budget: float | None = None,
) -> tuple[dict, dict]:
    """Build *first* and *second* (``(src, out)`` each) at once, on ``cpus[0]`` and ``cpus[1]``.

    Each result has ``fillers``: how many filler builds kept the other CPU
    busy after it ended (0 for the build that ended last).
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        builds = [
            pool.submit(build, python, *job, budget=budget, cpu=cpu)
            for job, cpu in zip((first, second), cpus, strict=True)
        ]
        done, _ = wait(builds, return_when=FIRST_COMPLETED)
        ended = 0 if builds[0] in done else 1
        other = builds[1 - ended]
        fillers = 0 if other.done() else fill(python, (first, second)[ended][0], cpus[ended], other)
        results = [f.result() for f in builds]
    results[ended]["fillers"] = fillers
    results[1 - ended]["fillers"] = 0
    return results[0], results[1]


def fill(python: str, src: Path, cpu: int, until: Future) -> int:
    """Build *src* on *cpu*, again and again into scratch directories, until *until* is done.

    Returns how many builds were started; the last one is stopped unfinished.
    """
    started = 0
    with tempfile.TemporaryDirectory(prefix="confnotes-filler-") as scratch:
        while not until.done():
            out = Path(scratch) / str(started)
            proc = subprocess.Popen(
                command(python, src, out),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            pin(proc.pid, cpu)
            started += 1
            while proc.poll() is None and not until.done():
                wait([until], timeout=0.05)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            shutil.rmtree(out, ignore_errors=True)
    return started


def self_check() -> None:
    """The memory measures see a child's allocation (``python measure.py``)."""
    code = (
        "x = bytearray(200 * 2**20); x[::4096] = b'a' * len(x[::4096]); import time; time.sleep(1)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    watcher = Watcher(proc.pid, None)
    watcher.start()
    _, _, usage = os.wait4(proc.pid, 0)
    watcher.done.set()
    watcher.join()
    print(
        f"ru_maxrss {usage.ru_maxrss / 1024:.0f} MiB, sampled tree peak "
        f"{watcher.peak / MIB:.0f} MiB (allocated 200 MiB); "
        f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    self_check()
