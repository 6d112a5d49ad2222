#!/usr/bin/env bash
# What `make run` does once installed: migrate, create the demo institution's signing
# certificate (signed proposals' PDF; kept if present), load the demo data, print the demo
# logins and serve. The smoke test runs this same script, so it checks what a newcomer gets.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
host=${HOST:-127.0.0.1}
port=${PORT:-8000}
"$python" manage.py migrate --noinput
"$python" manage.py create_demo_certificate
"$python" manage.py load_demo
echo "Serving on http://$host:$port/"
exec "$python" manage.py runserver --noreload "$host:$port"
