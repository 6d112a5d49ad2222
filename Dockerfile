# RCP-OOS image: one image for the web application (gunicorn), the Celery worker and beat.
# docker-compose.yml runs it; docs/deployment.md explains the services.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (the PDF of a recommendation) needs Pango, HarfBuzz and a font;
# gettext compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core gettext \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that editing the code does not reinstall them.
COPY requirements/ requirements/
RUN pip install -r requirements/base.in -c requirements/constraints.txt

COPY . .

# The image runs in production mode: it refuses to start until the environment gives a real
# SECRET_KEY and ALLOWED_HOSTS (see .env.example). Static files are collected here, at build
# time, with throwaway values that exist only for this step.
ENV RCP_ENV=production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media
RUN SECRET_KEY=build-only-key-never-used-at-run-time-0123456789abcdefghij \
    DEBUG=false ALLOWED_HOSTS=build.invalid \
    sh -c "python manage.py compilemessages -v0 && python manage.py collectstatic --noinput -v0"

# Run as a user without privileges; it owns only the uploaded files (the media volume).
RUN useradd --create-home --uid 1000 rcp \
    && mkdir -p /app/media \
    && chown rcp:rcp /app/media
USER rcp

EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "rcp_oos.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
