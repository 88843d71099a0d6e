#!/usr/bin/env python3
"""Makes the benchmark data sets on a running PromptCrafter server, through its API.

Signs up (or logs in) one user, then creates N prompts and, on one of them, M logs,
with several connections at once. Prints one JSON object on stdout: the token, the
ids of the prompt holding the logs and of a nearly empty one, and how long it took.

Only loopback addresses are accepted: this is a benchmark, never a load on a real host.
"""

import argparse
import datetime
import http.client
import json
import sys
import threading
import time
import urllib.parse

MODELS = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "gemini-2.5-flash", "llama-3.1-70b"]
WORDS = ("invoice ticket refund summary triage classify extract answer review "
         "customer billing shipping escalate translate outline draft").split()


def loopback_only(url):
    host = urllib.parse.urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"seed.py: {url} is not a loopback address; refusing")


class Api:
    """One keep-alive connection to the server."""

    def __init__(self, url, token=None):
        parts = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.token = token

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(5):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                text = resp.read()
                break
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                time.sleep(0.05 * (attempt + 1))
        else:
            sys.exit(f"seed.py: {method} {path}: no answer")
        if resp.status in (429, 503):
            time.sleep(float(resp.getheader("Retry-After") or "1"))
            return self.call(method, path, body)
        return resp.status, (json.loads(text) if text else None)


def token_for(url, email, password):
    api = Api(url)
    api.call("POST", "/auth/signup", {"name": "Bench", "email": email, "password": password})
    status, body = api.call("POST", "/auth/login", {"email": email, "password": password})
    if status != 200:
        sys.exit(f"seed.py: login answered {status}: {body}")
    return body["token"]


def in_parallel(url, token, count, connections, make):
    """Calls make(api, i) for i in 0..count over `connections` threads; returns the results."""
    results = [None] * count
    lock = threading.Lock()
    next_index = [0]

    failures = []

    def worker():
        api = Api(url, token)
        while not failures:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= count:
                return
            try:
                results[i] = make(api, i)
            except SystemExit as e:  # sys.exit in a thread ends only the thread
                failures.append(str(e))
                return

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        sys.exit(failures[0])
    return results


def make_prompt(api, i):
    words = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(3))
    status, body = api.call("POST", "/prompts", {
        "title": f"{words} prompt {i:06d}",
        "content": f"Prompt {i}: {words}. Answer in {1 + i % 5} sentences.\n{{text}}",
        "model": MODELS[i % len(MODELS)],
        "tags": [WORDS[i % len(WORDS)], f"set{i % 10}"],
    })
    if status != 201:
        sys.exit(f"seed.py: POST /prompts answered {status}: {body}")
    return body


def make_log(prompt_id):
    def make(api, i):
        fence = "```json\n{\"n\": %d}\n```\n" % i if i % 3 == 0 else ""
        log = {
            "promptId": prompt_id,
            "output": f"{fence}# Answer {i}\nThe {WORDS[i % len(WORDS)]} is **done**, item {i}.\n",
            "modelUsed": MODELS[i % len(MODELS)],
            "score": i % 11,
        }
        if i % 2:  # notes on every other log; the others leave the field out (null is a 400)
            log["notes"] = f"note {i}: {WORDS[(i * 3) % len(WORDS)]}"
        status, body = api.call("POST", "/logs", log)
        if status != 201:
            sys.exit(f"seed.py: POST /logs answered {status}: {body}")
        return None
    return make


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--url", required=True)
    ap.add_argument("--email", default="bench@example.com")
    ap.add_argument("--password", default="bench-password-long")
    ap.add_argument("--prompts", type=int, default=200)
    ap.add_argument("--logs", type=int, default=0, help="logs on the first prompt")
    ap.add_argument("--connections", type=int, default=16)
    args = ap.parse_args()
    loopback_only(args.url)
    start = time.monotonic()
    token = token_for(args.url, args.email, args.password)
    # The busy prompt first and alone, so it is the oldest (the list's first
    # row) on every run: prompts made in the same millisecond tie on
    # createdAt and then sort by their random ids.
    first = make_prompt(Api(args.url, token), 0)
    made = datetime.datetime.fromisoformat(first["createdAt"].replace("Z", "+00:00"))
    while datetime.datetime.now(datetime.timezone.utc) <= made:
        time.sleep(0.001)  # the server shares this clock: a millisecond at most
    rest = in_parallel(args.url, token, args.prompts - 1, args.connections,
                       lambda api, i: make_prompt(api, i + 1))
    ids = [p["_id"] for p in [first] + rest]
    if args.logs:
        in_parallel(args.url, token, args.logs, args.connections, make_log(ids[0]))
    json.dump({
        "token": token,
        "busy_prompt": ids[0],
        "quiet_prompt": ids[-1],
        "seconds": round(time.monotonic() - start, 1),
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
