/**
 * mod_proxy's workers as its configuration reading sees them: the `key=value` words of ProxyPass and
 * ProxyPassMatch (`set_worker_param` and `set_balancer_param` in httpd 2.4 modules/proxy/mod_proxy.c), and which
 * worker a ProxyPass target shares (`ap_proxy_get_worker_ex`, modules/proxy/proxy_util.c).
 *
 * Each worker parameter's value is read with the C library routine mod_proxy uses (atoi, atol, atof, or
 * `ap_timeout_parameter_parse`), so a value such as `timeout=5s` is what Apache makes of it (5 seconds: atoi stops
 * at the `s`) and `timeout=0` is refused in Apache's words. Checked with `apache2 -t` on Apache 2.4.71 (syntax
 * rows PW01–PW54). A balancer's parameters (a `balancer://` target) are checked by name only: their values are not
 * read here.
 */
import { atof, atoi, atol, strtol } from "../cRuntime.ts";

/** The longest `route`, `redirect` and `secret` values mod_proxy stores, plus one (its buffers' sizes). */
const ROUTE_SIZE = 64;
const SECRET_SIZE = 64;
/** The `flusher` and `upgrade` buffers' size. */
const SCHEME_SIZE = 16;

/** The status letters `ap_proxy_set_wstatus` knows (proxy_wstat_tbl), compared after toupper. */
const STATUS_FLAGS = new Set(["O", "I", "N", "G", "U", "D", "S", "E", "H", "R", "F", "C"]);

/** The parameters `set_balancer_param` knows; any other is "unknown Balancer parameter". */
const BALANCER_PARAMS = new Set(["stickysession", "stickysessionsep", "nofailover", "timeout", "maxattempts", "lbmethod", "scolonpathdelim", "failonstatus", "failontimeout", "nonce", "growth", "forcerecovery"]);

/** A C conversion of a double to int on x86-64: the truncated value, or INT_MIN when it does not fit (NaN too). */
function doubleToInt(d: number): number {
  return Number.isFinite(d) && d < 2147483648 && d > -2147483649 ? Math.trunc(d) : -2147483648;
}

/**
 * `ap_timeout_parameter_parse` (server/util.c): a decimal number and an optional unit — `ms`, `s`, `mi`(n),
 * `h`(r), only their first letters read — or `defaultUnit` when nothing follows the number. Microseconds, or null
 * for a value Apache refuses (a negative number, an unknown unit, no number before a unit).
 */
function timeoutParameter(text: string, defaultUnit: "s" | "ms"): number | null {
  const n = strtol(text);
  if (n.overflow) return null;
  const rest = n.end === 0 ? text : text.slice(n.end);
  const unit = rest === "" ? defaultUnit : rest;
  if (n.value < 0n) return null;
  const value = Number(n.value);
  switch (unit[0]) {
    case "s":
      return value * 1e6;
    case "h":
      return value * 3600e6;
    case "m":
      if (unit[1] === "s") return value * 1e3;
      if (unit[1] === "i") return value * 60e6;
      return null;
    default:
      return null;
  }
}

const ON_OFF = (name: string) => (value: string) => {
  const v = value.toLowerCase();
  return v === "on" || v === "off" ? null : `${name} must be On|Off`;
};

/** `set_worker_param`'s check of each parameter it knows: Apache's message for a value it refuses, else null. */
const WORKER_PARAMS: Record<string, (value: string) => string | null> = {
  loadfactor: (v) => {
    const factor = doubleToInt(atof(v) * 100);
    return factor < 100 || factor > 10000 ? "LoadFactor must be a number between 1..100" : null;
  },
  retry: (v) => (atoi(v) < 0 ? "Retry must be a positive value" : null),
  ttl: (v) => (atoi(v) < 1 ? "TTL must be at least one second" : null),
  min: (v) => (atoi(v) < 0 ? "Min must be a positive number" : null),
  max: (v) => (atoi(v) < 0 ? "Max must be a positive number" : null),
  smax: (v) => (atoi(v) < 0 ? "Smax must be a positive number" : null),
  acquire: (v) => {
    const t = timeoutParameter(v, "ms");
    return t === null ? "Acquire timeout has wrong format" : t < 1000 ? "Acquire must be at least one millisecond" : null;
  },
  timeout: (v) => (atoi(v) < 1 ? "Timeout must be at least one second" : null),
  iobuffersize: (v) => {
    const s = atol(v);
    return s < 512 && s !== 0 ? "IOBufferSize must be >= 512 bytes, or 0 for system default." : null;
  },
  receivebuffersize: (v) => {
    const s = atoi(v);
    return s < 512 && s !== 0 ? "ReceiveBufferSize must be >= 512 bytes, or 0 for system default." : null;
  },
  keepalive: ON_OFF("KeepAlive"),
  disablereuse: ON_OFF("DisableReuse"),
  enablereuse: ON_OFF("EnableReuse"),
  addressttl: (v) => {
    if (v === "-1") return null;
    const t = timeoutParameter(v, "s");
    return t !== null && t <= 2147483647e6 && t % 1e6 === 0 ? null : "AddressTTL must be -1 or a number of seconds not exceeding (2147483647)";
  },
  route: (v) => (v.length >= ROUTE_SIZE ? `Route length must be < ${ROUTE_SIZE} characters` : null),
  redirect: (v) => (v.length >= ROUTE_SIZE ? `Redirect length must be < ${ROUTE_SIZE} characters` : null),
  status: (v) => {
    // Each letter sets (after "+", the start) or clears (after "-") a status flag; a sign reads the next letter.
    for (let i = 0; i < v.length; i++) {
      if (v[i] === "+" || v[i] === "-") i++;
      if (i >= v.length || !STATUS_FLAGS.has(v[i]!.toUpperCase())) return "Unknown status parameter option";
    }
    return null;
  },
  flushpackets: (v) => (["on", "off", "auto"].includes(v.toLowerCase()) ? null : "flushpackets must be on|off|auto"),
  flushwait: (v) => {
    const n = atoi(v);
    return n > 1000 || n < 0 ? "flushwait must be <= 1000, or 0 for system default of 10 millseconds." : null;
  },
  ping: (v) => {
    const t = timeoutParameter(v, "s");
    return t === null ? "Ping/Pong timeout has wrong format" : t < 1000 ? "Ping/Pong timeout must be at least one millisecond" : null;
  },
  lbset: (v) => {
    const n = atoi(v);
    return n < 0 || n > 99 ? "lbset must be between 0 and 99" : null;
  },
  connectiontimeout: (v) => {
    const t = timeoutParameter(v, "s");
    return t === null ? "Connectiontimeout has wrong format" : t < 1000 ? "Connectiontimeout must be at least one millisecond." : null;
  },
  flusher: (v) => (v.length >= SCHEME_SIZE ? `flusher name length must be < ${SCHEME_SIZE} characters` : null),
  upgrade: (v) => ((v.toLowerCase() === "any" ? "*" : v).length >= SCHEME_SIZE ? `upgrade protocol length must be < ${SCHEME_SIZE} characters` : null),
  responsefieldsize: (v) => (atol(v) < 0 ? "ResponseFieldSize must be greater than 0 bytes, or 0 for system default." : null),
  secret: (v) => (v.length >= SECRET_SIZE ? `Secret length must be < ${SECRET_SIZE} characters` : null),
};

/**
 * What Apache says of one `key=value` word for a worker (a target that is not `balancer://`): null when it
 * accepts it, else its message without the "ProxyPass " that mod_proxy puts before it. Keys are matched
 * case-insensitively; an unknown one is "unknown Worker parameter" (mod_proxy_hcheck, which adds the `hc…`
 * parameters, is not loaded on the playground's servers).
 */
export function workerParamProblem(key: string, value: string): string | null {
  const check = WORKER_PARAMS[key.toLowerCase()];
  return check ? check(value) : "unknown Worker parameter";
}

/** The same for a `balancer://` target's parameters, by name only: "unknown Balancer parameter" or null. */
export function balancerParamProblem(key: string): string | null {
  return BALANCER_PARAMS.has(key.toLowerCase()) ? null : "unknown Balancer parameter";
}

/** Whether `url` names a balancer (`ap_proxy_valid_balancer_name`: it starts with "balancer:", any case). */
export function isBalancerUrl(url: string): boolean {
  return url.slice(0, 9).toLowerCase() === "balancer:";
}

/**
 * A worker's name as mod_proxy keeps it for a ProxyPass target: the URL with its `scheme://host[:port]` part
 * lower-cased; the path as written. Null for a URL that names no host (no `://`, or nothing after it).
 */
export function workerName(url: string): string | null {
  const colon = url.indexOf(":");
  if (colon < 0 || url[colon + 1] !== "/" || url[colon + 2] !== "/" || colon + 3 >= url.length) return null;
  const slash = url.indexOf("/", colon + 3);
  return slash < 0 ? url.toLowerCase() : url.slice(0, slash).toLowerCase() + url.slice(slash);
}

/**
 * The worker a ProxyPass (prefix) target shares, among `workers` (the names defined before it in the same
 * server's configuration): the longest name that starts `url` and covers at least its `scheme://host[:port]`
 * part (`ap_proxy_get_worker_ex`), or null. A shared worker keeps the parameters it was defined with: Apache
 * ignores the new ones, with a warning (AH01146).
 */
export function sharedWorker(workers: readonly string[], url: string): string | null {
  const name = workerName(url);
  if (name === null) return null;
  const slash = name.indexOf("/", name.indexOf("://") + 3);
  const minMatch = slash < 0 ? name.length : slash;
  let best: string | null = null;
  for (const w of workers) {
    if (w.length <= name.length && w.length >= minMatch && name.startsWith(w) && (best === null || w.length > best.length)) best = w;
  }
  return best;
}
