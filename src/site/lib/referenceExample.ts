import type { ProxyKind, Scenario } from "../../engine/index.ts";

/**
 * The reference example: one Apache front end proxying to Apache + mod_wsgi on the same host. Every address
 * is loopback (the client is 127.0.0.9) so that the same scenario runs unchanged on real servers.
 */
export function referenceExample(): Scenario {
  return {
    version: 1,
    modwsgi: "4.9",
    client: { address: "127.0.0.9", tls: false, request: "GET /somepath HTTP/1.1\nHost: www.example.com\n" },
    proxies: [
      {
        server: "apache",
        listen: "127.0.0.1:80",
        address: "127.0.0.1",
        config:
          "ServerName www.example.com\n" +
          "ProxyPass / http://127.0.0.1:8000/\n" +
          "ProxyPassReverse / http://127.0.0.1:8000/\n" +
          "ProxyPreserveHost On\n" +
          "RequestHeader set X-Forwarded-Port 80\n",
      },
    ],
    backend: {
      server: "apache",
      listen: "127.0.0.1:8000",
      address: "127.0.0.1",
      config:
        "WSGIScriptAlias / /srv/example/wsgi.py\n" +
        "WSGITrustedProxies 127.0.0.1\n" +
        "WSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-Host X-Forwarded-Port\n",
    },
  };
}

/** A config a new proxy pane starts with, forwarding to the back end. */
export function newProxyConfig(kind: ProxyKind, target: string): string {
  switch (kind) {
    case "apache":
      return `ProxyPass / http://${target}/\nProxyPassReverse / http://${target}/\n`;
    case "nginx":
      return `location / {\n    proxy_pass http://${target};\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n}\n`;
    case "haproxy":
      return `frontend web\n    bind :80\n    option forwardfor\n    default_backend app\nbackend app\n    server app ${target}\n`;
    case "wsgiproxy":
      return `WSGIProxyApp('http://${target}/')\n`;
    case "mod_wsgi-express":
      // A new pane listens on port 80 (see addProxy); mount point "/" hands every path to the next server.
      return `mod_wsgi-express start-server wsgi.py --port 80 \\\n    --proxy-mount-point / http://${target}/\n`;
    default:
      // Managed load balancers: an empty settings text means the vendor's defaults.
      return "";
  }
}
