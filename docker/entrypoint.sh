#!/bin/sh
# Entrypoint of the web, worker and beat containers: wait for the database, apply the
# migrations when asked, then run the container's command.
# RUN_MIGRATIONS=1 is set on the web service only (docker-compose.yml), so that one container
# migrates, before gunicorn starts, and the worker and beat never race it.
set -eu
cd "$(dirname "$0")/.."

python docker/wait_for_db.py 60

if [ "${RUN_MIGRATIONS:-0}" = "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
