#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets that need generated seeds (standard library only).

- corpus/validate_response/: the XML document of every SAML vector, i.e. `input.saml_response`
  base64-decoded, from tests/vectors/saml-generated/*.json (arrays of vectors) and
  tests/vectors/saml/*.json (one vector each); values that are not valid base64 (the vectors of
  malformed input) are skipped.
- corpus/signed_info/: the text of every real `<ds:Signature>...</ds:Signature>` element (any
  prefix, or none) of tests/dsig/signed/*.xml.

One file per distinct content, named by the SHA-1 of the content, so reruns are idempotent and
libFuzzer's own additions (also SHA-1 named) never collide with different content. The corpus is
not committed (fuzz/.gitignore); rerun this script to regenerate it.

Usage: python3 fuzz/seed.py [--out DIR]   (DIR defaults to fuzz/corpus)
"""

import argparse
import base64
import binascii
import glob
import hashlib
import json
import os
import re
import sys

FUZZ = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(FUZZ)


def write(directory, content):
    """Writes `content` under its SHA-1 name; returns True when the file is new."""
    path = os.path.join(directory, hashlib.sha1(content).hexdigest())
    if os.path.exists(path):
        return False
    with open(path, "wb") as f:
        f.write(content)
    return True


def vectors(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return data if isinstance(data, list) else [data]


def decode(value):
    """Standard base64 with white space allowed (as the SAML HTTP-POST binding); None if not."""
    if not isinstance(value, str):
        return None
    compact = re.sub(r"[ \t\r\n]", "", value)
    if not compact:
        return None
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None


def seed_validate_response(out):
    directory = os.path.join(out, "validate_response")
    os.makedirs(directory, exist_ok=True)
    files = sorted(glob.glob(os.path.join(ROOT, "tests/vectors/saml-generated/*.json")))
    files += sorted(glob.glob(os.path.join(ROOT, "tests/vectors/saml/*.json")))
    seen = new = skipped = 0
    for path in files:
        for vector in vectors(path):
            if not isinstance(vector, dict):
                continue
            value = (vector.get("input") or {}).get("saml_response")
            if value is None:
                continue
            document = decode(value)
            if document is None:
                skipped += 1
                continue
            seen += 1
            new += write(directory, document)
    return directory, seen, new, skipped


SIGNATURE = re.compile(
    rb"<(?P<p>[A-Za-z_][\w.-]*:)?Signature[\s>/].*?</(?P=p)?Signature\s*>", re.DOTALL
)


def seed_signed_info(out):
    directory = os.path.join(out, "signed_info")
    os.makedirs(directory, exist_ok=True)
    seen = new = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/dsig/signed/*.xml"))):
        with open(path, "rb") as f:
            text = f.read()
        for m in SIGNATURE.finditer(text):
            seen += 1
            new += write(directory, m.group(0))
    return directory, seen, new, 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(FUZZ, "corpus"))
    args = parser.parse_args()
    for seed in (seed_validate_response, seed_signed_info):
        directory, seen, new, skipped = seed(args.out)
        total = len(os.listdir(directory))
        print(
            f"{os.path.relpath(directory)}: {seen} seeds ({new} new, {skipped} not base64), "
            f"{total} files"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
