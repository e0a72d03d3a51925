# One image for every role: command centre (embedded gateway), simulator. Debian 12 like the CI.
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
      gstreamer1.0-plugins-bad libgirepository1.0-dev libcairo2-dev pkg-config gcc \
      nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY events events
COPY stream_gateway stream_gateway
COPY command_center command_center
COPY simulator simulator
RUN pip install --no-cache-dir ".[sim]"
COPY frontend frontend
RUN cd frontend && npm ci --no-audit --no-fund && npm run build && rm -rf node_modules
COPY config config
EXPOSE 8000 8554 8555
CMD ["command-center", "serve", "--config", "config/demo.yaml"]
