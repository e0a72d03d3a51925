#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those missing; quick when all are there.
# With arguments, those packages instead (make vqd-set: mate-backgrounds, plasma-workspace-wallpapers
# and lomiri-wallpapers-20.04, their photographs).
set -euo pipefail

PACKAGES=(
  python3-venv python3-dev pkg-config
  gir1.2-gst-rtsp-server-1.0 gstreamer1.0-tools
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  libgirepository1.0-dev libcairo2-dev
  ffmpeg redis-server postgresql chromium
  # A Chinese font, so the e2e tests' Chromium draws the wall's Chinese labels (and measures them).
  fonts-wqy-microhei
)

if (($# > 0)); then
  PACKAGES=("$@")
fi

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$package")
done
(($# > 0)) || command -v npm >/dev/null || missing+=(nodejs npm)

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "installing Debian packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "error: run as root or install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
