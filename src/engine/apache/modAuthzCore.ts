/**
 * mod_authz_core's reading of `Require` (`add_authz_provider`, httpd 2.4 modules/aaa/mod_authz_core.c) and the
 * checks its providers make of their words when Apache starts (`all`: mod_authz_core; `ip`: mod_authz_host's
 * `ip_parse_config`; `method`: the methods Apache knows). Only the check is modelled: the playground does not
 * decide access. Checked with `apache2 -t` on Apache 2.4.71 (syntax rows RQ01–RQ42; RQ37–RQ42 with mod_authz_user
 * loaded: `user` and `valid-user` take any words, and the provider name is case-sensitive).
 *
 * The providers known are those of the authorization modules Debian packages with Apache (mod_authz_core,
 * mod_authz_host, mod_authz_user, mod_authz_groupfile, mod_authz_owner, mod_authz_dbd, mod_authz_dbm,
 * mod_authnz_ldap); a name none of them provides is refused whatever is loaded. A provider of a module that is
 * not loaded is refused by Apache too ("Unknown Authz provider: valid-user" without mod_authz_user); the
 * playground takes those modules as loaded, as Debian's default configuration loads mod_authz_user.
 */
import { APR_EBADIP, aprIpsubnetCreate, aprLooksLikeIp } from "../net/address.ts";

const PROVIDERS = new Set([
  "all", "env", "method", "expr", // mod_authz_core
  "ip", "host", "local", "forward-dns", // mod_authz_host
  "user", "valid-user", // mod_authz_user
  "group", // mod_authz_groupfile
  "file-owner", "file-group", // mod_authz_owner
  "dbd-group", "dbd-login", "dbd-logout", // mod_authz_dbd
  "dbm-group", // mod_authz_dbm
  "ldap-user", "ldap-group", "ldap-dn", "ldap-attribute", "ldap-filter", "ldap-search", // mod_authnz_ldap
]);

/** The methods `ap_method_number_of` knows without a module registering more (modules/http/http_protocol.c). */
const METHODS = new Set([
  "GET", "HEAD", "PUT", "POST", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK",
  "VERSION-CONTROL", "CHECKOUT", "UNCHECKOUT", "CHECKIN", "UPDATE", "LABEL", "REPORT", "MKWORKSPACE", "MKACTIVITY", "BASELINE-CONTROL", "MERGE",
]);

/** One word of a Require line, as ap_getword_conf read it. */
export interface RequireWord {
  text: string;
  quoted?: boolean;
}

/**
 * What Apache says of a `Require` line's words: null when it takes them, else its message and the index of the
 * word it names (undefined when none). `container` is the `<RequireAll>`, `<RequireAny>` or `<RequireNone>` the
 * directive stands in, or null for none (then Apache's implicit one is `<RequireAny>`). Order as Apache checks:
 * the provider's name, its words, then a negation, which has an effect only in `<RequireAll>`.
 */
export function requireProblem(words: readonly RequireWord[], container: "RequireAll" | "RequireAny" | "RequireNone" | null): { message: string; word: number | undefined } | null {
  let i = 0;
  const negate = words[0]?.text.toLowerCase() === "not";
  if (negate) i = 1;
  const provider = words[i]?.text ?? "";
  if (!PROVIDERS.has(provider)) return { message: `Unknown Authz provider: ${provider}`, word: words[i] ? i : undefined };
  const rest = words.slice(i + 1);
  switch (provider) {
    case "all": {
      // The rest of the line as written: a quoted "granted" is not granted.
      const line = rest.map((w) => (w.quoted ? `"${w.text}"` : w.text)).join(" ").toLowerCase();
      if (line !== "granted" && line !== "denied") return { message: "Argument for 'Require all' must be 'granted' or 'denied'", word: rest.length ? i + 1 : undefined };
      break;
    }
    case "ip": {
      // ip_parse_config reads words up to the first empty one.
      const empty = rest.findIndex((w) => w.text === "");
      const list = empty < 0 ? rest : rest.slice(0, empty);
      if (list.length === 0) return { message: "'require ip' requires an argument", word: undefined };
      for (const [k, w] of list.entries()) {
        const slash = w.text.indexOf("/");
        const address = slash < 0 ? w.text : w.text.slice(0, slash);
        if (!aprLooksLikeIp(address)) return { message: `ip address '${w.text}' appears to be invalid`, word: i + 1 + k };
        const parsed = aprIpsubnetCreate(address, slash < 0 ? null : w.text.slice(slash + 1));
        if (!parsed.ok) return { message: `ip address '${w.text}' appears to be invalid: ${parsed.aprMessage ?? APR_EBADIP}`, word: i + 1 + k };
      }
      break;
    }
    case "method":
      for (const [k, w] of rest.entries()) {
        if (!METHODS.has(w.text)) return { message: `Invalid Method '${w.text}'`, word: i + 1 + k };
      }
      break;
    case "expr":
      if (rest.length === 0) return { message: "Cannot parse expression in require line: syntax error, unexpected $end", word: undefined };
      break;
  }
  // Only a container that requires all of its lines gives a negation meaning (<RequireNone> requires none).
  if (negate && container !== "RequireAll") {
    return { message: `negative Require directive has no effect in <${container ?? "RequireAny"}> directive`, word: 0 };
  }
  return null;
}
