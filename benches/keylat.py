#!/usr/bin/env python3
"""Key-to-frame latency of the real binary in a pseudo-terminal, as a user feels it.

Starts the program in a pty of the given size, runs setup steps (send keys, paste a
file with bracketed paste, wait until a text is on screen), then writes one key at a
time and times from the write to the last byte of the frame that answers it (the
answer ends when the pty stays quiet for --gap-ms). Also: time from launch to a text
on screen, CPU ticks while idle, and peak resident memory. Prints one JSON object.

Needs pyte (a VT100 emulator) only to read the screen for `wait` steps.
"""

import argparse
import json
import os
import pty
import queue
import select
import signal
import struct
import sys
import fcntl
import termios
import threading
import time

import pyte


def unescape(text):
    return text.encode().decode("unicode_escape").encode("utf-8", "surrogateescape") \
        if "\\" in text else text.encode()


class Term:
    def __init__(self, argv, env, cols, rows):
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.kill(pid, signal.SIGWINCH)
        self.pid, self.fd = pid, fd
        self.total = 0
        self.closed = False
        self.chunks = queue.Queue()
        threading.Thread(target=self._read_all, daemon=True).start()

    def _read_all(self):
        """The reader thread: takes every chunk off the pty as it comes, stamped with
        the time it was read, so the emulator's own work (pyte, in Python, is slow on
        a full frame) never delays a reading or shows up in a figure."""
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                chunk = b""
            self.chunks.put((time.monotonic(), chunk))
            if not chunk:
                return

    def read_some(self, timeout):
        """What arrived within `timeout` seconds (and right after); returns (bytes,
        time the last chunk was read off the pty)."""
        data, last = b"", None
        try:
            at, chunk = self.chunks.get(timeout=timeout) if timeout > 0 else self.chunks.get_nowait()
        except queue.Empty:
            return data, last
        while chunk:
            data += chunk
            last = at
            try:
                at, chunk = self.chunks.get_nowait()
            except queue.Empty:
                break
        if not chunk:
            self.closed = True
        return data, last

    def feed(self, data):
        self.total += len(data)
        self.stream.feed(data)

    def text(self):
        return "\n".join(self.screen.display)

    def wait_for(self, needle, timeout=60.0):
        """Waits until `needle` is on screen; returns seconds from the start to the
        reading of the bytes that put it there."""
        deadline = time.monotonic() + timeout
        seen_at = time.monotonic()
        while needle not in self.text():
            left = deadline - time.monotonic()
            if left <= 0:
                raise SystemExit(f"keylat.py: '{needle}' not on screen after {timeout} s:\n{self.text()}")
            data, last = self.read_some(min(left, 0.05))
            if data:
                self.feed(data)
                seen_at = last
        return seen_at - self.started

    def drain(self, gap):
        """Reads until the pty is quiet for `gap` seconds; returns the time of the last byte."""
        last = None
        while True:
            data, at = self.read_some(gap)
            if not data:
                return last
            self.feed(data)
            last = at

    def key(self, data, gap, timeout=5.0):
        """Writes one key; returns seconds from the write to the last byte of its answer.
        The answer goes to the emulator once it is over: pyte, in Python, takes
        milliseconds of CPU for what a terminal does in microseconds, and fed as the
        bytes came it took one of the machine's two cores from the program in the
        middle of the answer it measures (a typed filter character's results came
        several ms later behind the frame that echoed the character)."""
        self.drain(gap)
        start = time.monotonic()
        os.write(self.fd, data)
        first, first_at = self.read_some(timeout)
        if not first:
            return None
        answer, last = [first], first_at
        while True:
            more, at = self.read_some(gap)
            if not more:
                break
            answer.append(more)
            last = at
        self.feed(b"".join(answer))
        return last - start

    def key_until(self, data, needle, timeout=30.0):
        """Writes one key; returns seconds until `needle` is on screen."""
        self.drain(0.02)
        start = time.monotonic()
        os.write(self.fd, data)
        return self.wait_for(needle, timeout) - (start - self.started)

    def paste(self, data):
        os.write(self.fd, b"\x1b[200~")
        view = memoryview(data)
        while view:
            _, writable, _ = select.select([self.fd], [self.fd], [], 1)
            if writable:
                n = os.write(self.fd, view[: 1 << 14])
                view = view[n:]
            self.drain(0)
        os.write(self.fd, b"\x1b[201~")

    def cpu_ticks(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    def peak_rss_kib(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return None

    def stop(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                self.read_some(0.05)
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    return
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def percentile(values, p):
    values = sorted(values)
    if not values:
        return None
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def run_steps(term, steps):
    for step in steps:
        kind, _, arg = step.partition(":")
        if kind == "send":
            os.write(term.fd, unescape(arg))
            term.drain(0.02)
        elif kind == "type":
            for ch in arg:
                os.write(term.fd, ch.encode())
                term.drain(0.005)
        elif kind == "paste":
            with open(arg, "rb") as f:
                term.paste(f.read())
        elif kind == "wait":
            term.wait_for(arg)
        else:
            raise SystemExit(f"keylat.py: unknown step {step!r}")


def main():
    # The reader thread stamps a chunk only once it holds the GIL again, and
    # pyte, feeding a large frame in the main thread, keeps the GIL for the
    # whole switch interval (5 ms by default): the next frame's bytes were
    # stamped up to 5 ms late (launch to first frame, 200 prompts: median
    # 17.6 ms with the default, 12.0 ms with this; strace of the program's
    # own writes agrees with the latter). With a short interval the reader
    # takes the GIL within a tenth of a millisecond.
    sys.setswitchinterval(1e-4)
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--arg", action="append", default=[], help="an argument for the binary")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for the binary")
    ap.add_argument("--cols", type=int, default=200)
    ap.add_argument("--rows", type=int, default=50)
    ap.add_argument("--ready", required=True, help="text on screen once the first usable frame is drawn")
    ap.add_argument("--step", action="append", default=[],
                    help="send:KEYS | type:TEXT | paste:FILE | wait:TEXT, in order")
    ap.add_argument("--keys", default="", help="comma-separated keys to time, cycled (\\x escapes)")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--gap-ms", type=float, default=4.0)
    ap.add_argument("--until", help="time each key until this text is on screen (not to the frame's end)")
    ap.add_argument("--idle-seconds", type=float, default=0)
    args = ap.parse_args()

    env = dict(os.environ, TERM="xterm-256color")
    env.update(kv.split("=", 1) for kv in args.env)
    term = Term([args.bin, *args.arg], env, args.cols, args.rows)
    result = {}
    try:
        result["ready_ms"] = round(term.wait_for(args.ready) * 1000, 1)
        run_steps(term, args.step)
        if args.keys:
            keys = [unescape(k) for k in args.keys.split(",")]
            times = []
            for i in range(args.count):
                key = keys[i % len(keys)]
                t = term.key_until(key, args.until) if args.until else term.key(key, args.gap_ms / 1000)
                if t is not None:
                    times.append(t * 1000)
            result.update(keys=len(times), p50_ms=round(percentile(times, 50), 2),
                          p99_ms=round(percentile(times, 99), 2), max_ms=round(max(times), 2))
        if args.idle_seconds:
            term.drain(0.2)
            before, bytes_before = term.cpu_ticks(), term.total
            deadline = time.monotonic() + args.idle_seconds
            while time.monotonic() < deadline:
                data, _ = term.read_some(deadline - time.monotonic())
                term.feed(data)
            result.update(idle_ticks=term.cpu_ticks() - before,
                          idle_bytes=term.total - bytes_before)
        result["peak_rss_mib"] = round(term.peak_rss_kib() / 1024, 1)
    finally:
        term.stop()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
