#!/usr/bin/env bash
# Installs, from Debian's packages, what the tests need and the machine lacks: Chromium for the browser
# tests, Apache 2.4 + mod_wsgi, nginx and HAProxy for the real-server conformance suite. Idempotent; prints what it did.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/sbin/apache2 ] || need+=(apache2)
[ -f /usr/lib/apache2/modules/mod_wsgi.so ] || need+=(libapache2-mod-wsgi-py3)
[ -x /usr/sbin/nginx ] || need+=(nginx)
[ -x /usr/sbin/haproxy ] || need+=(haproxy)
command -v openssl >/dev/null 2>&1 || need+=(openssl)

if [ ${#need[@]} -eq 0 ]; then
  echo "ensure-system: chromium, apache2, mod_wsgi, nginx, haproxy and openssl are present"
  exit 0
fi

echo "ensure-system: installing ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# policy-rc.d keeps the packages' own services from starting: tests start their own servers on loopback.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "ensure-system: installed ${need[*]}"
