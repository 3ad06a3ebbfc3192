#!/usr/bin/env python3
"""Two `hewei serve` processes on one PostgreSQL database, both sweeping every second, with time limits of
one minute: every red light, automatic supervision notice, escalation and overdue mark happens exactly once.

Real processes, real clock, loopback only; standard library only. Needs PostgreSQL:
    scripts/with-postgres.sh python3 scripts/two-servers.py [path to hewei]   (default .build/debug/hewei)
"""
import json, os, shutil, subprocess, sys, tempfile, time, urllib.request, urllib.error
from collections import Counter

HEWEI = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/hewei"
URL = os.environ.get("HEWEI_TEST_POSTGRES_URL") or sys.exit("two-servers: HEWEI_TEST_POSTGRES_URL is not set (run under scripts/with-postgres.sh)")
PORTS = (18281, 18282)
TOWN = "370881001000"
ORDERS_PER_KIND = 8
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

POLICY = """county: "370881"
countyName: 曲阜市
timeLimits:
  objectionWindow: 1 minutes
  general: { signFor: 1 minutes, handling: 1 minutes }
  urgent: { signFor: 1 minutes, handling: 1 minutes }
  critical: { signFor: 1 minutes, handling: 1 minutes }
  extensionMaximum: 10 minutes
  followUp: 1 minutes
  supervisionResponse: 1 minutes
  warning: { before: 1 minutes, fraction: 0.25 }
"""


def call(port, method, path, body=None, token=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=json.dumps(body).encode() if body else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.loads(res.read() or b"null")


def login(port, user):
    return call(port, "POST", "/api/v1/auth/login", {"username": user, "password": "hewei-demo"})["token"]


def main():
    work = tempfile.mkdtemp(prefix="hewei-two-")
    env = dict(os.environ, DATABASE_URL=URL)
    servers = []
    try:
        config = os.path.join(work, "config")
        shutil.copytree(os.path.join(ROOT, "Sources/HeweiServer/Defaults/calendar"), os.path.join(config, "calendar"))
        with open(os.path.join(config, "policy.yaml"), "w") as f:
            f.write(POLICY)
        common = ["--data", os.path.join(work, "data"), "--config", config]
        subprocess.run([HEWEI, "demo", *common, "--days", "0"], check=True, env=env, stdout=subprocess.DEVNULL)
        for port in PORTS:
            servers.append(subprocess.Popen([HEWEI, "serve", *common, "--port", str(port), "--sweep-interval", "1"], env=env,
                                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, f"server-{port}.log"), "w")))
        for port in PORTS:
            for _ in range(600):
                try:
                    call(port, "GET", "/health")
                    break
                except Exception:
                    time.sleep(0.1)
            else:
                sys.exit(f"two-servers: server on {port} did not start")
        a, b = PORTS
        clerk_a, clerk_b, desk = login(a, "clerk"), login(b, "clerk"), login(b, "dispatcher")
        request = {"channel": "hotline12345", "requestKind": "complaint", "categoryCode": "0106", "address": "鲁城街道五马祠街",
                   "requesterName": "测试", "requesterPhone": "13800000000", "content": "路灯不亮"}
        department = [call(a, "POST", "/api/v1/orders", dict(request, dispatchTo="auto"), clerk_a)["code"] for _ in range(ORDERS_PER_KIND)]
        town = [call(b, "POST", "/api/v1/orders", dict(request, dispatchTo=TOWN), clerk_b)["code"] for _ in range(ORDERS_PER_KIND)]
        # Each order has two clocks that run out (sign-for, handling): two automatic notices. A department's notices are
        # held by the city centre and become overdue; a town's escalate to the city centre, whose notices become overdue.
        expected_overdue = 2 * (len(department) + len(town))
        deadline = time.time() + 420
        while True:
            page = call(b, "GET", "/api/v1/supervision?status=overdue&per=200", token=desk)
            open_ = call(b, "GET", "/api/v1/supervision?status=open&per=1", token=desk)["total"]
            if page["total"] >= expected_overdue and open_ == 0:
                break
            if time.time() > deadline:
                sys.exit(f"two-servers: timed out with {page['total']} overdue and {open_} open notices (want {expected_overdue}, 0)")
            time.sleep(3)
        time.sleep(3)  # a few more sweeps by both servers must change nothing
        problems = []
        for code in department + town:
            h = call(a, "GET", f"/api/v1/orders/{code}/handling", token=desk)
            events = call(b, "GET", f"/api/v1/orders/{code}/timeline", token=desk)
            system = [e for e in events if e["action"] == "supervise" and e["actorRole"] == "system"]
            statuses = Counter(n["status"] for n in h["notices"])
            first = [n for n in h["notices"] if not n.get("escalatedFrom")]
            children = Counter(n["escalatedFrom"] for n in h["notices"] if n.get("escalatedFrom"))
            if code in department:
                want_statuses, want_events = Counter(overdue=2), 4   # 2 red lights + 2 overdue marks
            else:
                want_statuses, want_events = Counter(escalated=2, overdue=2), 6   # 2 red + 2 escalations + 2 overdue
            if len(first) != 2 or statuses != want_statuses or any(c != 1 for c in children.values()) or len(system) != want_events:
                problems.append(f"{code}: notices {dict(statuses)}, first-generation {len(first)}, system supervise events {len(system)}")
        for p in problems:
            print("FAIL", p)
        print(f"two-servers: {len(department) + len(town)} orders, {expected_overdue} overdue notices, "
              f"{len(problems)} problem(s)")
        sys.exit(1 if problems else 0)
    finally:
        for s in servers:
            s.terminate()
        for s in servers:
            try:
                s.wait(timeout=10)
            except subprocess.TimeoutExpired:
                s.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
