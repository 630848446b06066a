# coopbot: one image for every role (`coopbot run --role ingress|worker|web|all`), see compose.yaml.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# the texts (locales/) and migrations are read from the source tree: an editable install
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY sandbox ./sandbox
COPY locales ./locales
COPY web ./web
RUN pip install -e . \
    && useradd --system --home-dir /app --shell /usr/sbin/nologin coopbot \
    && mkdir -p /app/data && chown coopbot /app/data

USER coopbot
# /healthz and /readyz (HEALTH_PORT); the cluster roles serve them on 8080 by default
ENV HEALTH_PORT=8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('HEALTH_PORT', '8080')}/healthz\", timeout=3)"]
ENTRYPOINT ["coopbot"]
CMD ["run"]
