#!/usr/bin/env bash
# End-to-end checks of plx: exit codes, files, outputs. Prints "N passed, N failed".
set -u
PLX=${1:?usage: cli_test.sh PATH_TO_PLX}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok()   { pass=$((pass+1)); }
bad()  { fail=$((fail+1)); echo "FAIL: $*" >&2; }
# expect CODE DESCRIPTION -- command...
expect() {
  local want=$1 what=$2; shift 3
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$what: exit $got, wanted $want; stderr: $(head -c 300 "$T/err")"; fi
}

# --help works on every command and subcommand.
for c in "" "did" "did create" "did resolve" "jws" "jws sign" "jws verify" "demo"; do
  expect 0 "help for '$c'" -- $PLX $c --help
  grep -q -i "usage" "$T/out" || bad "help for '$c' has no usage"
done
expect 1 "no subcommand" -- $PLX
expect 1 "unknown subcommand" -- $PLX frobnicate

for method in key jwk; do
  for type in ed25519 secp256k1 p256 p384; do
    key="$T/$method-$type.jwk"
    expect 0 "create $method $type" -- $PLX did create --method $method --type $type --out "$key"
    did=$(cat "$T/out" | sed -n 's/.*"did": *"\([^"]*\)".*/\1/p')
    case "$did" in did:$method:*) ok;; *) bad "create $method $type printed no DID: $(cat "$T/out")";; esac
    [ "$(stat -c %a "$key")" = 600 ] && ok || bad "key file mode $(stat -c %a "$key")"
    grep -q '"d"' "$T/out" && bad "secret printed for $method $type" || ok
    expect 0 "resolve $did" -- $PLX did resolve "$did"
    grep -q "\"id\": \"$did\"" "$T/out" && ok || bad "resolved document lacks id $did"
    printf 'hello, %s' "$type" > "$T/payload"
    expect 0 "sign $method $type" -- $PLX jws sign --key "$key" < "$T/payload"
    cp "$T/out" "$T/jws"
    grep -q "\"alg\": \"$(case $type in ed25519) echo EdDSA;; secp256k1) echo ES256K;; p256) echo ES256;; p384) echo ES384;; esac)\"" "$T/jws" \
      && ok || bad "sign output lacks the alg: $(cat "$T/jws")"
    expect 0 "verify $method $type" -- $PLX jws verify --did "$did" < "$T/jws"
    grep -q '"verified": true' "$T/out" && ok || bad "verify output: $(cat "$T/out")"
    grep -q "\"payload\": \"hello, $type\"" "$T/out" && ok || bad "verified payload: $(cat "$T/out")"
    expect 0 "sign --compact $method $type" -- $PLX jws sign --compact --key "$key" < "$T/payload"
    cp "$T/out" "$T/jws"
    expect 0 "verify compact $method $type" -- $PLX jws verify --did "$did" < "$T/jws"
    # A changed payload does not verify: exit 2.
    jws=$(tr -d '\n' < "$T/jws")
    h=${jws%%.*}; s=${jws##*.}
    printf '%s.%s.%s' "$h" "$(printf 'hellO' | base64 -w0 | tr '+/' '-_' | tr -d '=')" "$s" > "$T/tampered"
    expect 2 "tampered payload $method $type" -- $PLX jws verify --did "$did" < "$T/tampered"
    grep -q '"verified": false' "$T/out" && ok || bad "tampered output: $(cat "$T/out")"
  done
done

# Refuses to overwrite a key file; --print-secret shows the private JWK.
expect 1 "overwrite refused" -- $PLX did create --method key --type ed25519 --out "$T/key-ed25519.jwk"
expect 1 "overwrite refused (again)" -- $PLX did create --method key --type ed25519 --out "$T/key-ed25519.jwk"
expect 0 "print secret" -- $PLX did create --method key --type ed25519 --print-secret
grep -q '"d"' "$T/out" && ok || bad "--print-secret printed no d"
expect 1 "neither --out nor --print-secret" -- $PLX did create --method key --type ed25519
expect 1 "bad type" -- $PLX did create --method key --type rsa --out "$T/x.jwk"
expect 1 "bad method" -- $PLX did create --method web --type ed25519 --out "$T/y.jwk"

# Verifying with another DID's key fails; garbage input is an error, not a crash.
other=$($PLX did create --method key --type ed25519 --out "$T/other.jwk" | sed -n 's/.*"did": *"\([^"]*\)".*/\1/p')
expect 2 "wrong DID" -- $PLX jws verify --did "$other" < "$T/jws"
echo "not a jws" > "$T/garbage"
expect 1 "garbage JWS" -- $PLX jws verify --did "$other" < "$T/garbage"
expect 1 "resolve invalid DID" -- $PLX did resolve "did:key:zNotBase58!"
grep -q invalidDid "$T/out" "$T/err" && ok || bad "invalid DID not reported as invalidDid"
expect 1 "resolve unsupported method" -- $PLX did resolve "did:example:123"
grep -q methodNotSupported "$T/out" "$T/err" && ok || bad "unknown method not reported"
echo '{"kty":"OKP"}' > "$T/broken.jwk"
expect 1 "broken key file" -- $PLX jws sign --key "$T/broken.jwk" < "$T/payload"
expect 1 "missing key file" -- $PLX jws sign --key "$T/nope.jwk" < "$T/payload"

# The demo runs and says what it did.
expect 0 "demo" -- $PLX demo
grep -q -i "verified" "$T/out" && ok || bad "demo output"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
