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


# ---- plx vc: issue in each format, verify, present with key binding, validate ----
for c in "vc" "vc issue" "vc present" "vc verify" "vc validate"; do
  expect 0 "help for '$c'" -- $PLX $c --help
done
expect 0 "vc issuer key" -- $PLX did create --method key --type ed25519 --out "$T/vc-issuer.jwk"
vc_issuer=$(sed -n 's/.*"did": *"\([^"]*\)".*/\1/p' "$T/out")
expect 0 "vc holder key" -- $PLX did create --method jwk --type p256 --out "$T/vc-holder.jwk"
cat > "$T/cred.json" <<JSON
{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],
 "type":["VerifiableCredential","ExampleDegreeCredential"],"validFrom":"2024-01-01T00:00:00Z",
 "credentialSubject":{"id":"did:example:ebfeb1f712ebc6f1c276e12ec21","name":"Alice","degree":{"type":"BachelorDegree","name":"BSc"}}}
JSON
for fmt in vc+jwt sd-jwt eddsa-jcs-2022; do
  expect 0 "vc issue $fmt" -- $PLX vc issue --format $fmt --key "$T/vc-issuer.jwk" < "$T/cred.json"
  cp "$T/out" "$T/issued-$fmt"
  expect 0 "vc verify $fmt" -- $PLX vc verify < "$T/issued-$fmt"
  grep -q '"valid": true' "$T/out" && ok || bad "vc verify $fmt output: $(head -c 300 "$T/out")"
  grep -q "\"issuer\": \"$vc_issuer\"" "$T/out" && ok || bad "vc verify $fmt issuer"
done
# Tampering: a changed signature (JOSE) or a changed claim (Data Integrity) is invalid: exit 2.
jwt=$(tr -d '\n' < "$T/issued-vc+jwt"); sig=${jwt##*.}
printf '%s.%s\n' "${jwt%.*}" "$(printf '%s' "$sig" | tr 'A-Za-z' 'B-ZAb-za')" > "$T/bad-jwt"
expect 2 "vc verify tampered vc+jwt" -- $PLX vc verify < "$T/bad-jwt"
grep -q '"check": "signature"' "$T/out" && ok || bad "tampered vc+jwt names the signature: $(head -c 300 "$T/out")"
sed 's/"Alice"/"Mallory"/' "$T/issued-eddsa-jcs-2022" > "$T/bad-di"
expect 2 "vc verify tampered eddsa-jcs-2022" -- $PLX vc verify < "$T/bad-di"
sdj=$(tr -d '\n' < "$T/issued-sd-jwt"); first=${sdj%%~*}; rest=${sdj#*~}
printf '%s~%s\n' "${first%.*}.$(printf '%s' "${first##*.}" | tr 'A-Za-z' 'B-ZAb-za')" "$rest" > "$T/bad-sd"
expect 2 "vc verify tampered sd-jwt" -- $PLX vc verify < "$T/bad-sd"
# SD-JWT with selective disclosure and key binding.
expect 0 "vc issue sd-jwt --sd" -- $PLX vc issue --format sd-jwt --key "$T/vc-issuer.jwk" --holder-key "$T/vc-holder.jwk" \
  --sd /credentialSubject/name --sd /credentialSubject/degree --decoys 2 < "$T/cred.json"
cp "$T/out" "$T/sd"
expect 0 "vc present" -- $PLX vc present --disclose /credentialSubject/degree --holder-key "$T/vc-holder.jwk" \
  --aud https://verifier.example --nonce n-123 < "$T/sd"
cp "$T/out" "$T/pres"
echo '{"requireHolderBinding":true,"audience":"https://verifier.example","nonce":"n-123"}' > "$T/policy.json"
expect 0 "vc verify presentation" -- $PLX vc verify --policy "$T/policy.json" < "$T/pres"
grep -q '"BachelorDegree"' "$T/out" && ok || bad "disclosed claim missing"
grep -q '"Alice"' "$T/out" && bad "undisclosed claim shown" || ok
echo '{"requireHolderBinding":true,"audience":"https://verifier.example","nonce":"other"}' > "$T/policy2.json"
expect 2 "vc verify wrong nonce" -- $PLX vc verify --policy "$T/policy2.json" < "$T/pres"
grep -q '"check": "holder_binding"' "$T/out" && ok || bad "wrong nonce not named"
expect 2 "vc verify missing key binding" -- $PLX vc verify --policy "$T/policy.json" < "$T/sd"
echo '{"requireStatus":true}' > "$T/policy3.json"
expect 2 "vc verify requires status" -- $PLX vc verify --policy "$T/policy3.json" < "$T/issued-vc+jwt"
echo '{"requireStatuss":true}' > "$T/policy4.json"
expect 1 "vc verify bad policy" -- $PLX vc verify --policy "$T/policy4.json" < "$T/issued-vc+jwt"
echo '{"now":"2023-06-01T00:00:00Z"}' > "$T/policy5.json"
expect 2 "vc verify not yet valid" -- $PLX vc verify --policy "$T/policy5.json" < "$T/issued-vc+jwt"
grep -q '"check": "valid_from"' "$T/out" && ok || bad "not-yet-valid not named"
expect 1 "vc verify garbage" -- $PLX vc verify < "$T/garbage"
expect 1 "vc present unknown pointer" -- $PLX vc present --disclose /nope < "$T/sd"
# validate: data model only.
expect 0 "vc validate ok" -- $PLX vc validate < "$T/cred.json"
grep -q '"conforming": true' "$T/out" && ok || bad "validate ok output"
sed 's/"2024-01-01T00:00:00Z"/"yesterday"/' "$T/cred.json" > "$T/bad-cred.json"
expect 2 "vc validate bad date" -- $PLX vc validate < "$T/bad-cred.json"
grep -q '"pointer": "/validFrom"' "$T/out" && ok || bad "validate names /validFrom: $(head -c 300 "$T/out")"
expect 1 "vc issue non-conforming" -- $PLX vc issue --format vc+jwt --key "$T/vc-issuer.jwk" < "$T/bad-cred.json"
expect 1 "vc issue bad format" -- $PLX vc issue --format ldp --key "$T/vc-issuer.jwk" < "$T/cred.json"
expect 1 "vc issue eddsa with a P-256 key" -- $PLX vc issue --format eddsa-jcs-2022 --key "$T/vc-holder.jwk" < "$T/cred.json"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
