#!/usr/bin/env bash
# One version for every package, kept in ./VERSION.
#
#   scripts/version.sh                   prints the version (the content of VERSION)
#   scripts/version.sh set 0.2.0         writes it into VERSION and every manifest (below), then checks
#   scripts/version.sh check             exits 1, naming each file, when a manifest disagrees with
#                                        VERSION, or CHANGELOG.md has neither a section for the
#                                        version nor an [Unreleased] one
#   scripts/version.sh check --release [--tag v0.2.0]
#                                        for a release: CHANGELOG.md must have the version's own
#                                        section, and the tag (if given) must be v<VERSION>
#   scripts/version.sh notes [0.2.0]     prints that version's CHANGELOG.md section (release notes)
#
# Where the version lives (`set` rewrites only these, in place, keeping every other byte):
#   VERSION
#   Cargo.toml            [workspace.package] version, and the `version` of any path dependency
#                         on a workspace crate (in any *dependencies table)
#   <member>/Cargo.toml   [package] version, only for a crate that pins its own (the others say
#                         `version.workspace = true`)
#   Cargo.lock            the workspace crates' own entries (so `cargo --locked` keeps working)
#   npm/package.json      "version"
#   npm/package-lock.json "version" and packages[""].version (the root package entries only)
#   kotlin/pom.xml        <project><version> only
#   spring/pom.xml        <project><version> and <properties><maestrano.version> (the SDK jar)
#   spring/*/pom.xml      <parent><version> (the starter and the demo)
# Python takes its version from Cargo through maturin: `check` makes sure python/pyproject.toml
# says `dynamic = ["version"]` and sets none itself.
#
# Versions are X.Y.Z or X.Y.Z-alpha.N / -beta.N / -rc.N (valid for Cargo, npm and Maven; maturin
# turns 1.0.0-rc.1 into PEP 440's 1.0.0rc1). Needs python3 (3.9+); nothing else.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec python3 - "$root" "$@" <<'PY'
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = sys.argv[1]
ARGS = sys.argv[2:]
VERSION_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(alpha|beta|rc)\.(0|[1-9]\d*))?$")
MAVEN_NS = "{http://maven.apache.org/POM/4.0.0}"


class Failure(Exception):
    pass


def path(rel):
    return os.path.join(ROOT, rel)


def read(rel):
    try:
        with open(path(rel), encoding="utf-8", newline="") as f:
            return f.read()
    except FileNotFoundError:
        raise Failure(f"{rel}: missing") from None


def write(rel, text):
    tmp = path(rel) + ".version-tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path(rel))


# ------------------------------------------------------------------------------------- TOML
# Line-based: the fields we touch are `key = "value"` lines; tables are `[name]` headers.
TABLE_RE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
ARRAY_TABLE_RE = re.compile(r"^\s*\[\[")


def toml_fields(text, want):
    """Yields (table, line_index, match) for lines matched by want(table, line) -> match."""
    table = ""
    for i, line in enumerate(text.splitlines(keepends=True)):
        if ARRAY_TABLE_RE.match(line):
            table = "[[" + line.strip().strip("[]").strip() + "]]"
            continue
        m = TABLE_RE.match(line)
        if m:
            table = m.group(1).replace(" ", "").replace('"', "")
            continue
        m = want(table, line)
        if m:
            yield table, i, m


def key_string(key):
    return re.compile(r'^(\s*' + re.escape(key) + r'\s*=\s*")([^"]*)(".*)$', re.S)


VERSION_KEY = key_string("version")


def replace_line(text, index, new_line):
    lines = text.splitlines(keepends=True)
    lines[index] = new_line
    return "".join(lines)


def workspace_members():
    text = read("Cargo.toml")
    ws = re.search(r"^\[workspace\]\s*$(.*?)(?=^\[|\Z)", text, re.S | re.M)
    if not ws:
        raise Failure("Cargo.toml: no [workspace] table")
    m = re.search(r"^\s*members\s*=\s*\[(.*?)\]", ws.group(1), re.S | re.M)
    members = re.findall(r'"([^"]+)"', m.group(1)) if m else []
    out = []
    for member in members:
        rel = f"{member}/Cargo.toml"
        crate = read(rel)
        names = [mm.group(2) for t, _, mm in toml_fields(crate, lambda t, l: t == "package" and key_string("name").match(l))]
        if not names:
            raise Failure(f"{rel}: no [package] name")
        out.append((rel, names[0]))
    return out


def dep_version_line(names):
    # `name = { path = "...", version = "=0.1.0", ... }` inside a *dependencies table.
    def want(table, line):
        if not table.endswith("dependencies"):
            return None
        m = re.match(r'^\s*([A-Za-z0-9_-]+)\s*=\s*\{(.*)\}\s*(#.*)?$', line.rstrip("\r\n"))
        if not m or m.group(1) not in names or not re.search(r"\bpath\s*=", m.group(2)):
            return None
        return re.match(r'^(.*\bversion\s*=\s*"[=^~]?)([^"]*)(".*)$', line, re.S)
    return want


def cargo_locations():
    """[(file, description, line-finder)] for every Cargo place holding the version."""
    members = workspace_members()
    names = {n for _, n in members}
    locs = [("Cargo.toml", "[workspace.package] version",
             lambda t, l: t == "workspace.package" and VERSION_KEY.match(l), True)]
    locs.append(("Cargo.toml", "path dependency version", dep_version_line(names), False))
    for rel, name in members:
        locs.append((rel, f"{name} [package] version", lambda t, l: t == "package" and VERSION_KEY.match(l), False))
        locs.append((rel, "path dependency version", dep_version_line(names), False))
    return locs, names


def cargo_lock_entries(text, names):
    """(line_index, match, name) of the workspace crates' own entries (no `source`)."""
    out = []
    for block in re.finditer(r"^\[\[package\]\]\n(.*?)(?=^\[\[|\Z)", text, re.S | re.M):
        body = block.group(1)
        name = re.search(r'^name = "([^"]+)"', body, re.M)
        if not name or name.group(1) not in names or re.search(r"^source = ", body, re.M):
            continue
        start_line = text.count("\n", 0, block.start(1))
        for j, line in enumerate(body.splitlines(keepends=True)):
            m = VERSION_KEY.match(line)
            if m:
                out.append((start_line + j, m, name.group(1)))
                break
    return out


# ------------------------------------------------------------------------------------- JSON
JSON_VERSION_RE = re.compile(r'^(\s*"version"\s*:\s*")([^"]*)(".*)$', re.S)


def json_version_lines(text, lock):
    """Line indexes of the top-level "version" and, for a lock file, packages[""].version."""
    lines = text.splitlines(keepends=True)
    cands = [(len(l) - len(l.lstrip()), i) for i, l in enumerate(lines) if JSON_VERSION_RE.match(l)]
    if not cands:
        return []
    top = min(cands)[0]
    found = [next(i for ind, i in cands if ind == top)]
    if lock:
        root_pkg = next((i for i, l in enumerate(lines) if re.match(r'^\s*""\s*:\s*\{\s*$', l)), None)
        if root_pkg is not None:
            nested = next((i for ind, i in cands if i > root_pkg), None)
            if nested is not None:
                found.append(nested)
    return found


def json_versions(rel, lock):
    data = json.loads(read(rel))
    out = {'"version"': data.get("version")}
    if lock:
        out['packages[""].version'] = data.get("packages", {}).get("", {}).get("version")
    return out


def set_json(rel, new, lock):
    text = read(rel)
    before = json.loads(text)
    for i in json_version_lines(text, lock):
        m = JSON_VERSION_RE.match(text.splitlines(keepends=True)[i])
        text = replace_line(text, i, m.group(1) + new + m.group(3))
    after = json.loads(text)
    # Exactly the intended fields changed, nothing else.
    before["version"] = new
    if lock:
        before.setdefault("packages", {}).setdefault("", {})["version"] = new
    if before != after:
        raise Failure(f"{rel}: could not rewrite only the root version fields; edit it by hand")
    return text


# -------------------------------------------------------------------------------------- POM
# Each POM and the elements of it that carry the version, as paths from <project>.
POMS = {
    "kotlin/pom.xml": [("version",)],
    "spring/pom.xml": [("version",), ("properties", "maestrano.version")],
    "spring/maestrano-spring-boot-starter/pom.xml": [("parent", "version")],
    "spring/demo/pom.xml": [("parent", "version")],
}


def pom_element_span(text, want):
    """(start, end) of the text of the element at path `want` from <project> (e.g.
    ("version",) is <project><version>, ("parent", "version") <project><parent><version>)."""
    stack = []
    for m in re.finditer(r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|<(/?)([A-Za-z_][\w:.-]*)[^>]*?(/?)>", text, re.S):
        if m.group(2) is None:
            continue
        closing, name, empty = m.group(1), m.group(2).split(":")[-1], m.group(3)
        if closing:
            stack.pop()
        elif empty:
            continue
        else:
            stack.append(name)
            if len(stack) >= 2 and tuple(stack[1:]) == tuple(want):
                end = text.index("</", m.end())
                return m.end(), end
    return None


def pom_find(root, want):
    el = root
    for name in want:
        nxt = el.find(f"{MAVEN_NS}{name}")
        el = nxt if nxt is not None else el.find(name)
        if el is None:
            return None
    return el


def pom_versions(rel):
    """{"<project><version>": "0.1.0", …} for each version element of `rel` (POMS)."""
    root = ET.fromstring(read(rel).encode("utf-8"))
    out = {}
    for want in POMS[rel]:
        el = pom_find(root, want)
        out["".join(f"<{n}>" for n in ("project",) + want)] = el.text.strip() if el is not None and el.text else None
    return out


def set_pom(rel, new):
    text = read(rel)
    for want in POMS[rel]:
        what = "".join(f"<{n}>" for n in ("project",) + want)
        span = pom_element_span(text, want)
        if span is None:
            raise Failure(f"{rel}: no {what}")
        text = text[: span[0]] + new + text[span[1]:]
        el = pom_find(ET.fromstring(text.encode("utf-8")), want)
        if el is None or (el.text or "").strip() != new:
            raise Failure(f"{rel}: could not rewrite {what}; edit it by hand")
    return text


# ---------------------------------------------------------------------------------- checks
def read_version():
    v = read("VERSION").strip()
    if not VERSION_RE.match(v):
        raise Failure(f"VERSION: {v!r} is not X.Y.Z or X.Y.Z-(alpha|beta|rc).N")
    return v


def changelog_headings():
    return re.findall(r"^##\s*\[([^\]]+)\]", read("CHANGELOG.md"), re.M)


def check(release=False, tag=None):
    problems, checked = [], []
    try:
        version = read_version()
    except Failure as e:
        print(f"version.sh: {e}", file=sys.stderr)
        return 1

    def expect(rel, what, value):
        checked.append(rel)
        if value != version:
            problems.append(f"{rel}: {what} is {value!r}, VERSION is {version!r}")

    def guard(fn):
        try:
            fn()
        except Failure as e:
            problems.append(str(e))
        except (ValueError, ET.ParseError) as e:
            problems.append(f"{e}")

    def cargo():
        locs, names = cargo_locations()
        for rel, what, want, required in locs:
            text = read(rel)
            hits = list(toml_fields(text, want))
            if required and not hits:
                problems.append(f"{rel}: no {what}")
            for _, _, m in hits:
                expect(rel, what, m.group(2))
        lock = "Cargo.lock"
        if os.path.exists(path(lock)):
            for _, m, name in cargo_lock_entries(read(lock), names):
                expect(lock, f"{name} entry", m.group(2))

    def npm():
        for rel, lock in (("npm/package.json", False), ("npm/package-lock.json", True)):
            try:
                values = json_versions(rel, lock)
            except ValueError as e:
                raise Failure(f"{rel}: not JSON ({e})") from None
            for what, value in values.items():
                expect(rel, what, value)

    def pom():
        for rel in POMS:
            try:
                for what, value in pom_versions(rel).items():
                    expect(rel, what, value)
            except ET.ParseError as e:
                raise Failure(f"{rel}: not XML ({e})") from None

    def python():
        rel = "python/pyproject.toml"
        text = read(rel)
        checked.append(rel)
        dyn = list(toml_fields(text, lambda t, l: t == "project" and re.match(r"^\s*dynamic\s*=\s*\[(.*)\]", l)))
        if not dyn or '"version"' not in dyn[0][2].group(1).replace("'", '"'):
            problems.append(f'{rel}: [project] must say dynamic = ["version"] (maturin takes it from Cargo)')
        if list(toml_fields(text, lambda t, l: t == "project" and re.match(r"^\s*version\s*=", l))):
            problems.append(f"{rel}: [project] sets its own version; remove it (maturin takes it from Cargo)")

    def changelog():
        rel = "CHANGELOG.md"
        heads = changelog_headings()
        checked.append(rel)
        if release:
            if version not in heads:
                problems.append(f"{rel}: no '## [{version}]' section (a release needs its own section)")
        elif version not in heads and "Unreleased" not in heads:
            problems.append(f"{rel}: neither a '## [{version}]' nor a '## [Unreleased]' section")

    for part in (cargo, npm, pom, python, changelog):
        guard(part)
    if tag is not None and tag.removeprefix("refs/tags/") != f"v{version}":
        problems.append(f"tag {tag!r} is not v{version} (VERSION)")
    if problems:
        for p in problems:
            print(f"version.sh: MISMATCH {p}", file=sys.stderr)
        print(f"version.sh: check failed ({len(problems)} problem(s))", file=sys.stderr)
        return 1
    files = sorted(set(checked))
    print(f"version.sh: {version} everywhere ({', '.join(files)})")
    return 0


def set_version(new):
    if not VERSION_RE.match(new):
        raise Failure(f"{new!r} is not X.Y.Z or X.Y.Z-(alpha|beta|rc).N")
    old = read("VERSION").strip()
    texts = {"VERSION": new + "\n"}

    def text_of(rel):
        return texts.get(rel) if rel in texts else read(rel)

    locs, names = cargo_locations()
    for rel, what, want, required in locs:
        text = text_of(rel)
        hits = list(toml_fields(text, want))
        if required and not hits:
            raise Failure(f"{rel}: no {what}")
        for _, i, m in hits:
            text = replace_line(text, i, m.group(1) + new + m.group(3))
        texts[rel] = text
    if os.path.exists(path("Cargo.lock")):
        text = read("Cargo.lock")
        for i, m, _ in cargo_lock_entries(text, names):
            text = replace_line(text, i, m.group(1) + new + m.group(3))
        texts["Cargo.lock"] = text
    texts["npm/package.json"] = set_json("npm/package.json", new, lock=False)
    texts["npm/package-lock.json"] = set_json("npm/package-lock.json", new, lock=True)
    for rel in POMS:
        texts[rel] = set_pom(rel, new)
    changed = []
    for rel, text in texts.items():
        if not os.path.exists(path(rel)) or read(rel) != text:
            write(rel, text)
            changed.append(rel)
    print(f"version.sh: {old} -> {new}; rewrote {', '.join(changed) if changed else 'nothing (already set)'}")
    if old != new:
        mentions(old)
    return check()


def mentions(old):
    """Points at other tracked files that still name the old version next to 'maestrano'."""
    try:
        files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return
    skip = {"VERSION", "Cargo.lock", "CHANGELOG.md", "npm/package-lock.json"}
    hits = []
    pat = re.compile(r"maestrano\S*" + re.escape(old) + r"|" + re.escape(old) + r"\S*maestrano", re.I)
    for rel in files:
        if rel in skip or rel.endswith("package-lock.json"):
            continue
        try:
            with open(path(rel), encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if pat.search(line):
                        hits.append(f"  {rel}:{n}: {line.strip()[:100]}")
        except (OSError, UnicodeDecodeError):
            continue
    if hits:
        print(f"version.sh: these tracked files still name {old} (not manifests; review by hand):")
        print("\n".join(hits[:40]) + (f"\n  … and {len(hits) - 40} more" if len(hits) > 40 else ""))


def notes(version):
    text = read("CHANGELOG.md")
    m = re.search(r"^##\s*\[" + re.escape(version) + r"\][^\n]*\n(.*?)(?=^##\s*\[|^\[[^\]]+\]:\s|\Z)", text, re.S | re.M)
    if not m:
        raise Failure(f"CHANGELOG.md: no '## [{version}]' section")
    print(m.group(1).strip())
    return 0


def main():
    if not ARGS or ARGS == ["get"]:
        print(read_version())
        return 0
    cmd, rest = ARGS[0], ARGS[1:]
    if cmd == "set" and len(rest) == 1:
        return set_version(rest[0])
    if cmd == "check":
        release, tag = False, None
        while rest:
            a = rest.pop(0)
            if a == "--release":
                release = True
            elif a == "--tag" and rest:
                tag = rest.pop(0)
            else:
                break
        else:
            return check(release, tag)
    if cmd == "notes" and len(rest) <= 1:
        return notes(rest[0] if rest else read_version())
    print("usage: scripts/version.sh [get | set X.Y.Z | check [--release] [--tag vX.Y.Z] | notes [X.Y.Z]]", file=sys.stderr)
    return 2


try:
    sys.exit(main())
except Failure as e:
    print(f"version.sh: {e}", file=sys.stderr)
    sys.exit(1)
PY
