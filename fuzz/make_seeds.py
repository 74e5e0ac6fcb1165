#!/usr/bin/env python3
"""Writes the seed inputs of every fuzz target into fuzz/seeds/<target>/ from the shipped files:
scenarios (as written, compacted, and rewritten as schema 1), the example team, the lessons,
share links of every preset (raw DEFLATE against the link's dictionary, as src/share.rs does),
the CRM fixtures and the sample export, and a library holding the presets."""
import base64, glob, json, os, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "seeds")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


scenarios = {}
for path in sorted(glob.glob(os.path.join(ROOT, "assets/scenarios/*.json"))):
    key = os.path.basename(path)[:-5]
    text = read(path)
    scenarios[key] = json.loads(text)
    put("scenario", key + ".json", text)
    put("scenario", key + ".compact.json", json.dumps(scenarios[key], separators=(",", ":")))
    v1 = json.loads(text)
    v1["schema"] = 1
    levers = v1.setdefault("levers", {})
    levers.pop("kpi", None)
    levers.pop("call_kpi_factor", None)
    levers.pop("record_reverse", None)
    levers["reverse_per_day"] = levers.pop("rework_per_day", 0.01)
    levers["minutes_per_day"] = 240
    put("scenario", key + ".v1.json", json.dumps(v1, ensure_ascii=False))

team = read("assets/teams/example.json")
put("team", "example.json", team)
t = json.loads(team)
t["members"].append({"name": "inline", "scenario": scenarios["pipe"]})
put("team", "inline.json", json.dumps(t, ensure_ascii=False))

for path in sorted(glob.glob(os.path.join(ROOT, "assets/lessons/*.json"))):
    put("lesson", os.path.basename(path), read(path))

dictionary = read("assets/share/dictionary-v1.txt")
for key, spec in scenarios.items():
    for view in ["/", "/ladder", "/lesson/pocket"]:
        payload = json.dumps({"s": spec, "t": 10000, "r": 42, "v": view}, separators=(",", ":"),
                             ensure_ascii=False).encode()
        c = zlib.compressobj(9, zlib.DEFLATED, -15, zdict=dictionary)
        packed = c.compress(payload) + c.flush()
        frag = "#/s/1/" + base64.urlsafe_b64encode(packed).decode().rstrip("=")
        slug = key + view.replace("/", "_")
        put("share", slug + ".link", b"\x00" + frag.encode())
        put("share", slug + ".packed", b"\x01" + packed)
        put("share", slug + ".payload", b"\x02" + payload)

fixtures = sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/crm/*")))
for i, path in enumerate(fixtures):
    for pick in (0, 0xC0):
        put("csv", "%s.%d" % (os.path.basename(path), pick), bytes([pick]) + read(path))
sample = read("assets/samples/generic.csv").split(b"\n")
put("csv", "generic-head.csv", b"\x00" + b"\n".join(sample[:80]) + b"\n")
put("csv", "generic-head-mapped.csv", b"\x01" + b"\n".join(sample[:80]) + b"\n")

entries = [{"name": k, "scenario": v} for k, v in scenarios.items()]
put("library", "presets.json", json.dumps({"version": 1, "entries": entries}, ensure_ascii=False))
put("library", "one.json", json.dumps({"version": 1, "entries": entries[:1]}, ensure_ascii=False))
put("library", "empty.json", '{"version":1,"entries":[]}')
