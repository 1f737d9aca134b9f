/**
 * The directive table of nginx 1.22.1 as Debian 12 builds it (`nginx -V`: the http core and every module
 * compiled in statically; the dynamic modules geoip, image_filter, perl, xslt, mail and stream are not
 * loaded by a plain nginx.conf, so their directives are unknown here as they are to a real `nginx -t`).
 *
 * Source: the `ngx_command_t` arrays of nginx/nginx tag `release-1.22.1`, for each module whose name the
 * installed `/usr/sbin/nginx` contains; names, allowed contexts and argument counts only (no code). The
 * parser (`configParser.ts`) reads this table to say `unknown directive "…"`, `"…" directive is not allowed
 * here` and `invalid number of arguments in "…" directive` exactly when `nginx -t` does; checked against
 * `nginx -t` on small files (see configParser.test.ts).
 */

/** Where a directive may appear: nginx's NGX_*_CONF flags. `sif`/`lif` are `if` blocks in server/location, `lmt` is `limit_except`. */
export type NginxContext = "main" | "events" | "http" | "server" | "location" | "upstream" | "sif" | "lif" | "lmt" | "any";

/** One row of the table. */
export interface NginxDirectiveSpec {
  name: string;
  contexts: readonly NginxContext[];
  /**
   * Allowed argument counts: digits (`"12"` = one or two), `"flag"` (exactly one, on|off), `"1+"`, `"2+"`,
   * or `"any"`.
   */
  args: string;
  /** True for block directives (`name args { … }`). */
  block: boolean;
  /** The nginx module that defines it, without the `ngx_` prefix and `_module` suffix. */
  module: string;
}

// name  contexts  args  block  module
const TABLE = `
absolute_redirect               http,server,location         flag -     http_core
accept_mutex                    events                       flag -     event_core
accept_mutex_delay              events                       1    -     event_core
access_log                      http,server,location,lif,lmt 1+   -     http_log
add_after_body                  http,server,location         1    -     http_addition_filter
add_before_body                 http,server,location         1    -     http_addition_filter
add_header                      http,server,location,lif     23   -     http_headers_filter
add_trailer                     http,server,location,lif     23   -     http_headers_filter
addition_types                  http,server,location         1+   -     http_addition_filter
aio                             http,server,location         1    -     http_core
aio_write                       http,server,location         flag -     http_core
alias                           location                     1    -     http_core
allow                           http,server,location,lmt     1    -     http_access
ancient_browser                 http,server,location         1+   -     http_browser
ancient_browser_value           http,server,location         1    -     http_browser
auth_basic                      http,server,location,lmt     1    -     http_auth_basic
auth_basic_user_file            http,server,location,lmt     1    -     http_auth_basic
auth_delay                      http,server,location         1    -     http_core
auth_request                    http,server,location         1    -     http_auth_request
auth_request_set                http,server,location         2    -     http_auth_request
autoindex                       http,server,location         flag -     http_autoindex
autoindex_exact_size            http,server,location         flag -     http_autoindex
autoindex_format                http,server,location         1    -     http_autoindex
autoindex_localtime             http,server,location         flag -     http_autoindex
break                           server,sif,location,lif      0    -     http_rewrite
charset                         http,server,location,lif     1    -     http_charset_filter
charset_map                     http                         2    block http_charset_filter
charset_types                   http,server,location         1+   -     http_charset_filter
chunked_transfer_encoding       http,server,location         flag -     http_core
client_body_buffer_size         http,server,location         1    -     http_core
client_body_in_file_only        http,server,location         1    -     http_core
client_body_in_single_buffer    http,server,location         flag -     http_core
client_body_temp_path           http,server,location         1234 -     http_core
client_body_timeout             http,server,location         1    -     http_core
client_header_buffer_size       http,server                  1    -     http_core
client_header_timeout           http,server                  1    -     http_core
client_max_body_size            http,server,location         1    -     http_core
connection_pool_size            http,server                  1    -     http_core
create_full_put_path            http,server,location         flag -     http_dav
daemon                          main                         flag -     core
dav_access                      http,server,location         123  -     http_dav
dav_methods                     http,server,location         1+   -     http_dav
debug_connection                events                       1    -     event_core
debug_points                    main                         1    -     core
default_type                    http,server,location         1    -     http_core
deny                            http,server,location,lmt     1    -     http_access
directio                        http,server,location         1    -     http_core
directio_alignment              http,server,location         1    -     http_core
disable_symlinks                http,server,location         12   -     http_core
empty_gif                       location                     0    -     http_empty_gif
env                             main                         1    -     core
epoll_events                    events                       1    -     epoll
error_log                       http,server,location         1+   -     http_core
error_log                       main                         1+   -     errlog
error_page                      http,server,location,lif     2+   -     http_core
etag                            http,server,location         flag -     http_core
events                          main                         0    block events
expires                         http,server,location,lif     12   -     http_headers_filter
fastcgi_bind                    http,server,location         12   -     http_fastcgi
fastcgi_buffer_size             http,server,location         1    -     http_fastcgi
fastcgi_buffering               http,server,location         flag -     http_fastcgi
fastcgi_buffers                 http,server,location         2    -     http_fastcgi
fastcgi_busy_buffers_size       http,server,location         1    -     http_fastcgi
fastcgi_cache                   http,server,location         1    -     http_fastcgi
fastcgi_cache_background_update http,server,location         flag -     http_fastcgi
fastcgi_cache_bypass            http,server,location         1+   -     http_fastcgi
fastcgi_cache_key               http,server,location         1    -     http_fastcgi
fastcgi_cache_lock              http,server,location         flag -     http_fastcgi
fastcgi_cache_lock_age          http,server,location         1    -     http_fastcgi
fastcgi_cache_lock_timeout      http,server,location         1    -     http_fastcgi
fastcgi_cache_max_range_offset  http,server,location         1    -     http_fastcgi
fastcgi_cache_methods           http,server,location         1+   -     http_fastcgi
fastcgi_cache_min_uses          http,server,location         1    -     http_fastcgi
fastcgi_cache_path              http                         2+   -     http_fastcgi
fastcgi_cache_revalidate        http,server,location         flag -     http_fastcgi
fastcgi_cache_use_stale         http,server,location         1+   -     http_fastcgi
fastcgi_cache_valid             http,server,location         1+   -     http_fastcgi
fastcgi_catch_stderr            http,server,location         1    -     http_fastcgi
fastcgi_connect_timeout         http,server,location         1    -     http_fastcgi
fastcgi_force_ranges            http,server,location         flag -     http_fastcgi
fastcgi_hide_header             http,server,location         1    -     http_fastcgi
fastcgi_ignore_client_abort     http,server,location         flag -     http_fastcgi
fastcgi_ignore_headers          http,server,location         1+   -     http_fastcgi
fastcgi_index                   http,server,location         1    -     http_fastcgi
fastcgi_intercept_errors        http,server,location         flag -     http_fastcgi
fastcgi_keep_conn               http,server,location         flag -     http_fastcgi
fastcgi_limit_rate              http,server,location         1    -     http_fastcgi
fastcgi_max_temp_file_size      http,server,location         1    -     http_fastcgi
fastcgi_next_upstream           http,server,location         1+   -     http_fastcgi
fastcgi_next_upstream_timeout   http,server,location         1    -     http_fastcgi
fastcgi_next_upstream_tries     http,server,location         1    -     http_fastcgi
fastcgi_no_cache                http,server,location         1+   -     http_fastcgi
fastcgi_param                   http,server,location         23   -     http_fastcgi
fastcgi_pass                    location,lif                 1    -     http_fastcgi
fastcgi_pass_header             http,server,location         1    -     http_fastcgi
fastcgi_pass_request_body       http,server,location         flag -     http_fastcgi
fastcgi_pass_request_headers    http,server,location         flag -     http_fastcgi
fastcgi_read_timeout            http,server,location         1    -     http_fastcgi
fastcgi_request_buffering       http,server,location         flag -     http_fastcgi
fastcgi_send_lowat              http,server,location         1    -     http_fastcgi
fastcgi_send_timeout            http,server,location         1    -     http_fastcgi
fastcgi_socket_keepalive        http,server,location         flag -     http_fastcgi
fastcgi_split_path_info         http,server,location         1    -     http_fastcgi
fastcgi_store                   http,server,location         1    -     http_fastcgi
fastcgi_store_access            http,server,location         123  -     http_fastcgi
fastcgi_temp_file_write_size    http,server,location         1    -     http_fastcgi
fastcgi_temp_path               http,server,location         1234 -     http_fastcgi
flv                             location                     0    -     http_flv
geo                             http                         12   block http_geo
grpc_bind                       http,server,location         12   -     http_grpc
grpc_buffer_size                http,server,location         1    -     http_grpc
grpc_connect_timeout            http,server,location         1    -     http_grpc
grpc_hide_header                http,server,location         1    -     http_grpc
grpc_ignore_headers             http,server,location         1+   -     http_grpc
grpc_intercept_errors           http,server,location         flag -     http_grpc
grpc_next_upstream              http,server,location         1+   -     http_grpc
grpc_next_upstream_timeout      http,server,location         1    -     http_grpc
grpc_next_upstream_tries        http,server,location         1    -     http_grpc
grpc_pass                       location,lif                 1    -     http_grpc
grpc_pass_header                http,server,location         1    -     http_grpc
grpc_read_timeout               http,server,location         1    -     http_grpc
grpc_send_timeout               http,server,location         1    -     http_grpc
grpc_set_header                 http,server,location         2    -     http_grpc
grpc_socket_keepalive           http,server,location         flag -     http_grpc
grpc_ssl_certificate            http,server,location         1    -     http_grpc
grpc_ssl_certificate_key        http,server,location         1    -     http_grpc
grpc_ssl_ciphers                http,server,location         1    -     http_grpc
grpc_ssl_conf_command           http,server,location         2    -     http_grpc
grpc_ssl_crl                    http,server,location         1    -     http_grpc
grpc_ssl_name                   http,server,location         1    -     http_grpc
grpc_ssl_password_file          http,server,location         1    -     http_grpc
grpc_ssl_protocols              http,server,location         1+   -     http_grpc
grpc_ssl_server_name            http,server,location         flag -     http_grpc
grpc_ssl_session_reuse          http,server,location         flag -     http_grpc
grpc_ssl_trusted_certificate    http,server,location         1    -     http_grpc
grpc_ssl_verify                 http,server,location         flag -     http_grpc
grpc_ssl_verify_depth           http,server,location         1    -     http_grpc
gunzip                          http,server,location         flag -     http_gunzip_filter
gunzip_buffers                  http,server,location         2    -     http_gunzip_filter
gzip                            http,server,location,lif     flag -     http_gzip_filter
gzip_buffers                    http,server,location         2    -     http_gzip_filter
gzip_comp_level                 http,server,location         1    -     http_gzip_filter
gzip_disable                    http,server,location         1+   -     http_core
gzip_hash                       http,server,location         1    -     http_gzip_filter
gzip_http_version               http,server,location         1    -     http_core
gzip_min_length                 http,server,location         1    -     http_gzip_filter
gzip_no_buffer                  http,server,location         flag -     http_gzip_filter
gzip_proxied                    http,server,location         1+   -     http_core
gzip_static                     http,server,location         1    -     http_gzip_static
gzip_types                      http,server,location         1+   -     http_gzip_filter
gzip_vary                       http,server,location         flag -     http_core
gzip_window                     http,server,location         1    -     http_gzip_filter
hash                            upstream                     12   -     http_upstream_hash
http                            main                         0    block http
http2_body_preread_size         http,server                  1    -     http_v2
http2_chunk_size                http,server,location         1    -     http_v2
http2_idle_timeout              http,server                  1    -     http_v2
http2_max_concurrent_pushes     http,server                  1    -     http_v2
http2_max_concurrent_streams    http,server                  1    -     http_v2
http2_max_field_size            http,server                  1    -     http_v2
http2_max_header_size           http,server                  1    -     http_v2
http2_max_requests              http,server                  1    -     http_v2
http2_pool_size                 http,server                  1    -     http_v2
http2_push                      http,server,location         1    -     http_v2
http2_push_preload              http,server,location         flag -     http_v2
http2_recv_buffer_size          http                         1    -     http_v2
http2_recv_timeout              http,server                  1    -     http_v2
http2_streams_index_size        http,server                  1    -     http_v2
if                              server,location              1+   block http_rewrite
if_modified_since               http,server,location         1    -     http_core
ignore_invalid_headers          http,server                  flag -     http_core
include                         any                          1    -     conf
index                           http,server,location         1+   -     http_index
internal                        location                     0    -     http_core
ip_hash                         upstream                     0    -     http_upstream_ip_hash
keepalive                       upstream                     1    -     http_upstream_keepalive
keepalive_disable               http,server,location         12   -     http_core
keepalive_requests              http,server,location         1    -     http_core
keepalive_requests              upstream                     1    -     http_upstream_keepalive
keepalive_time                  http,server,location         1    -     http_core
keepalive_time                  upstream                     1    -     http_upstream_keepalive
keepalive_timeout               http,server,location         12   -     http_core
keepalive_timeout               upstream                     1    -     http_upstream_keepalive
large_client_header_buffers     http,server                  2    -     http_core
least_conn                      upstream                     0    -     http_upstream_least_conn
limit_conn                      http,server,location         2    -     http_limit_conn
limit_conn_dry_run              http,server,location         flag -     http_limit_conn
limit_conn_log_level            http,server,location         1    -     http_limit_conn
limit_conn_status               http,server,location         1    -     http_limit_conn
limit_conn_zone                 http                         2    -     http_limit_conn
limit_except                    location                     1+   block http_core
limit_rate                      http,server,location,lif     1    -     http_core
limit_rate_after                http,server,location,lif     1    -     http_core
limit_req                       http,server,location         123  -     http_limit_req
limit_req_dry_run               http,server,location         flag -     http_limit_req
limit_req_log_level             http,server,location         1    -     http_limit_req
limit_req_status                http,server,location         1    -     http_limit_req
limit_req_zone                  http                         3    -     http_limit_req
lingering_close                 http,server,location         1    -     http_core
lingering_time                  http,server,location         1    -     http_core
lingering_timeout               http,server,location         1    -     http_core
listen                          server                       1+   -     http_core
load_module                     main                         1    -     core
location                        server,location              12   block http_core
lock_file                       main                         1    -     core
log_format                      http                         2+   -     http_log
log_not_found                   http,server,location         flag -     http_core
log_subrequest                  http,server,location         flag -     http_core
map                             http                         2    block http_map
map_hash_bucket_size            http                         1    -     http_map
map_hash_max_size               http                         1    -     http_map
master_process                  main                         flag -     core
max_ranges                      http,server,location         1    -     http_core
memcached_bind                  http,server,location         12   -     http_memcached
memcached_buffer_size           http,server,location         1    -     http_memcached
memcached_connect_timeout       http,server,location         1    -     http_memcached
memcached_gzip_flag             http,server,location         1    -     http_memcached
memcached_next_upstream         http,server,location         1+   -     http_memcached
memcached_next_upstream_timeout http,server,location         1    -     http_memcached
memcached_next_upstream_tries   http,server,location         1    -     http_memcached
memcached_pass                  location,lif                 1    -     http_memcached
memcached_read_timeout          http,server,location         1    -     http_memcached
memcached_send_timeout          http,server,location         1    -     http_memcached
memcached_socket_keepalive      http,server,location         flag -     http_memcached
merge_slashes                   http,server                  flag -     http_core
min_delete_depth                http,server,location         1    -     http_dav
mirror                          http,server,location         1    -     http_mirror
mirror_request_body             http,server,location         flag -     http_mirror
modern_browser                  http,server,location         12   -     http_browser
modern_browser_value            http,server,location         1    -     http_browser
mp4                             location                     0    -     http_mp4
mp4_buffer_size                 http,server,location         1    -     http_mp4
mp4_max_buffer_size             http,server,location         1    -     http_mp4
mp4_start_key_frame             http,server,location         flag -     http_mp4
msie_padding                    http,server,location         flag -     http_core
msie_refresh                    http,server,location         flag -     http_core
multi_accept                    events                       flag -     event_core
open_file_cache                 http,server,location         12   -     http_core
open_file_cache_errors          http,server,location         flag -     http_core
open_file_cache_events          http,server,location         flag -     http_core
open_file_cache_min_uses        http,server,location         1    -     http_core
open_file_cache_valid           http,server,location         1    -     http_core
open_log_file_cache             http,server,location         1234 -     http_log
output_buffers                  http,server,location         2    -     http_copy_filter
override_charset                http,server,location,lif     flag -     http_charset_filter
pcre_jit                        main                         flag -     regex
pid                             main                         1    -     core
port_in_redirect                http,server,location         flag -     http_core
post_action                     http,server,location,lif     1    -     http_core
postpone_gzipping               http,server,location         1    -     http_gzip_filter
postpone_output                 http,server,location         1    -     http_core
proxy_bind                      http,server,location         12   -     http_proxy
proxy_buffer_size               http,server,location         1    -     http_proxy
proxy_buffering                 http,server,location         flag -     http_proxy
proxy_buffers                   http,server,location         2    -     http_proxy
proxy_busy_buffers_size         http,server,location         1    -     http_proxy
proxy_cache                     http,server,location         1    -     http_proxy
proxy_cache_background_update   http,server,location         flag -     http_proxy
proxy_cache_bypass              http,server,location         1+   -     http_proxy
proxy_cache_convert_head        http,server,location         flag -     http_proxy
proxy_cache_key                 http,server,location         1    -     http_proxy
proxy_cache_lock                http,server,location         flag -     http_proxy
proxy_cache_lock_age            http,server,location         1    -     http_proxy
proxy_cache_lock_timeout        http,server,location         1    -     http_proxy
proxy_cache_max_range_offset    http,server,location         1    -     http_proxy
proxy_cache_methods             http,server,location         1+   -     http_proxy
proxy_cache_min_uses            http,server,location         1    -     http_proxy
proxy_cache_path                http                         2+   -     http_proxy
proxy_cache_revalidate          http,server,location         flag -     http_proxy
proxy_cache_use_stale           http,server,location         1+   -     http_proxy
proxy_cache_valid               http,server,location         1+   -     http_proxy
proxy_connect_timeout           http,server,location         1    -     http_proxy
proxy_cookie_domain             http,server,location         12   -     http_proxy
proxy_cookie_flags              http,server,location         1234 -     http_proxy
proxy_cookie_path               http,server,location         12   -     http_proxy
proxy_force_ranges              http,server,location         flag -     http_proxy
proxy_headers_hash_bucket_size  http,server,location         1    -     http_proxy
proxy_headers_hash_max_size     http,server,location         1    -     http_proxy
proxy_hide_header               http,server,location         1    -     http_proxy
proxy_http_version              http,server,location         1    -     http_proxy
proxy_ignore_client_abort       http,server,location         flag -     http_proxy
proxy_ignore_headers            http,server,location         1+   -     http_proxy
proxy_intercept_errors          http,server,location         flag -     http_proxy
proxy_limit_rate                http,server,location         1    -     http_proxy
proxy_max_temp_file_size        http,server,location         1    -     http_proxy
proxy_method                    http,server,location         1    -     http_proxy
proxy_next_upstream             http,server,location         1+   -     http_proxy
proxy_next_upstream_timeout     http,server,location         1    -     http_proxy
proxy_next_upstream_tries       http,server,location         1    -     http_proxy
proxy_no_cache                  http,server,location         1+   -     http_proxy
proxy_pass                      location,lif,lmt             1    -     http_proxy
proxy_pass_header               http,server,location         1    -     http_proxy
proxy_pass_request_body         http,server,location         flag -     http_proxy
proxy_pass_request_headers      http,server,location         flag -     http_proxy
proxy_read_timeout              http,server,location         1    -     http_proxy
proxy_redirect                  http,server,location         12   -     http_proxy
proxy_request_buffering         http,server,location         flag -     http_proxy
proxy_send_lowat                http,server,location         1    -     http_proxy
proxy_send_timeout              http,server,location         1    -     http_proxy
proxy_set_body                  http,server,location         1    -     http_proxy
proxy_set_header                http,server,location         2    -     http_proxy
proxy_socket_keepalive          http,server,location         flag -     http_proxy
proxy_ssl_certificate           http,server,location         1    -     http_proxy
proxy_ssl_certificate_key       http,server,location         1    -     http_proxy
proxy_ssl_ciphers               http,server,location         1    -     http_proxy
proxy_ssl_conf_command          http,server,location         2    -     http_proxy
proxy_ssl_crl                   http,server,location         1    -     http_proxy
proxy_ssl_name                  http,server,location         1    -     http_proxy
proxy_ssl_password_file         http,server,location         1    -     http_proxy
proxy_ssl_protocols             http,server,location         1+   -     http_proxy
proxy_ssl_server_name           http,server,location         flag -     http_proxy
proxy_ssl_session_reuse         http,server,location         flag -     http_proxy
proxy_ssl_trusted_certificate   http,server,location         1    -     http_proxy
proxy_ssl_verify                http,server,location         flag -     http_proxy
proxy_ssl_verify_depth          http,server,location         1    -     http_proxy
proxy_store                     http,server,location         1    -     http_proxy
proxy_store_access              http,server,location         123  -     http_proxy
proxy_temp_file_write_size      http,server,location         1    -     http_proxy
proxy_temp_path                 http,server,location         1234 -     http_proxy
random                          upstream                     012  -     http_upstream_random
random_index                    location                     flag -     http_random_index
read_ahead                      http,server,location         1    -     http_core
real_ip_header                  http,server,location         1    -     http_realip
real_ip_recursive               http,server,location         flag -     http_realip
recursive_error_pages           http,server,location         flag -     http_core
referer_hash_bucket_size        server,location              1    -     http_referer
referer_hash_max_size           server,location              1    -     http_referer
request_pool_size               http,server                  1    -     http_core
reset_timedout_connection       http,server,location         flag -     http_core
resolver                        http,server,location         1+   -     http_core
resolver_timeout                http,server,location         1    -     http_core
return                          server,sif,location,lif      12   -     http_rewrite
rewrite                         server,sif,location,lif      23   -     http_rewrite
rewrite_log                     http,server,sif,location,lif flag -     http_rewrite
root                            http,server,location,lif     1    -     http_core
satisfy                         http,server,location         1    -     http_core
scgi_bind                       http,server,location         12   -     http_scgi
scgi_buffer_size                http,server,location         1    -     http_scgi
scgi_buffering                  http,server,location         flag -     http_scgi
scgi_buffers                    http,server,location         2    -     http_scgi
scgi_busy_buffers_size          http,server,location         1    -     http_scgi
scgi_cache                      http,server,location         1    -     http_scgi
scgi_cache_background_update    http,server,location         flag -     http_scgi
scgi_cache_bypass               http,server,location         1+   -     http_scgi
scgi_cache_key                  http,server,location         1    -     http_scgi
scgi_cache_lock                 http,server,location         flag -     http_scgi
scgi_cache_lock_age             http,server,location         1    -     http_scgi
scgi_cache_lock_timeout         http,server,location         1    -     http_scgi
scgi_cache_max_range_offset     http,server,location         1    -     http_scgi
scgi_cache_methods              http,server,location         1+   -     http_scgi
scgi_cache_min_uses             http,server,location         1    -     http_scgi
scgi_cache_path                 http                         2+   -     http_scgi
scgi_cache_revalidate           http,server,location         flag -     http_scgi
scgi_cache_use_stale            http,server,location         1+   -     http_scgi
scgi_cache_valid                http,server,location         1+   -     http_scgi
scgi_connect_timeout            http,server,location         1    -     http_scgi
scgi_force_ranges               http,server,location         flag -     http_scgi
scgi_hide_header                http,server,location         1    -     http_scgi
scgi_ignore_client_abort        http,server,location         flag -     http_scgi
scgi_ignore_headers             http,server,location         1+   -     http_scgi
scgi_intercept_errors           http,server,location         flag -     http_scgi
scgi_limit_rate                 http,server,location         1    -     http_scgi
scgi_max_temp_file_size         http,server,location         1    -     http_scgi
scgi_next_upstream              http,server,location         1+   -     http_scgi
scgi_next_upstream_timeout      http,server,location         1    -     http_scgi
scgi_next_upstream_tries        http,server,location         1    -     http_scgi
scgi_no_cache                   http,server,location         1+   -     http_scgi
scgi_param                      http,server,location         23   -     http_scgi
scgi_pass                       location,lif                 1    -     http_scgi
scgi_pass_header                http,server,location         1    -     http_scgi
scgi_pass_request_body          http,server,location         flag -     http_scgi
scgi_pass_request_headers       http,server,location         flag -     http_scgi
scgi_read_timeout               http,server,location         1    -     http_scgi
scgi_request_buffering          http,server,location         flag -     http_scgi
scgi_send_timeout               http,server,location         1    -     http_scgi
scgi_socket_keepalive           http,server,location         flag -     http_scgi
scgi_store                      http,server,location         1    -     http_scgi
scgi_store_access               http,server,location         123  -     http_scgi
scgi_temp_file_write_size       http,server,location         1    -     http_scgi
scgi_temp_path                  http,server,location         1234 -     http_scgi
secure_link                     http,server,location         1    -     http_secure_link
secure_link_md5                 http,server,location         1    -     http_secure_link
secure_link_secret              http,server,location         1    -     http_secure_link
send_lowat                      http,server,location         1    -     http_core
send_timeout                    http,server,location         1    -     http_core
sendfile                        http,server,location,lif     flag -     http_core
sendfile_max_chunk              http,server,location         1    -     http_core
server                          http                         0    block http_core
server                          upstream                     1+   -     http_upstream
server_name                     server                       1+   -     http_core
server_name_in_redirect         http,server,location         flag -     http_core
server_names_hash_bucket_size   http                         1    -     http_core
server_names_hash_max_size      http                         1    -     http_core
server_tokens                   http,server,location         1    -     http_core
set                             server,sif,location,lif      2    -     http_rewrite
set_real_ip_from                http,server,location         1    -     http_realip
slice                           http,server,location         1    -     http_slice_filter
source_charset                  http,server,location,lif     1    -     http_charset_filter
split_clients                   http                         2    block http_split_clients
ssi                             http,server,location,lif     flag -     http_ssi_filter
ssi_ignore_recycled_buffers     http,server,location         flag -     http_ssi_filter
ssi_last_modified               http,server,location         flag -     http_ssi_filter
ssi_min_file_chunk              http,server,location         1    -     http_ssi_filter
ssi_silent_errors               http,server,location         flag -     http_ssi_filter
ssi_types                       http,server,location         1+   -     http_ssi_filter
ssi_value_length                http,server,location         1    -     http_ssi_filter
ssl                             http,server                  flag -     http_ssl
ssl_buffer_size                 http,server                  1    -     http_ssl
ssl_certificate                 http,server                  1    -     http_ssl
ssl_certificate_key             http,server                  1    -     http_ssl
ssl_ciphers                     http,server                  1    -     http_ssl
ssl_client_certificate          http,server                  1    -     http_ssl
ssl_conf_command                http,server                  2    -     http_ssl
ssl_crl                         http,server                  1    -     http_ssl
ssl_dhparam                     http,server                  1    -     http_ssl
ssl_early_data                  http,server                  flag -     http_ssl
ssl_ecdh_curve                  http,server                  1    -     http_ssl
ssl_engine                      main                         1    -     openssl
ssl_ocsp                        http,server                  flag -     http_ssl
ssl_ocsp_cache                  http,server                  1    -     http_ssl
ssl_ocsp_responder              http,server                  1    -     http_ssl
ssl_password_file               http,server                  1    -     http_ssl
ssl_prefer_server_ciphers       http,server                  flag -     http_ssl
ssl_protocols                   http,server                  1+   -     http_ssl
ssl_reject_handshake            http,server                  flag -     http_ssl
ssl_session_cache               http,server                  12   -     http_ssl
ssl_session_ticket_key          http,server                  1    -     http_ssl
ssl_session_tickets             http,server                  flag -     http_ssl
ssl_session_timeout             http,server                  1    -     http_ssl
ssl_stapling                    http,server                  flag -     http_ssl
ssl_stapling_file               http,server                  1    -     http_ssl
ssl_stapling_responder          http,server                  1    -     http_ssl
ssl_stapling_verify             http,server                  flag -     http_ssl
ssl_trusted_certificate         http,server                  1    -     http_ssl
ssl_verify_client               http,server                  1    -     http_ssl
ssl_verify_depth                http,server                  1    -     http_ssl
stub_status                     server,location              01   -     http_stub_status
sub_filter                      http,server,location         2    -     http_sub_filter
sub_filter_last_modified        http,server,location         flag -     http_sub_filter
sub_filter_once                 http,server,location         flag -     http_sub_filter
sub_filter_types                http,server,location         1+   -     http_sub_filter
subrequest_output_buffer_size   http,server,location         1    -     http_core
tcp_nodelay                     http,server,location         flag -     http_core
tcp_nopush                      http,server,location         flag -     http_core
thread_pool                     main                         23   -     thread_pool
timer_resolution                main                         1    -     core
try_files                       server,location              2+   -     http_try_files
types                           http,server,location         0    block http_core
types_hash_bucket_size          http,server,location         1    -     http_core
types_hash_max_size             http,server,location         1    -     http_core
underscores_in_headers          http,server                  flag -     http_core
uninitialized_variable_warn     http,server,sif,location,lif flag -     http_rewrite
upstream                        http                         1    block http_upstream
use                             events                       1    -     event_core
user                            main                         12   -     core
userid                          http,server,location         1    -     http_userid_filter
userid_domain                   http,server,location         1    -     http_userid_filter
userid_expires                  http,server,location         1    -     http_userid_filter
userid_flags                    http,server,location         123  -     http_userid_filter
userid_mark                     http,server,location         1    -     http_userid_filter
userid_name                     http,server,location         1    -     http_userid_filter
userid_p3p                      http,server,location         1    -     http_userid_filter
userid_path                     http,server,location         1    -     http_userid_filter
userid_service                  http,server,location         1    -     http_userid_filter
uwsgi_bind                      http,server,location         12   -     http_uwsgi
uwsgi_buffer_size               http,server,location         1    -     http_uwsgi
uwsgi_buffering                 http,server,location         flag -     http_uwsgi
uwsgi_buffers                   http,server,location         2    -     http_uwsgi
uwsgi_busy_buffers_size         http,server,location         1    -     http_uwsgi
uwsgi_cache                     http,server,location         1    -     http_uwsgi
uwsgi_cache_background_update   http,server,location         1    -     http_uwsgi
uwsgi_cache_bypass              http,server,location         1+   -     http_uwsgi
uwsgi_cache_key                 http,server,location         1    -     http_uwsgi
uwsgi_cache_lock                http,server,location         flag -     http_uwsgi
uwsgi_cache_lock_age            http,server,location         1    -     http_uwsgi
uwsgi_cache_lock_timeout        http,server,location         1    -     http_uwsgi
uwsgi_cache_max_range_offset    http,server,location         1    -     http_uwsgi
uwsgi_cache_methods             http,server,location         1+   -     http_uwsgi
uwsgi_cache_min_uses            http,server,location         1    -     http_uwsgi
uwsgi_cache_path                http                         2+   -     http_uwsgi
uwsgi_cache_revalidate          http,server,location         flag -     http_uwsgi
uwsgi_cache_use_stale           http,server,location         1+   -     http_uwsgi
uwsgi_cache_valid               http,server,location         1+   -     http_uwsgi
uwsgi_connect_timeout           http,server,location         1    -     http_uwsgi
uwsgi_force_ranges              http,server,location         flag -     http_uwsgi
uwsgi_hide_header               http,server,location         1    -     http_uwsgi
uwsgi_ignore_client_abort       http,server,location         flag -     http_uwsgi
uwsgi_ignore_headers            http,server,location         1+   -     http_uwsgi
uwsgi_intercept_errors          http,server,location         flag -     http_uwsgi
uwsgi_limit_rate                http,server,location         1    -     http_uwsgi
uwsgi_max_temp_file_size        http,server,location         1    -     http_uwsgi
uwsgi_modifier1                 http,server,location         1    -     http_uwsgi
uwsgi_modifier2                 http,server,location         1    -     http_uwsgi
uwsgi_next_upstream             http,server,location         1+   -     http_uwsgi
uwsgi_next_upstream_timeout     http,server,location         1    -     http_uwsgi
uwsgi_next_upstream_tries       http,server,location         1    -     http_uwsgi
uwsgi_no_cache                  http,server,location         1+   -     http_uwsgi
uwsgi_param                     http,server,location         23   -     http_uwsgi
uwsgi_pass                      location,lif                 1    -     http_uwsgi
uwsgi_pass_header               http,server,location         1    -     http_uwsgi
uwsgi_pass_request_body         http,server,location         flag -     http_uwsgi
uwsgi_pass_request_headers      http,server,location         flag -     http_uwsgi
uwsgi_read_timeout              http,server,location         1    -     http_uwsgi
uwsgi_request_buffering         http,server,location         flag -     http_uwsgi
uwsgi_send_timeout              http,server,location         1    -     http_uwsgi
uwsgi_socket_keepalive          http,server,location         flag -     http_uwsgi
uwsgi_ssl_certificate           http,server,location         1    -     http_uwsgi
uwsgi_ssl_certificate_key       http,server,location         1    -     http_uwsgi
uwsgi_ssl_ciphers               http,server,location         1    -     http_uwsgi
uwsgi_ssl_conf_command          http,server,location         2    -     http_uwsgi
uwsgi_ssl_crl                   http,server,location         1    -     http_uwsgi
uwsgi_ssl_name                  http,server,location         1    -     http_uwsgi
uwsgi_ssl_password_file         http,server,location         1    -     http_uwsgi
uwsgi_ssl_protocols             http,server,location         1+   -     http_uwsgi
uwsgi_ssl_server_name           http,server,location         flag -     http_uwsgi
uwsgi_ssl_session_reuse         http,server,location         flag -     http_uwsgi
uwsgi_ssl_trusted_certificate   http,server,location         1    -     http_uwsgi
uwsgi_ssl_verify                http,server,location         flag -     http_uwsgi
uwsgi_ssl_verify_depth          http,server,location         1    -     http_uwsgi
uwsgi_store                     http,server,location         1    -     http_uwsgi
uwsgi_store_access              http,server,location         123  -     http_uwsgi
uwsgi_string                    http,server,location         1    -     http_uwsgi
uwsgi_temp_file_write_size      http,server,location         1    -     http_uwsgi
uwsgi_temp_path                 http,server,location         1234 -     http_uwsgi
valid_referers                  server,location              1+   -     http_referer
variables_hash_bucket_size      http                         1    -     http_core
variables_hash_max_size         http                         1    -     http_core
worker_aio_requests             events                       1    -     epoll
worker_connections              events                       1    -     event_core
worker_cpu_affinity             main                         1+   -     core
worker_priority                 main                         1    -     core
worker_processes                main                         1    -     core
worker_rlimit_core              main                         1    -     core
worker_rlimit_nofile            main                         1    -     core
worker_shutdown_timeout         main                         1    -     core
working_directory               main                         1    -     core
zone                            upstream                     12   -     http_upstream_zone
`;

/** Every directive nginx 1.22.1 (Debian 12 build) knows, in name order; a name may have two rows (`server`, `error_log`). */
export const NGINX_DIRECTIVES: readonly NginxDirectiveSpec[] = TABLE.trim()
  .split("\n")
  .map((line) => {
    const [name = "", contexts = "", args = "", block = "", module = ""] = line.split(/\s+/);
    return { name, contexts: contexts.split(",") as NginxContext[], args, block: block === "block", module };
  });

const BY_NAME = new Map<string, NginxDirectiveSpec[]>();
for (const d of NGINX_DIRECTIVES) BY_NAME.set(d.name, [...(BY_NAME.get(d.name) ?? []), d]);

/** The rows for `name` (case-sensitive, as nginx compares), or an empty list for an unknown directive. */
export function findNginxDirective(name: string): readonly NginxDirectiveSpec[] {
  return BY_NAME.get(name) ?? [];
}

/** Whether `count` arguments (the name excluded) fit a row's `args`, as `ngx_conf_handler` checks them. */
export function argumentCountFits(spec: NginxDirectiveSpec, count: number): boolean {
  switch (spec.args) {
    case "any":
      return true;
    case "flag":
      return count === 1;
    case "1+":
      return count >= 1;
    case "2+":
      return count >= 2;
    default:
      return count <= 7 && spec.args.includes(String(count));
  }
}

/** Blocks whose contents are not directives but key/value lines read by the block's own handler. */
export const NGINX_VALUE_BLOCKS: ReadonlySet<string> = new Set(["types", "map", "geo", "split_clients", "charset_map"]);

/** One line of help for the directives this engine models, for completion and the reference page. */
export const NGINX_DIRECTIVE_HELP: Readonly<Record<string, string>> = {
  server: "A virtual server: listen addresses and server names, and its locations.",
  listen: "Address and port the server accepts connections on; default_server marks the fallback for the port. Default *:80.",
  server_name: "Names this server answers for: exact, *.wildcard, wildcard.* or ~regex; the first is $server_name.",
  location: "Configuration for request URIs: = exact, ^~ prefix without regex, ~ / ~* regex, or a plain prefix (longest wins).",
  proxy_pass: "Send the request to a back end. With a URI part the matched location prefix is replaced by it; without, the URI goes as received.",
  proxy_set_header: "Set a header of the back-end request; an empty value removes it. Any occurrence replaces all inherited ones.",
  proxy_http_version: "HTTP version of the back-end request. Default 1.0 (with Connection: close).",
  proxy_redirect: "Rewrite Location and Refresh from the back end. default maps the proxy_pass URL to the location; off disables.",
  proxy_pass_request_headers: "Pass the client's header lines to the back end. Default on.",
  proxy_bind: "Local address of connections to the back end.",
  absolute_redirect: "Make nginx's own and rewritten relative redirects absolute. Default on.",
  port_in_redirect: "Put the listen port in absolute redirects. Default on.",
  server_name_in_redirect: "Use the server's first server_name instead of the Host header in absolute redirects. Default off.",
  set_real_ip_from: "Addresses trusted to send the real client address (realip module).",
  real_ip_header: "Header carrying the client address: X-Real-IP (default), X-Forwarded-For, proxy_protocol or any header.",
  real_ip_recursive: "Skip trusted addresses from the right of X-Forwarded-For; off takes the rightmost. Default off.",
  return: "Stop processing and answer with a status, a redirect URL or a text.",
  rewrite: "Change the URI with a regex; redirect/permanent answer 302/301, last/break continue.",
  underscores_in_headers: "Accept header names with underscores. Default off: such lines are dropped.",
  ignore_invalid_headers: "Drop header lines with invalid names. Default on.",
  merge_slashes: "Collapse runs of / in the URI before matching locations. Default on.",
  upstream: "A named group of back-end servers for proxy_pass http://name.",
  include: "Read another file here. Only Debian's /etc/nginx/proxy_params and mime.types are known to this model.",
  server_tokens: "Show the version in the Server header and on error pages. Default on.",
};
