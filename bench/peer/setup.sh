#!/usr/bin/env bash
# Copy the forum (FORUM_SRC, default /work/main) into /tmp/peers/ourforum, install it, create
# its DB on the benchmark's cluster, migrate, generate the bench data, collect static files.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); BENCH=$(cd "$HERE/../.." && pwd)
source "$HERE/env.sh"; source "$BENCH/common/setup_lib.sh"
FORUM_SRC=${FORUM_SRC:-/work/main}
mkdir -p "$PEER_DIR"
rm -rf "$PROJ"; mkdir -p "$PROJ"
# Not the checkout's venv, database or VCS data; not gunicorn.conf.py either: the benchmark
# starts every peer with the same command-line settings and nothing else.
rsync -a --exclude .venv --exclude var --exclude .git --exclude '*.egg-info' \
      --exclude __pycache__ --exclude gunicorn.conf.py "$FORUM_SRC"/ "$PROJ"/
sed "s/@RELEASE@/$(date +%s)/" "$HERE/bench_settings.py" > "$PROJ/benchsettings.py"
make_venv "$HERE/requirements.txt"
"$VENV/bin/pip" install -q --disable-pip-version-check -e "$PROJ"
fresh_db
run_in_project python manage.py migrate --noinput -v0
run_in_project python "$HERE/gen_data.py" "$PEER_DIR/urls.json"
run_in_project python manage.py collectstatic --noinput -v0
run_in_project python -c "import django; django.setup(); from django.db import connection as c; c.cursor().execute('VACUUM ANALYZE')"
