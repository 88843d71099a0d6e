#!/usr/bin/env python3
"""Runs every speed and memory target of promptcrafter against the release binary and
prints one table: what, figure, target, pass/miss, with the date and the machine.

Called by benches/run, which builds the binary and installs the tools. Everything runs on
loopback: a server started here, data made here (seed.py), the TUI in a pseudo-terminal
(keylat.py), wrk for load, hyperfine for whole commands.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/prompts", timeout=1)
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"bench.py: no server at {url}")


class Bench:
    def __init__(self, args):
        self.bin = os.path.abspath(args.bin)
        self.tmp = tempfile.mkdtemp(prefix="pc-bench-")
        self.rows = []
        self.quick = args.quick
        # Launches per first-frame row (their median is the figure).
        self.runs = 1 if args.quick else 5

    # --- running things -------------------------------------------------------------
    def start_server(self, db=None, name="serve"):
        """Starts `promptcrafter serve` on a free loopback port (SQLite in the temp dir
        unless `db` names another database); the server becomes self.server."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = db or os.path.join(self.tmp, "bench.db")
        env = dict(os.environ, PROMPTCRAFTER_HOME=os.path.join(self.tmp, f"{name}-home"))
        self.server = subprocess.Popen(
            [self.bin, "serve", "--addr", f"127.0.0.1:{self.port}", "--db", self.db],
            env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.tmp, f"{name}.log"), "w"))
        wait_http(self.url)

    def postgres_load(self, url):
        """POST /logs under load on a second server whose store is the PostgreSQL
        database `url` (PROMPTCRAFTER_BENCH_PG_URL), with the same wrk run."""
        sqlite_server, sqlite_url = self.server, self.url
        try:
            self.start_server(db=url, name="serve-pg")
            small = self.seed("pg@example.com", 20, 0)
            self.server_load(small, backend="PostgreSQL")
        finally:
            self.server.terminate()
            self.server.wait(timeout=10)
            self.server, self.url = sqlite_server, sqlite_url

    def seed(self, email, prompts, logs):
        out = subprocess.run(
            [PY, os.path.join(HERE, "seed.py"), "--url", self.url, "--email", email,
             "--prompts", str(prompts), "--logs", str(logs)],
            check=True, capture_output=True, text=True).stdout
        return json.loads(out)

    def keylat(self, *extra, home=None, token=None, remote=True, argv=()):
        home = home or tempfile.mkdtemp(dir=self.tmp, prefix="home-")
        cmd = [PY, os.path.join(HERE, "keylat.py"), "--bin", self.bin,
               "--env", f"PROMPTCRAFTER_HOME={home}"]
        cmd += ["--env", "PROMPTCRAFTER_LOG=warn"]
        if remote:
            cmd += ["--arg=--api-url", f"--arg={self.url}"]
        for a in argv:
            cmd.append(f"--arg={a}")
        if token:
            cmd += ["--env", f"PROMPTCRAFTER_TOKEN={token}"]
        out = subprocess.run(cmd + list(extra), capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stderr[-2000:], file=sys.stderr)
            return {}
        return json.loads(out.stdout)

    def row(self, what, figure, target, ok):
        """One row of the table; `ok` None marks a figure shown for information."""
        verdict = "info" if ok is None else "pass" if ok else "MISS"
        self.rows.append((what, figure, target, verdict))
        print(f"  {what}: {figure} ({verdict})", file=sys.stderr, flush=True)

    # --- the data ----------------------------------------------------------------------
    def make_outputs(self):
        short = os.path.join(self.tmp, "short-lines.txt")
        long = os.path.join(self.tmp, "long-lines.txt")
        with open(short, "w") as f:
            i = 0
            while f.tell() < (1 << 20):
                f.write(f"line {i}: the quick brown fox {i % 97}\n")
                i += 1
        with open(long, "w") as f:
            for i in range(1200):
                f.write((f"para {i} " + "lorem ipsum dolor sit amet " * 40)[:850] + "\n")
        return short, long

    # --- the measurements ----------------------------------------------------------------
    def launches(self, make_home, *args, **kw):
        """Launches the TUI self.runs times (each with the home `make_home()` gives) until
        its first usable frame; returns (median, fastest, slowest) in ms, and the last result.
        One launch is one sample of a noisy machine (the seeding's writes still go to disk
        for a while): the median of several is the figure."""
        times, r = [], {}
        for _ in range(self.runs):
            r = self.keylat(*args, home=make_home(), **kw)
            times.append(r.get("ready_ms", 1e9))
        times.sort()
        return times[len(times) // 2], times[0], times[-1], r

    def launch_row(self, what, target_ms, figures):
        median, low, high, _ = figures
        spread = f" ({low}-{high} over {self.runs} launches)" if self.runs > 1 else ""
        self.row(what, f"{median} ms{spread}", f"<= {target_ms} ms", median <= target_ms)

    def first_frames(self, small, big):
        home = lambda: tempfile.mkdtemp(dir=self.tmp, prefix="home-")
        self.launch_row("first usable frame, 200 prompts", 20,
                        self.launches(home, "--ready", "prompt 0", token=small["token"]))
        self.launch_row(f"first usable frame, {self.prompts:,} prompts", 60,
                        self.launches(home, "--ready", "prompt 0", token=big["token"]))
        fresh = []
        def fresh_home():
            fresh.append(tempfile.mkdtemp(dir=self.tmp, prefix="fresh-"))
            return fresh[-1]
        self.launch_row("first usable frame, fresh embedded default", 120,
                        self.launches(fresh_home, "--ready", "Support ticket triage", remote=False))
        warm = lambda: fresh[0]
        self.launch_row("first usable frame, warm embedded default", 20,
                        self.launches(warm, "--ready", "Support ticket triage", remote=False))
        r = self.keylat("--ready", "Support ticket triage", "--idle-seconds", "10",
                        home=fresh[0], remote=False)
        self.row("idle CPU, main screen, 10 s", f"{r.get('idle_ticks')} ticks, {r.get('idle_bytes')} bytes",
                 "0 ticks", r.get("idle_ticks", 1) == 0)
        self.row("peak RSS, idle", f"{r.get('peak_rss_mib')} MiB", "<= 15 MiB",
                 r.get("peak_rss_mib", 1e9) <= 15)

    def open_busy(self, big, loaded=True):
        """Steps that open the busy prompt; with `loaded`, then wait until the whole
        prompt list is in (the title without its trailing "…")."""
        steps = ["--step", "send:/", "--step", "type:prompt 000000", "--step", "send:\\r",
                 "--step", "wait:000000"]
        if loaded:
            steps += ["--step", f"wait:/{self.prompts} "]
        return steps

    def keystrokes(self, big, short, long):
        count = "60" if self.quick else "300"
        base = self.open_busy(big)
        cases = [
            (f"Output, {self.logs:,} logs, {self.prompts:,} prompts, empty form", base, "a,b,c,\\x7f,\\x7f,\\x7f"),
            (f"Notes, {self.logs:,} logs", base + ["--step", "send:\\t\\t\\t"], "a,b,\\x7f,\\x7f"),
            (f"logs list move, {self.logs:,} logs", base + ["--step", "send:\\t\\t\\t\\t"],
             "\\x1b[B,\\x1b[B,\\x1b[A,\\x1b[A"),
            ("Output, 1 MiB of 14k short lines", base + ["--step", f"paste:{short}"], "a,b,\\x7f,\\x7f"),
            ("Output, 1 MiB of 1,200 long lines", base + ["--step", f"paste:{long}"], "a,b,\\x7f,\\x7f"),
        ]
        cases.append((f"Output, while the {self.prompts:,} prompts still arrive",
                      self.open_busy(big, loaded=False), "a,b,c,\\x7f,\\x7f,\\x7f"))
        peak = 0
        for name, steps, keys in cases:
            r = self.keylat("--ready", "prompt 0", *steps, "--keys", keys, "--count", count,
                            token=big["token"])
            peak = max(peak, r.get("peak_rss_mib", 0))
            self.row(f"key to frame: {name}", f"p50 {r.get('p50_ms')} / p99 {r.get('p99_ms')} ms",
                     "p99 <= 8 ms", r.get("p99_ms", 1e9) <= 8)
        r = self.keylat("--ready", "prompt 0", "--step", f"wait:/{self.prompts} ", "--step", "send:/", "--keys",
                        "i,n,v,o,\\x7f,\\x7f,\\x7f,\\x7f", "--count", count, "--gap-ms", "15",
                        token=big["token"])
        self.row(f"filter over {self.prompts:,} prompts, per typed character",
                 f"p50 {r.get('p50_ms')} / p99 {r.get('p99_ms')} ms", "p99 <= 8 ms",
                 r.get("p99_ms", 1e9) <= 8)
        self.row(f"peak RSS, {self.prompts:,} prompts and {self.logs:,} logs loaded", f"{peak} MiB", "<= 80 MiB",
                 peak <= 80)
        # The busy prompt is the list's first, so it opens at launch: from the
        # launch to its newest rows on screen (start-up included, an upper bound).
        newest = f"Answer {self.logs - 1}"[:-1]
        r = self.keylat("--ready", newest, token=big["token"])
        self.row(f"open a prompt with {self.logs:,} logs (at launch): newest rows on screen",
                 f"{r.get('ready_ms')} ms", "<= 50 ms", r.get("ready_ms", 1e9) <= 50)

    def review_idle(self, small):
        queue = os.path.join(self.tmp, "queue.jsonl")
        with open(queue, "w") as f:
            for i in range(5):
                f.write(json.dumps({"output": f"answer {i}", "model": "gpt-4o"}) + "\n")
        r = self.keylat("--ready", "Item 1", "--idle-seconds", "10", token=small["token"],
                        argv=["review", queue, "--prompt", small["busy_prompt"]])
        self.row("idle CPU, review screen, 10 s", f"{r.get('idle_ticks')} ticks, {r.get('idle_bytes')} bytes",
                 "0 ticks besides the clock", r.get("idle_ticks", 99) <= 1)

    def server_load(self, small, backend="SQLite"):
        body = json.dumps({"promptId": small["quiet_prompt"], "output": "x" * 2048,
                           "modelUsed": "gpt-4o", "score": 7})
        script = os.path.join(self.tmp, "post.lua")
        with open(script, "w") as f:
            f.write('wrk.method = "POST"\nwrk.body = [[%s]]\n' % body)
            f.write('wrk.headers["Content-Type"] = "application/json"\n')
            f.write('wrk.headers["Authorization"] = "Bearer %s"\n' % small["token"])
            f.write('created = 0\nothers = 0\n'
                    'response = function(status) if status == 201 then created = created + 1 '
                    'else others = others + 1 end end\n')
        out = subprocess.run(["wrk", "-t2", "-c64", "-d10s", "--latency", "-s", script,
                              f"{self.url}/logs"], capture_output=True, text=True).stdout
        rps, p99, errors = parse_wrk(out)
        stored = count_logs(self.url, small["token"], small["quiet_prompt"])
        self.row(f"POST /logs on {backend}, 64 connections, 10 s, 2 KiB", f"{rps:,.0f} req/s, p99 {p99} ms, "
                 f"{errors} errors, {stored:,} stored", ">= 10,000 req/s, p99 <= 25 ms, 0 errors",
                 rps >= 10000 and p99 <= 25 and errors == 0)

    def server_page(self, big):
        out = subprocess.run(
            ["wrk", "-t2", "-c16", "-d5s", "--latency", "-H", f"Authorization: Bearer {big['token']}",
             f"{self.url}/logs?promptId={big['busy_prompt']}&limit=50"],
            capture_output=True, text=True).stdout
        rps, p99, errors = parse_wrk(out)
        self.row(f"GET /logs?promptId= first page, {self.logs:,} logs", f"p99 {p99} ms ({rps:,.0f} req/s)",
                 "p99 <= 10 ms", p99 <= 10 and errors == 0)

    def log_vs_curl(self, small, after_load=False):
        """`promptcrafter log` of one output against the seed's curl command, each
        run 50 times by hyperfine. The target row runs on the seeded server; the
        same again `after_load`, right after the POST load (whose half a GiB of
        writes the disk is still flushing, which adds the same time to both
        commands' commits), is shown for information."""
        home = tempfile.mkdtemp(dir=self.tmp, prefix="cli-")
        out_file = os.path.join(self.tmp, "out.txt")
        with open(out_file, "w") as f:
            f.write("An answer of a model.\n")
        body = json.dumps({"promptId": small["quiet_prompt"], "output": "An answer of a model.\n",
                           "modelUsed": "gpt-4o", "score": 8})
        ours = (f"PROMPTCRAFTER_HOME={home} PROMPTCRAFTER_TOKEN={small['token']} {self.bin} "
                f"--api-url {self.url} log --prompt {small['quiet_prompt']} --model gpt-4o "
                f"--score 8 --file {out_file}")
        curl = (f"curl -s -o /dev/null -X POST {self.url}/logs -H 'Content-Type: application/json' "
                f"-H 'Authorization: Bearer {small['token']}' -d '{body}'")
        export = os.path.join(self.tmp, "hf.json")
        subprocess.run(["hyperfine", "--warmup", "5", "--runs", "50", "--export-json", export,
                        ours, curl], capture_output=True, check=False)
        try:
            results = json.load(open(export))["results"]
            ratio = results[0]["mean"] / results[1]["mean"]
            figure = (f"{ratio:.2f}x ({results[0]['mean'] * 1000:.1f} vs "
                      f"{results[1]['mean'] * 1000:.1f} ms)")
        except (OSError, KeyError, IndexError, ValueError):
            ratio, figure = None, "not measured"
        if after_load:
            self.row("`promptcrafter log` vs curl, right after the POST load", figure,
                     "(for information)", None)
        else:
            self.row("`promptcrafter log` vs curl, wall time", figure, "<= 0.7x",
                     ratio is not None and ratio <= 0.7)

    def table(self):
        cpu = "unknown cpu"
        try:
            with open("/proc/cpuinfo") as f:
                cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
        except (OSError, StopIteration):
            pass
        print(f"promptcrafter benchmarks, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
              f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}\n")
        print("| what | figure | target | |")
        print("|---|---|---|---|")
        for what, figure, target, verdict in self.rows:
            print(f"| {what} | {figure} | {target} | {verdict} |")

    def stop(self):
        self.server.terminate()
        self.server.wait(timeout=10)
        shutil.rmtree(self.tmp, ignore_errors=True)


def parse_wrk(out):
    rps, p99, errors = 0.0, 1e9, 0
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            rps = float(parts[1])
        elif len(parts) == 2 and parts[0] == "99%":
            p99 = to_ms(parts[1])
        elif "Non-2xx" in line or line.strip().startswith("Socket errors"):
            errors += sum(int(p.rstrip(",")) for p in parts if p.rstrip(",").isdigit())
    return rps, p99, errors


def to_ms(text):
    for unit, factor in (("ms", 1), ("us", 0.001), ("s", 1000)):
        if text.endswith(unit):
            return round(float(text[: -len(unit)]) * factor, 2)
    return 1e9


def count_logs(url, token, prompt):
    req = urllib.request.Request(f"{url}/logs?promptId={prompt}",
                                 headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return len(json.load(resp))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--quick", action="store_true", help="smaller data and fewer keys (a smoke run)")
    args = ap.parse_args()
    b = Bench(args)
    b.start_server()
    try:
        prompts, logs = (2000, 5000) if args.quick else (100_000, 50_000)
        b.prompts, b.logs = prompts, logs
        print("making the data sets ...", file=sys.stderr, flush=True)
        small = b.seed("small@example.com", 200, 100)
        big = b.seed("big@example.com", prompts, logs)
        short, long = b.make_outputs()
        b.first_frames(small, big)
        b.keystrokes(big, short, long)
        b.review_idle(small)
        b.server_page(big)
        b.log_vs_curl(small)
        b.server_load(small)
        b.log_vs_curl(small, after_load=True)
        pg = os.environ.get("PROMPTCRAFTER_BENCH_PG_URL")
        if pg:
            b.postgres_load(pg)
    finally:
        b.stop()
    b.table()


if __name__ == "__main__":
    main()
