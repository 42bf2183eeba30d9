# qms in a container: `docker compose up` (see docker-compose.yml) or alone with SQLite:
#   docker build -t qms . && docker run -p 5000:5000 -v qms-data:/data qms
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    QMS_INSTANCE=/data QMS_LOG_FORMAT=json

RUN useradd --system --home-dir /srv/qms --create-home qms \
    && mkdir /data && chown qms:qms /data && chmod 700 /data

WORKDIR /srv/qms
COPY requirements/ requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/run.txt
COPY . .
RUN pip install --no-cache-dir --no-deps .

USER qms
VOLUME /data
EXPOSE 5000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:5000/readyz', timeout=2).status != 200)"
# Alone (SQLite): create or upgrade the schema, then serve. With several replicas, compose runs
# `qms init` once in its own service before any of them starts.
CMD ["sh", "-c", "qms init && exec qms run --host 0.0.0.0 --port 5000"]
