#!/usr/bin/env bash
# Real servers for the probe tests, on loopback, on free ports, with every
# file (configs, a CA made here, certificates, logs, pid files) in DIR.
#
#   probe-harness.sh start DIR [nginx|squid|all]   writes DIR/env (KEY=VALUE lines)
#   probe-harness.sh stop DIR
#
# nginx answers like a WSUS server (wuident.cab, GetAuthConfig, SOAP faults,
# 503, 404, 401, an HTTPS site with content on port N-1, bad certificates);
# squid asks for Basic authentication (htpasswd file, basic_ncsa_auth).
# Exit 77 when a program is missing, so callers can skip.
set -euo pipefail

cmd=${1:?usage: probe-harness.sh start|stop DIR [nginx|squid|all]}
dir=${2:?usage: probe-harness.sh start|stop DIR}
what=${3:-all}
here=$(cd "$(dirname "$0")" && pwd)

stop_pidfile() {
  local file=$1 pid
  [[ -s $file ]] || return 0
  pid=$(cat "$file")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

if [[ $cmd == stop ]]; then
  stop_pidfile "$dir/nginx/nginx.pid"
  stop_pidfile "$dir/squid/squid.pid"
  stop_pidfile "$dir/squid/squid-foreground.pid"
  exit 0
fi
[[ $cmd == start ]] || { echo "unknown command $cmd" >&2; exit 2; }

need() {
  for program in "$@"; do
    if ! command -v "$program" >/dev/null 2>&1 && [[ ! -x $program ]]; then
      echo "missing program: $program" >&2
      exit 77
    fi
  done
}
export PATH="$PATH:/usr/sbin:/sbin"
need openssl python3
[[ $what == squid ]] || need nginx
ncsa=/usr/lib/squid/basic_ncsa_auth
[[ $what == nginx ]] || need squid htpasswd "$ncsa"

mkdir -p "$dir"
chmod 755 "$dir"
env_file="$dir/env"
: > "$env_file"

# --- free ports: the HTTPS site needs N and N-1 both free ----------------
read -r -a ports <<<"$(python3 "$here/free-ports.py" 16 --pair)"
https_ok=${ports[0]}; https_content=$((https_ok - 1))
http_ok=${ports[1]}; http_busy=${ports[2]}; http_unavailable=${ports[3]}
http_notfound=${ports[4]}; http_auth=${ports[5]}; http_protocol=${ports[6]}
http_notwsus=${ports[7]}; https_expired=${ports[8]}; https_wrongname=${ports[9]}
https_msroot=${ports[10]}; https_inspect=${ports[11]}; https_tls13=${ports[12]}
squid_port=${ports[13]}; refused=${ports[14]}; http_nocontent=${ports[15]}

# --- a CA and certificates made here --------------------------------------
pki="$dir/pki"
mkdir -p "$pki"
ossl() { openssl "$@" >/dev/null 2>&1; }
ec_req() { # key csr subject
  ossl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1" -out "$2" -subj "$3"
}
make_ca() { # name subject
  ossl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$pki/$1.key" -out "$pki/$1.pem" -days 800 -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}
sign_leaf() { # name ca san
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$3" > "$pki/$1.ext"
  local cn=${3#DNS:}; cn=${cn%%,*}
  ec_req "$pki/$1.key" "$pki/$1.csr" "/CN=$cn"
  ossl x509 -req -in "$pki/$1.csr" -CA "$pki/$2.pem" -CAkey "$pki/$2.key" -CAcreateserial \
    -days 400 -out "$pki/$1.pem" -extfile "$pki/$1.ext"
}
make_ca ca "/O=WSUS Sync Doctor tests/CN=WSD Probe Test Root CA"
make_ca msroot "/C=US/O=Microsoft Corporation/CN=Microsoft Root Certificate Authority 2011"
make_ca inspect "/O=Contoso/CN=Contoso TLS Inspection CA"
sign_leaf leaf ca "DNS:localhost,IP:127.0.0.1"
sign_leaf wrongname ca "DNS:other.example"
sign_leaf msleaf msroot "DNS:localhost,IP:127.0.0.1"
sign_leaf inspectleaf inspect "DNS:localhost,IP:127.0.0.1"
# An expired certificate needs explicit dates: openssl ca takes them.
mkdir -p "$pki/ca-db"
: > "$pki/ca-db/index.txt"
echo 1000 > "$pki/ca-db/serial"
cat > "$pki/ca.cnf" <<EOF
[ca]
default_ca = test
[test]
database = $pki/ca-db/index.txt
serial = $pki/ca-db/serial
new_certs_dir = $pki/ca-db
default_md = sha256
policy = anything
copy_extensions = none
[anything]
commonName = supplied
[leaf]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
EOF
ec_req "$pki/expired.key" "$pki/expired.csr" "/CN=localhost"
ossl ca -batch -config "$pki/ca.cnf" -cert "$pki/ca.pem" -keyfile "$pki/ca.key" -extensions leaf \
  -startdate 20200101000000Z -enddate 20200201000000Z -in "$pki/expired.csr" -out "$pki/expired.pem"
for f in leaf wrongname msleaf inspectleaf expired; do
  [[ -s $pki/$f.pem ]] || { echo "could not make certificate $f" >&2; exit 1; }
done
chmod -R a+rX "$dir"
chmod a+r "$pki"/*.key

cat >> "$env_file" <<EOF
CA_FILE=$pki/ca.pem
MS_ROOT_FILE=$pki/msroot.pem
HTTPS_OK_PORT=$https_ok
HTTPS_CONTENT_PORT=$https_content
HTTP_OK_PORT=$http_ok
HTTP_BUSY_PORT=$http_busy
HTTP_UNAVAILABLE_PORT=$http_unavailable
HTTP_NOTFOUND_PORT=$http_notfound
HTTP_AUTH_PORT=$http_auth
HTTP_PROTOCOL_PORT=$http_protocol
HTTP_NOTWSUS_PORT=$http_notwsus
HTTP_NOCONTENT_PORT=$http_nocontent
HTTPS_EXPIRED_PORT=$https_expired
HTTPS_WRONGNAME_PORT=$https_wrongname
HTTPS_MSROOT_PORT=$https_msroot
HTTPS_INSPECT_PORT=$https_inspect
HTTPS_TLS13_PORT=$https_tls13
REFUSED_PORT=$refused
EOF

wait_port() { # port seconds
  python3 "$here/free-ports.py" --wait "$1" "$2"
}

# --- nginx as a WSUS server ----------------------------------------------
if [[ $what != squid ]]; then
  ng="$dir/nginx"
  mkdir -p "$ng/www/selfupdate" "$ng/tmp"
  # A cabinet file starts with "MSCF".
  printf 'MSCF\0\0\0\0wsd-probe-test-cabinet' > "$ng/www/selfupdate/wuident.cab"
  python3 "$here/make-nginx-conf.py" "$ng" "$pki" \
    https_ok=$https_ok https_content=$https_content http_ok=$http_ok http_busy=$http_busy \
    http_unavailable=$http_unavailable http_notfound=$http_notfound http_auth=$http_auth \
    http_protocol=$http_protocol http_notwsus=$http_notwsus https_expired=$https_expired \
    https_wrongname=$https_wrongname https_msroot=$https_msroot https_inspect=$https_inspect \
    https_tls13=$https_tls13 http_nocontent=$http_nocontent > "$ng/nginx.conf"
  chmod -R a+rX "$ng"
  chmod 777 "$ng/tmp" "$ng"
  if ! nginx -p "$ng" -c "$ng/nginx.conf" -e "$ng/error.log" 2>"$ng/start.log"; then
    cat "$ng/start.log" "$ng/error.log" >&2 2>/dev/null || true
    exit 1
  fi
  wait_port "$http_ok" 10 && wait_port "$https_ok" 10 || { echo "nginx did not come up" >&2; cat "$ng/error.log" >&2; exit 1; }
  echo "NGINX_ACCESS_LOG=$ng/access.log" >> "$env_file"
fi

# --- squid asking for Basic authentication ---------------------------------
if [[ $what != nginx ]]; then
  sq="$dir/squid"
  mkdir -p "$sq"
  user=wsd-probe
  password="Pw-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)"
  # htpasswd reads the password from stdin: it never appears in a process list.
  printf '%s\n' "$password" | htpasswd -i -c -m "$sq/htpasswd" "$user" >/dev/null 2>&1
  effective_user=""
  if [[ $(id -u) == 0 ]] && id proxy >/dev/null 2>&1; then
    effective_user="cache_effective_user proxy"
    chown -R proxy "$sq"
  fi
  cat > "$sq/squid.conf" <<EOF
http_port 127.0.0.1:$squid_port
pid_filename $sq/squid.pid
cache_log $sq/cache.log
access_log stdio:$sq/access.log
cache deny all
cache_mem 4 MB
coredump_dir $sq
visible_hostname wsd-probe-harness
$effective_user
shutdown_lifetime 1 seconds
hosts_file /etc/hosts
dns_timeout 2 seconds
auth_param basic program $ncsa $sq/htpasswd
auth_param basic children 2 startup=1 idle=1
auth_param basic realm wsd-probe-test
acl authenticated proxy_auth REQUIRED
http_access allow authenticated
http_access deny all
EOF
  chmod -R a+rX "$sq"
  [[ -n $effective_user ]] && chown -R proxy "$sq"
  # -N: no daemon, so the pid is ours to stop; setsid keeps it off the test's signals
  setsid squid -N -f "$sq/squid.conf" >"$sq/stdout.log" 2>&1 < /dev/null &
  echo $! > "$sq/squid-foreground.pid"
  if ! wait_port "$squid_port" 20; then
    echo "squid did not come up" >&2
    cat "$sq/stdout.log" "$sq/cache.log" >&2 2>/dev/null || true
    exit 1
  fi
  cat >> "$env_file" <<EOF
SQUID_PORT=$squid_port
PROXY_USER=$user
PROXY_PASSWORD=$password
SQUID_ACCESS_LOG=$sq/access.log
SQUID_CACHE_LOG=$sq/cache.log
EOF
fi
echo "ready"
