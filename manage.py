#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slussen.config.settings")
    if not os.environ.get("DATABASE_URL"):
        # The embedded default keeps its SQLite file under var/; settings write nothing.
        Path(os.environ.get("SLUSSEN_VAR_DIR", Path(__file__).parent / "var")).mkdir(
            parents=True, exist_ok=True
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
