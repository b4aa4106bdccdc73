# Sourced by the peer benchmark's setup.sh / bench_peer.sh (see bench/peer/README.md).
PEER=ourforum
PYPI_NAME=forum
PEER_DIR=/tmp/peers/ourforum         # venv root; also holds urls.json, logs
VENV=$PEER_DIR
PROJ=$PEER_DIR/project               # a copy of the forum's source, installed editable
WSGI_APP=forum.wsgi:application
DJANGO_SETTINGS_MODULE=benchsettings
DB_NAME=bench_ourforum
PORT=${OURFORUM_PORT:-8100}
