#!/usr/bin/env bash
# Makes sure the real servers the conformance suite runs (e2e/conformance) are installed:
# Apache 2.4 (apache2), mod_wsgi for Python 3 (libapache2-mod-wsgi-py3), nginx and HAProxy, from the Debian archive.
# Installs only what is missing (apt-get update first, non-interactive); safe to run any number of times.
# The packages' own services are not used: the suite starts private instances with generated configs.
set -euo pipefail

packages=(apache2 libapache2-mod-wsgi-py3 nginx haproxy)
# What each package must provide for the suite.
declare -A provides=(
  [apache2]=/usr/sbin/apache2
  [libapache2-mod-wsgi-py3]=/usr/lib/apache2/modules/mod_wsgi.so
  [nginx]=/usr/sbin/nginx
  [haproxy]=/usr/sbin/haproxy
)

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ] && [ -e "${provides[$1]}" ]
}

missing=()
for p in "${packages[@]}"; do
  if installed "$p"; then
    echo "ensure-servers: $p $(dpkg-query -W -f='${Version}' "$p") already installed (${provides[$p]})"
  else
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      echo "ensure-servers: missing ${missing[*]} and not root (no sudo): install them with apt-get" >&2
      exit 1
    fi
  else
    sudo=()
  fi
  echo "ensure-servers: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  # Keep the packages' own services from starting (Debian's policy-rc.d mechanism): a stock apache2 on port 80
  # would collide with the suite's scenarios. Only when no policy is in place already; removed afterwards.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, from scripts/ensure-servers.sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    trap '"${sudo[@]}" rm -f "$policy"' EXIT
  fi
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  for p in "${missing[@]}"; do
    if installed "$p"; then echo "ensure-servers: installed $p $(dpkg-query -W -f='${Version}' "$p")"; else
      echo "ensure-servers: $p did not install" >&2
      exit 1
    fi
  done
else
  echo "ensure-servers: nothing to install"
fi

# The suite needs these too (openssl for the throw-away TLS certificate; www-data runs the server children).
command -v openssl >/dev/null || { echo "ensure-servers: openssl is missing" >&2; exit 1; }
getent passwd www-data >/dev/null || { echo "ensure-servers: user www-data is missing" >&2; exit 1; }
echo "ensure-servers: $(/usr/sbin/apache2 -v | head -1 | sed 's/^Server version: //'), mod_wsgi $(dpkg-query -W -f='${Version}' libapache2-mod-wsgi-py3), $(/usr/sbin/nginx -v 2>&1 | sed 's/^nginx version: //'), $(/usr/sbin/haproxy -v | head -1 | sed 's/^HAProxy version \([^ ]*\).*/HAProxy \1/')"
