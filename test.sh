#!/usr/bin/env bash
# The README's test command: installs what the tests need from Debian's packages, then runs every test.
# The dashboard's browser test drives Debian's Chromium headless; nothing downloads a browser of its own.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing Debian's chromium for the dashboard's browser test" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
fi

# The cluster's journal and split-brain lease tests start PostgreSQL servers of their own (initdb in a temporary
# folder, a free loopback port) from Debian's package; the package's own server is not used.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "test.sh: installing Debian's postgresql for the cluster journal and lease tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi

exec dotnet test Engine.sln "$@"
