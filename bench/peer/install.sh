#!/usr/bin/env bash
# Put this peer into a copy of the shared peer benchmark: bench/peer/install.sh /tmp/peer-bench
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); BENCH=${1:?usage: install.sh PEER_BENCH_COPY}
mkdir -p "$BENCH/peers/ourforum"
cp "$HERE"/{env.sh,setup.sh,requirements.txt,gen_data.py,bench_settings.py} "$BENCH/peers/ourforum/"
echo "installed into $BENCH/peers/ourforum"
