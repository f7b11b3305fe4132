"""The Python part of `scripts/docs.sh`: the pdoc reference of the installed `maestrano` package.

    python scripts/docs_python.py current [WHEEL]   exit 0 when the installed package (or WHEEL,
                                                   read as a zip) holds the checkout's Python files
    python scripts/docs_python.py build OUT_DIR     pdoc `maestrano` and every public submodule
                                                   into OUT_DIR; any pdoc warning is an error

`build` runs in a venv where the wheel (with the httpx, redis, flask, django and fastapi
extras) and pdoc are installed. `maestrano.django` needs configured Django settings to import:
a minimal in-memory configuration is set up here (nothing is read from or written to disk).
"""

from __future__ import annotations

import re
import sys
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "python" / "src" / "maestrano"

#: Modules the reference must document (the public ones found are all documented).
REQUIRED = (
    "maestrano",
    "maestrano.sso",
    "maestrano.session",
    "maestrano.web",
    "maestrano.webhooks",
    "maestrano.devplatform",
    "maestrano.connec",
    "maestrano.http",
    "maestrano.xmldsig",
    "maestrano.redis",
    "maestrano.flask",
    "maestrano.fastapi",
    "maestrano.django",
)


def source_files() -> dict[str, bytes]:
    """The package's Python files in the checkout, by path inside the wheel. Under `_native`
    only the stub is ours (maturin generates the rest)."""
    files = {}
    for path in sorted(SOURCE.rglob("*.py*")):
        rel = path.relative_to(SOURCE)
        if path.suffix not in (".py", ".pyi") or "__pycache__" in rel.parts:
            continue
        if rel.parts[0] == "_native" and rel.name != "__init__.pyi":
            continue
        files[f"maestrano/{rel.as_posix()}"] = path.read_bytes()
    return files


def current(wheel: str | None) -> int:
    """0 when the installed package (or `wheel`) has the checkout's Python files, else 1."""
    want = source_files()
    if wheel:
        try:
            with zipfile.ZipFile(wheel) as z:
                names = set(z.namelist())
                have = {name: z.read(name) for name in want if name in names}
        except (OSError, zipfile.BadZipFile) as e:
            print(f"{wheel}: not a wheel ({e})", file=sys.stderr)
            return 1
        where = wheel
    else:
        try:
            import maestrano
        except ImportError:
            return 1
        base = Path(maestrano.__file__).resolve().parent.parent
        have = {name: (base / name).read_bytes() for name in want if (base / name).is_file()}
        where = str(base)
    stale = sorted(name for name in want if have.get(name) != want[name])
    if stale:
        print(f"{where}: differs from the checkout in {', '.join(stale[:5])}"
              f"{' …' if len(stale) > 5 else ''}", file=sys.stderr)
        return 1
    return 0


#: Warnings that are not errors: Flask's `ResponseReturnValue` names types that `flask.typing`
#: imports only under TYPE_CHECKING (`_typeshed.wsgi.WSGIApplication` does not exist at run time),
#: so pdoc cannot resolve our aliases built on it and shows them as written (`SignInHook`).
TOLERATED = re.compile(
    r"Error parsing type annotation .* for maestrano\.flask\.[\w.]+\. "
    r"Import of (Headers|WSGIApplication) failed"
)


def setup_django() -> None:
    import django
    from django.conf import settings

    settings.configure(
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "maestrano.django",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        MAESTRANO={"environment": "production", "api": {"id": "app-docs", "key": "docs"}},
        SECRET_KEY="docs-only",
        USE_TZ=True,
    )
    django.setup()


def build(out: Path) -> int:
    setup_django()
    import pkgutil

    import maestrano
    import pdoc
    import pdoc.render

    # pdoc documents a package's submodules with it, but only those in its `__all__` when it has
    # one: the other public modules of `maestrano` (the integrations, `redis`, ...) are added.
    modules = ["maestrano"] + sorted(
        f"maestrano.{m.name}"
        for m in pkgutil.iter_modules(maestrano.__path__)
        if not m.name.startswith("_") and m.name not in maestrano.__all__
    )
    pdoc.render.configure(
        docformat="restructuredtext",
        footer_text=f"maestrano {maestrano.__version__}",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*modules, output_directory=out)
    errors = [w for w in caught if not TOLERATED.match(str(w.message))]
    if len(caught) > len(errors):
        print(f"pdoc: {len(caught) - len(errors)} unresolved Flask typing-only name(s) shown as written")
    for w in errors:
        print(f"pdoc warning: {w.category.__name__}: {w.message}", file=sys.stderr)
    if errors:
        print(f"pdoc: {len(errors)} warning(s), treated as errors", file=sys.stderr)
        return 1
    pages = sorted(
        page.relative_to(out).with_suffix("").as_posix().replace("/", ".")
        for page in out.rglob("*.html")
        if page.name != "index.html"
    )
    missing = [m for m in REQUIRED if m not in pages]
    if missing:
        print(f"pdoc: no page for {', '.join(missing)}", file=sys.stderr)
        return 1
    print(f"pdoc: {len(pages)} module pages ({', '.join(p.removeprefix('maestrano.') for p in pages[1:])})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "current" and len(sys.argv) <= 3:
        sys.exit(current(sys.argv[2] if len(sys.argv) == 3 else None))
    if len(sys.argv) == 3 and sys.argv[1] == "build":
        sys.exit(build(Path(sys.argv[2])))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
