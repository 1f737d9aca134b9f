/**
 * What differs from one real run to the next and is therefore left out of the engine comparison and out of
 * the committed observations. One place, one reason each. Everything not listed here is compared.
 */

export interface VolatileRule {
  /** Exact environ key. */
  key?: string;
  /** Key prefix. */
  prefix?: string;
  reason: string;
}

export const VOLATILE_ENVIRON: VolatileRule[] = [
  { key: "REMOTE_PORT", reason: "the ephemeral source port of the connection (client or proxy)" },
  { key: "mod_wsgi.request_id", reason: "random identifier per request" },
  { key: "mod_wsgi.connection_id", reason: "random identifier per connection" },
  { key: "mod_wsgi.request_start", reason: "timestamp (microseconds since the epoch)" },
  { key: "mod_wsgi.script_start", reason: "timestamp" },
  { key: "mod_wsgi.queue_start", reason: "timestamp (daemon mode)" },
  { key: "mod_wsgi.daemon_start", reason: "timestamp (daemon mode)" },
  { key: "mod_wsgi.daemon_connects", reason: "connection attempts to the daemon socket: depends on timing" },
  { key: "mod_wsgi.daemon_restarts", reason: "daemon restarts seen: depends on timing" },
  { key: "mod_wsgi.thread_id", reason: "which worker thread took the request" },
  { key: "mod_wsgi.thread_requests", reason: "requests that thread served before: depends on the order inside a server group" },
  { key: "mod_wsgi.total_requests", reason: "requests the process served before: depends on the order inside a server group" },
  { key: "mod_wsgi.active_requests", reason: "concurrent requests at that moment" },
  { key: "wsgi.input", reason: "repr of a Python object, carries a memory address" },
  { key: "wsgi.errors", reason: "repr of a Python object, not a value" },
  { key: "wsgi.file_wrapper", reason: "repr of a Python class, not a value" },
  { key: "mod_ssl.is_https", reason: "repr of a bound method with a memory address (present only when mod_ssl is loaded)" },
  { key: "mod_ssl.var_lookup", reason: "repr of a bound method with a memory address (present only when mod_ssl is loaded)" },
  {
    key: "wsgi.multiprocess",
    reason:
      "the runner pins Apache to one process (ServerLimit 1) so that runs are repeatable; scenarios do not describe MPM sizing, and the engine models Apache's default of several processes",
  },
  { key: "DOCUMENT_ROOT", reason: "a path inside the runner's temporary directory" },
  { key: "CONTEXT_DOCUMENT_ROOT", reason: "a path inside the runner's temporary directory" },
  { key: "SCRIPT_FILENAME", reason: "the runner's own application file, inside its temporary directory" },
  { key: "PATH_TRANSLATED", reason: "derived from the runner's temporary paths" },
  { key: "UNIQUE_ID", reason: "random (mod_unique_id)" },
  { prefix: "SSL_SERVER_", reason: "describes the runner's throw-away self-signed certificate" },
  { prefix: "SSL_CLIENT_", reason: "client-certificate details, none in these runs" },
  { key: "SSL_SESSION_ID", reason: "random per TLS session" },
];

/** Response headers that vary by run. Content-Length is volatile only for the environ-echo body (see README). */
export const VOLATILE_RESPONSE_HEADERS: Array<{ name: string; reason: string }> = [
  { name: "Date", reason: "the time of the request" },
  { name: "Keep-Alive", reason: "max=N counts down with each request on a reused connection, so it depends on the order inside a server group" },
  { name: "ETag", reason: "derived from the inode and mtime of the runner's index.html" },
  { name: "Last-Modified", reason: "mtime of the runner's index.html" },
];

export function volatileReason(key: string, value?: string, tempDir?: string): string | null {
  for (const r of VOLATILE_ENVIRON) {
    if (r.key === key) return r.reason;
    if (r.prefix && key.startsWith(r.prefix)) return r.reason;
  }
  if (tempDir && value !== undefined && tempDir.length > 0 && value.includes(tempDir)) return "contains a path inside the runner's temporary directory";
  return null;
}

export function isVolatileHeader(name: string): boolean {
  return VOLATILE_RESPONSE_HEADERS.some((h) => h.name.toLowerCase() === name.toLowerCase());
}

/**
 * Error-log lines a server writes when it starts or stops, not because of the request. Whether one lands in a
 * scenario's window depends on timing, so they are left out of the committed observations.
 */
export const LIFECYCLE_LOG_LINES = /AH00094|AH00489|AH00163|AH00169|AH00491|AH00492|AH00493|resuming normal operations|caught SIGTERM|caught SIGWINCH|gracefully stopping/;

