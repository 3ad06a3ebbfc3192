#!/usr/bin/env python3
"""Nothing acknowledged is lost: load intakes, kill -9 the server mid-load, restart, and check that
every order that got a 2xx answer is there. Uses only the standard library; loopback only.

Usage: scripts/crash-test.py [path to hewei binary]   (default: .build/debug/hewei)
"""
import json, os, shutil, signal, subprocess, sys, tempfile, threading, time, urllib.request, urllib.error

HEWEI = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/hewei"
PORT = 18181
BASE = f"http://127.0.0.1:{PORT}"
DATA = tempfile.mkdtemp(prefix="hewei-crash-")

def call(method, path, body=None, token=None, timeout=5):
    req = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=timeout) as res:
        return res.status, json.loads(res.read() or b"null")

def start():
    proc = subprocess.Popen([HEWEI, "serve", "--data", DATA, "--port", str(PORT)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if call("GET", "/health")[0] == 200:
                return proc
        except Exception:
            time.sleep(0.1)
    raise SystemExit("server did not start")

def main():
    subprocess.run([HEWEI, "demo", "--data", DATA, "--days", "0"], check=True, stdout=subprocess.DEVNULL)
    server = start()
    token = call("POST", "/api/v1/auth/login", {"username": "clerk", "password": "hewei-demo"})[1]["token"]
    acked, lock, stop = [], threading.Lock(), threading.Event()

    def worker(n):
        i = 0
        while not stop.is_set() and i < 100000:
            i += 1
            body = {"channel": "hotline12345", "requestKind": "complaint", "categoryCode": "0106", "address": "鲁城街道",
                    "requesterName": "测试", "requesterPhone": "13800000000", "content": f"crash test {n}-{i}", "dispatchTo": "auto"}
            try:
                status, order = call("POST", "/api/v1/orders", body, token)
                if 200 <= status < 300:
                    with lock:
                        acked.append(order["code"])
            except Exception:
                pass  # the server died under us: the request was not acknowledged

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    time.sleep(4)
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for t in threads:
        t.join()
    server = start()
    token = call("POST", "/api/v1/auth/login", {"username": "clerk", "password": "hewei-demo"})[1]["token"]
    missing = []
    for code in acked:
        try:
            call("GET", "/api/v1/orders/" + code, token=token)
        except urllib.error.HTTPError:
            missing.append(code)
    server.send_signal(signal.SIGTERM)
    server.wait()
    shutil.rmtree(DATA, ignore_errors=True)
    print(f"acknowledged before kill -9: {len(acked)}, missing after restart: {len(missing)}")
    print(f"{len(acked) - len(missing)} passed, {len(missing)} failed")
    return 1 if missing or not acked else 0

if __name__ == "__main__":
    sys.exit(main())
