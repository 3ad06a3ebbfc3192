#!/usr/bin/env python3
"""Open311 GeoReport v2 conformance checks against a running hewei server (see scripts/open311-check.sh).

Uses two third-party clients UNCHANGED (imported, never patched):
  * georeport 0.3.1  -- reads (services, definitions, requests) in XML and JSON; it has no call that
                        creates a request, so creation is done with civicbot and with urllib.
  * civicbot 0.4.0   -- reads and creates (dry_run=False, confirm="SEND", api_key); its transport
                        parses every answer as JSON (HttpTransport.get_json), so it is used for .json only.
plus our own urllib checks of every error case of the spec (403, 404, 400 bodies in both formats).

Usage: open311_check.py BASE_URL API_KEY     (e.g. http://127.0.0.1:8080/open311/v2 hewei-demo-open311-key)
Exit status 0 when every check passed.
"""
import datetime
import json
import sys
import traceback
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import civicbot
import georeport
from civicbot import Endpoint, HttpError, Open311Client
from georeport import GeoReport

ROOT, KEY = sys.argv[1].rstrip("/"), sys.argv[2]
CST = datetime.timezone(datetime.timedelta(hours=8))
PHONE = "13912345678"
results = []  # (ok, name, detail)


def check(name, cond, detail=""):
    results.append((bool(cond), name, detail))
    print(("ok   " if cond else "FAIL ") + name + ("" if cond or not detail else f"  -- {detail}"))
    return bool(cond)


def step(name, fn):
    """Runs fn(); an exception is a failed check (with the reason), never a crash of the script."""
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - every failure is reported
        check(name, False, f"{type(e).__name__}: {e}")
        traceback.print_exc(limit=2, file=sys.stdout)
        return None


def http(method, path, form=None, headers=None):
    """(status, content-type, body text) without raising on 4xx."""
    data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
    h = dict(headers or {})
    if data is not None:
        h.setdefault("Content-Type", "application/x-www-form-urlencoded")
    req = urllib.request.Request(ROOT + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def is_w3c_with_zone(s):
    try:
        d = datetime.datetime.fromisoformat(s)
    except (TypeError, ValueError):
        return False
    return d.tzinfo is not None and s.endswith("+08:00")


def as_list(x):
    """xmltodict (inside georeport) gives a dict for a single child element, a list for several."""
    if x is None:
        return []
    return x if isinstance(x, list) else [x]


def error_body_ok(fmt, ctype, body, code):
    if fmt == "json":
        if not ctype.startswith("application/json"):
            return False, f"content type {ctype}"
        data = json.loads(body)
        ok = isinstance(data, list) and data and data[0].get("code") == code and isinstance(data[0].get("description"), str) \
            and data[0]["description"]
        return ok, body[:200]
    if not ctype.startswith("text/xml"):
        return False, f"content type {ctype}"
    if not body.startswith('<?xml version="1.0" encoding="utf-8"?>'):
        return False, "no XML declaration"
    root = ET.fromstring(body)
    ok = root.tag == "errors" and root.find("error/code") is not None and root.find("error/code").text == str(code) \
        and (root.find("error/description").text or "")
    return ok, body[:200]


def expect_error(name, method, path, code, fmt, form=None):
    status, ctype, body = http(method, path, form)
    ok, detail = error_body_ok(fmt, ctype, body, code)
    check(f"{name} -> {code} ({fmt})", status == code and ok, f"HTTP {status}: {detail}")


print(f"== Open311 checks against {ROOT} (georeport {georeport.__version__}, civicbot {civicbot.__version__})")
print("note: georeport has no call that creates a request (reads only); civicbot parses every answer as JSON,")
print("      so it is used for the .json endpoints only. XML creation is checked with urllib.")

# ---- discovery --------------------------------------------------------------------------------
for fmt in ("xml", "json"):
    def discovery(fmt=fmt):
        status, ctype, body = http("GET", f"/discovery.{fmt}")
        check(f"discovery.{fmt} answers 200 with the right content type", status == 200
              and ctype == ("text/xml; charset=utf-8" if fmt == "xml" else "application/json; charset=utf-8"), f"{status} {ctype}")
        if fmt == "xml":
            root = ET.fromstring(body)
            check("discovery.xml lists the endpoint with both formats", root.tag == "discovery"
                  and {f.text for f in root.iter("format")} == {"text/xml", "application/json"}, body[:200])
            check("XML has a declaration and no namespace", body.startswith('<?xml version="1.0" encoding="utf-8"?>') and "xmlns" not in body)
        else:
            d = json.loads(body)
            check("discovery.json: endpoints[].specification is GeoReport v2",
                  d["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2" and "application/json" in d["endpoints"][0]["formats"])
    step(f"discovery.{fmt}", discovery)

# ---- georeport: reads in both formats -----------------------------------------------------------
clients = {fmt: GeoReport(ROOT, output_format=fmt) for fmt in ("xml", "json")}
service_code = None
for fmt, g in clients.items():
    def services(fmt=fmt, g=g):
        global service_code
        items = as_list(g.get_service_list())
        check(f"georeport[{fmt}] get_service_list returns services", len(items) > 10, f"{len(items)} services")
        lamp = next((s for s in items if s.get("service_code") == "0106"), None)
        check(f"georeport[{fmt}] service 0106 has name, group, keywords, metadata, type",
              lamp is not None and lamp.get("service_name") == "路灯照明" and lamp.get("group") == "城市管理"
              and "lighting" in (lamp.get("keywords") or "") and str(lamp.get("metadata")).lower() == "true"
              and lamp.get("type") == "realtime", str(lamp))
        service_code = "0106"
    step(f"georeport[{fmt}] services", services)

    def definition(fmt=fmt, g=g):
        d = g.get_service_definition("0106")
        attrs = d["attributes"] if fmt == "json" else as_list(d["attributes"]["attribute"])
        kind = next((a for a in attrs if a.get("code") == "request_kind"), None)
        values = (kind or {}).get("values")
        values = values if fmt == "json" else as_list((values or {}).get("value"))
        check(f"georeport[{fmt}] get_service_definition: request_kind singlevaluelist with 6 values",
              d.get("service_code") == "0106" and kind is not None and kind.get("datatype") == "singlevaluelist"
              and [v["key"] for v in values] == ["enquiry", "help", "complaint", "report", "suggestion", "praise"], str(kind)[:300])
    step(f"georeport[{fmt}] definition", definition)

# ---- civicbot: reads and a real create (JSON) ---------------------------------------------------
endpoint = Endpoint(id="hewei-local", name="Hewei (local test server)", base_url=ROOT, write=True, api_key_required_for_write=True)
bot = Open311Client(endpoint, fmt="json")
created = {}


def civic_create():
    services = bot.list_services()
    check("civicbot list_services", any(s.get("service_code") == "0106" for s in services), f"{len(services)} services")
    prepared = bot.create_request("0106", dry_run=False, confirm="SEND", api_key=KEY, validate_remote=True,
                                  lat=35.58, lng=116.99, address_string="鲁城街道五马祠街12号",
                                  description="小区门口路灯连续三晚不亮，夜间出行不便。(civicbot)",
                                  attributes={"request_kind": "help"}, first_name="三", last_name="张", phone=PHONE,
                                  email="zhang@example.com", media_url="https://example.com/lamp.jpg")
    resp = prepared.response
    sid = resp[0].get("service_request_id") if isinstance(resp, list) and resp else None
    check("civicbot create_request (dry_run=False, validated against the live definition) gets a service_request_id",
          not prepared.dry_run and sid and "token" not in resp[0], str(resp)[:300])
    created["json"] = sid
    got = bot.get_request(sid)
    check("civicbot get_request reads it back with agency_responsible and expected_datetime",
          got and got.get("service_request_id") == sid and got.get("status") == "open" and got.get("agency_responsible")
          and is_w3c_with_zone(got.get("expected_datetime")) and is_w3c_with_zone(got.get("requested_datetime")), str(got)[:400])
    listed = bot.list_requests(service_request_ids=[sid])
    check("civicbot list_requests(service_request_ids=[id])", [r.get("service_request_id") for r in listed] == [sid], str(listed)[:200])
    listed = bot.list_requests(service_code="0106", status="open", page_size=5)
    check("civicbot list_requests(service_code, status=open, page_size=5)", 0 < len(listed) <= 5
          and all(r["service_code"] == "0106" and r["status"] == "open" for r in listed), f"{len(listed)} items")
    try:
        bot.get_token("no-such-token")
        check("civicbot get_token -> 404 (tokens are never issued)", False, "answered 200")
    except HttpError as e:
        check("civicbot get_token -> 404 (tokens are never issued)", e.status == 404 and json.loads(e.body)[0]["code"] == 404, e.body[:200])


step("civicbot", civic_create)


# ---- XML create with urllib, then read back with georeport[xml] -----------------------------------
def xml_create():
    form = {"api_key": KEY, "service_code": "0106", "address_string": "曲阜市鼓楼北街8号", "attribute[request_kind]": "complaint",
            "description": "<b>鼓楼北街</b>路灯不亮 (xml)", "phone": PHONE, "first_name": "四", "last_name": "李"}
    status, ctype, body = http("POST", "/requests.xml", form)
    root = ET.fromstring(body)
    sid = root.findtext("request/service_request_id")
    check("POST requests.xml -> service_requests/request/service_request_id", status == 200 and ctype.startswith("text/xml")
          and root.tag == "service_requests" and sid and root.find("request/token") is None, body[:300])
    created["xml"] = sid
    got = clients["xml"].get_service_request(sid)
    check("georeport[xml] get_service_request reads it back (HTML stripped, agency, datetimes with +08:00)",
          got.get("service_request_id") == sid and got.get("description") == "鼓楼北街路灯不亮 (xml)" and got.get("agency_responsible")
          and is_w3c_with_zone(got.get("requested_datetime")) and is_w3c_with_zone(got.get("expected_datetime")), str(got)[:400])
    now = datetime.datetime.now(CST)
    start, end = (now - datetime.timedelta(days=1)).isoformat(timespec="seconds"), (now + datetime.timedelta(days=1)).isoformat(timespec="seconds")
    for fmt, g in clients.items():
        found = as_list(g.get_service_requests(service_code="0106", start_date=start, end_date=end, status="open"))
        ids = {r.get("service_request_id") for r in found}
        check(f"georeport[{fmt}] get_service_requests(service_code, start_date, end_date, status) finds both new requests",
              {created.get("xml"), created.get("json")} <= ids, f"{len(found)} found")
        one = as_list(g.get_service_requests(service_request_id=sid))
        check(f"georeport[{fmt}] get_service_requests(service_request_id=…)", [r.get("service_request_id") for r in one] == [sid])
    j = clients["json"].get_service_request(sid)
    check("georeport[json] get_service_request", j.get("service_request_id") == sid and j.get("service_code") == "0106")


step("xml create", xml_create)


# ---- idempotency, extensions, updates -------------------------------------------------------------
def more():
    form = {"api_key": KEY, "service_code": "0301", "lat": "35.58", "long": "116.99", "description": "整栋楼停水 (idempotent)"}
    a = http("POST", "/requests.json", form, {"Idempotency-Key": "open311-check-1"})
    b = http("POST", "/requests.json", form, {"Idempotency-Key": "open311-check-1"})
    ida, idb = json.loads(a[2])[0]["service_request_id"], json.loads(b[2])[0]["service_request_id"]
    check("the same Idempotency-Key twice gives one request", a[0] == 200 and b[0] == 200 and ida == idb, f"{ida} {idb}")
    sid = created.get("json") or ida
    status, _, body = http("GET", f"/requests/{sid}.json?extensions=true")
    item = json.loads(body)[0]
    check("extensions=true adds extended_attributes{channel, cell_code, round} and notes[]",
          status == 200 and item["extended_attributes"]["channel"] == "open311" and "cell_code" in item["extended_attributes"]
          and item["notes"] and all(is_w3c_with_zone(n["datetime"]) and n["type"] and n["summary"] for n in item["notes"]), body[:400])
    check("no requester phone or name anywhere in a request", PHONE not in body and "张三" not in body)
    status, _, xbody = http("GET", f"/requests/{sid}.xml?extensions=true")
    check("extensions=true in XML", status == 200 and "<extended_attributes><channel>open311</channel>" in xbody and "<notes><note>" in xbody)
    for fmt in ("json", "xml"):
        since = urllib.parse.urlencode({"start_date": (datetime.datetime.now(CST) - datetime.timedelta(minutes=10)).isoformat(timespec="seconds"),
                                        "page_size": 500})
        status, ctype, body = http("GET", f"/servicerequestupdates.{fmt}?{since}")
        if fmt == "json":
            ups = json.loads(body)
            ok = status == 200 and any(u["service_request_id"] == sid for u in ups) and all(
                {"update_id", "service_request_id", "status", "updated_datetime", "description"} <= set(u) for u in ups)
        else:
            ok = status == 200 and ET.fromstring(body).tag == "service_request_updates" and "<request_update><update_id>" in body
        check(f"GET servicerequestupdates.{fmt} (mySociety) lists updates", ok and PHONE not in body, body[:200])


step("idempotency/extensions", more)

# ---- every error case of the spec, in both formats -------------------------------------------------
now = datetime.datetime.now(CST)
wide = urllib.parse.urlencode({"start_date": (now - datetime.timedelta(days=120)).isoformat(timespec="seconds"),
                               "end_date": now.isoformat(timespec="seconds")})
good = {"service_code": "0106", "lat": "35.58", "long": "116.99", "description": "路灯不亮"}
for fmt in ("xml", "json"):
    def errors(fmt=fmt):
        expect_error("POST requests without api_key", "POST", f"/requests.{fmt}", 403, fmt, good)
        expect_error("POST requests with an unknown api_key", "POST", f"/requests.{fmt}", 403, fmt, {**good, "api_key": "not-a-key"})
        expect_error("POST servicerequestupdates without api_key", "POST", f"/servicerequestupdates.{fmt}", 403, fmt, {"service_request_id": "x"})
        expect_error("POST requests without service_code", "POST", f"/requests.{fmt}", 400, fmt,
                     {k: v for k, v in {**good, "api_key": KEY}.items() if k != "service_code"})
        expect_error("POST requests without a location", "POST", f"/requests.{fmt}", 400, fmt,
                     {"api_key": KEY, "service_code": "0106", "description": "路灯不亮"})
        expect_error("POST requests with a 4001-character description", "POST", f"/requests.{fmt}", 400, fmt,
                     {**good, "api_key": KEY, "description": "灯" * 4001})
        expect_error("POST requests with an unknown service_code", "POST", f"/requests.{fmt}", 404, fmt,
                     {**good, "api_key": KEY, "service_code": "9999"})
        expect_error("POST servicerequestupdates without update_id and the rest", "POST", f"/servicerequestupdates.{fmt}", 400, fmt,
                     {"api_key": KEY, "service_request_id": "x"})
        expect_error("GET requests spanning more than 90 days", "GET", f"/requests.{fmt}?{wide}", 400, fmt)
        expect_error("GET requests with a bad start_date", "GET", f"/requests.{fmt}?start_date=yesterday", 400, fmt)
        expect_error("GET requests with page_size over 500", "GET", f"/requests.{fmt}?page_size=501", 400, fmt)
        expect_error("GET requests with status=pending", "GET", f"/requests.{fmt}?status=pending", 400, fmt)
        expect_error("GET an unknown service definition", "GET", f"/services/9999.{fmt}", 404, fmt)
        expect_error("GET an unknown request id", "GET", f"/requests/370881-20000101-999999.{fmt}", 404, fmt)
        expect_error("GET a token", "GET", f"/tokens/abc.{fmt}", 404, fmt)
        expect_error("GET an unknown resource", "GET", f"/nothing.{fmt}", 404, fmt)
        expect_error("GET an unknown jurisdiction_id", "GET", f"/services.{fmt}?jurisdiction_id=elsewhere", 404, fmt)
    step(f"errors[{fmt}]", errors)
step("bad suffix", lambda: expect_error("GET services with a bad format suffix (.html)", "GET", "/services.html", 404, "xml"))
try:
    clients["json"].get_service_definition("9999")
    check("georeport raises on a 404 definition", False, "no error")
except Exception as e:  # requests.HTTPError
    check("georeport raises on a 404 definition", getattr(getattr(e, "response", None), "status_code", None) == 404, repr(e))

failed = [r for r in results if not r[0]]
print(f"== summary: {len(results) - len(failed)} passed, {len(failed)} failed")
for _, name, detail in failed:
    print(f"   FAIL {name}: {detail}")
sys.exit(1 if failed or not results else 0)
