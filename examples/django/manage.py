#!/usr/bin/env python
"""The Django demo's command line. ``runserver`` first creates the demo's tables (SQLite) and
prints the startup line ``demo app (Django) for preset <name> on http://<addr>/``; without an
address it serves on ``127.0.0.1:$PORT`` (3000)::

    python examples/django/manage.py runserver 127.0.0.1:$PORT --noreload
"""

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")
    args = list(sys.argv)
    if args[1:2] == ["runserver"]:
        import django
        from django.conf import settings
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        addr = next((a for a in args[2:] if not a.startswith("-")), None)
        if addr is None:
            addr = f"127.0.0.1:{settings.PORT}"
            args.insert(2, addr)
        elif addr.isdigit():
            addr = f"127.0.0.1:{addr}"
        print(f"demo app (Django) for preset {settings.MAESTRANO_PRESET} on http://{addr}/", flush=True)

    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
