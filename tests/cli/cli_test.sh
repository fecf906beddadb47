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
printf '%s.%s%s\n' "${jwt%.*}" "$(printf '%s' "${sig:0:10}" | tr 'A-Za-z' 'B-ZAb-za')" "${sig:10}" > "$T/bad-jwt"
expect 2 "vc verify tampered vc+jwt" -- $PLX vc verify < "$T/bad-jwt"
grep -q '"check": "signature"' "$T/out" && ok || bad "tampered vc+jwt names the signature: $(head -c 300 "$T/out")"
sed 's/"Alice"/"Mallory"/' "$T/issued-eddsa-jcs-2022" > "$T/bad-di"
expect 2 "vc verify tampered eddsa-jcs-2022" -- $PLX vc verify < "$T/bad-di"
sdj=$(tr -d '\n' < "$T/issued-sd-jwt"); first=${sdj%%~*}; rest=${sdj#*~}
fsig=${first##*.}
printf '%s~%s\n' "${first%.*}.$(printf '%s' "${fsig:0:10}" | tr 'A-Za-z' 'B-ZAb-za')${fsig:10}" "$rest" > "$T/bad-sd"
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
sed 's/"type":\[/"issuer":"did:example:issuer","type":[/' "$T/cred.json" > "$T/cred-issuer.json"
expect 0 "vc validate ok" -- $PLX vc validate < "$T/cred-issuer.json"
grep -q '"conforming": true' "$T/out" && ok || bad "validate ok output"
sed 's/"2024-01-01T00:00:00Z"/"yesterday"/' "$T/cred-issuer.json" > "$T/bad-cred.json"
expect 2 "vc validate bad date" -- $PLX vc validate < "$T/bad-cred.json"
grep -q '"pointer": "/validFrom"' "$T/out" && ok || bad "validate names /validFrom: $(head -c 300 "$T/out")"
expect 1 "vc issue non-conforming" -- $PLX vc issue --format vc+jwt --key "$T/vc-issuer.jwk" < "$T/bad-cred.json"
expect 1 "vc issue bad format" -- $PLX vc issue --format ldp --key "$T/vc-issuer.jwk" < "$T/cred.json"
expect 1 "vc issue eddsa with a P-256 key" -- $PLX vc issue --format eddsa-jcs-2022 --key "$T/vc-holder.jwk" < "$T/cred.json"

# ---- plx bbs: keygen, sign, verify, proof-gen, proof-verify (JSON in, JSON out, hex bytes) ----
for c in "bbs" "bbs keygen" "bbs sign" "bbs verify" "bbs proof-gen" "bbs proof-verify"; do
  expect 0 "help for '$c'" -- $PLX $c --help
done
# jstr FIELD FILE: the string value of "FIELD" in plx's pretty JSON output.
jstr() { sed -n "s/.*\"$1\": *\"\([0-9a-f]*\)\".*/\1/p" "$2" | head -1; }
# KeyGen from the draft fixture's key material gives the fixture's key pair (both suites).
BBS_VEC=${PLX_VECTORS_DIR:-$(dirname "$0")/../../../shared/vectors}/bbs
for cs in SHA-256 SHAKE-256; do
  kp="$BBS_VEC/bls12-381-$(echo $cs | tr 'A-Z' 'a-z')/keypair.json"
  if [ -f "$kp" ]; then
    km=$(sed -n 's/.*"keyMaterial": *"\([0-9a-f]*\)".*/\1/p' "$kp")
    ki=$(sed -n 's/.*"keyInfo": *"\([0-9a-f]*\)".*/\1/p' "$kp")
    want_sk=$(sed -n 's/.*"secretKey": *"\([0-9a-f]*\)".*/\1/p' "$kp")
    want_pk=$(sed -n 's/.*"publicKey": *"\([0-9a-f]*\)".*/\1/p' "$kp")
    echo "{\"key_material\":\"$km\",\"key_info\":\"$ki\"}" > "$T/bbs-km.json"
    expect 0 "bbs keygen fixture $cs" -- $PLX bbs --ciphersuite BLS12-381-$cs keygen < "$T/bbs-km.json"
    [ "$(jstr secret_key "$T/out")" = "$want_sk" ] && ok || bad "bbs keygen $cs secret key: $(cat "$T/out")"
    [ "$(jstr public_key "$T/out")" = "$want_pk" ] && ok || bad "bbs keygen $cs public key: $(cat "$T/out")"
  else
    bad "missing BBS fixture $kp"
  fi
done
for cs in BLS12-381-SHA-256 BLS12-381-SHAKE-256; do
  expect 0 "bbs keygen random $cs" -- $PLX bbs keygen --ciphersuite $cs < /dev/null
  sk=$(jstr secret_key "$T/out"); pk=$(jstr public_key "$T/out")
  [ ${#sk} = 64 ] && [ ${#pk} = 192 ] && ok || bad "bbs keygen sizes: $(cat "$T/out")"
  msgs='["616c696365","3230","","6e6c"]'
  echo "{\"secret_key\":\"$sk\",\"header\":\"6864\",\"messages\":$msgs}" > "$T/bbs-sign.json"
  expect 0 "bbs sign $cs" -- $PLX bbs sign --ciphersuite $cs < "$T/bbs-sign.json"
  sig=$(jstr signature "$T/out")
  [ ${#sig} = 160 ] && ok || bad "bbs signature size: $(cat "$T/out")"
  echo "{\"public_key\":\"$pk\",\"signature\":\"$sig\",\"header\":\"6864\",\"messages\":$msgs}" > "$T/bbs-verify.json"
  expect 0 "bbs verify $cs" -- $PLX bbs verify --ciphersuite $cs < "$T/bbs-verify.json"
  grep -q '"verified": true' "$T/out" && ok || bad "bbs verify output: $(cat "$T/out")"
  # Another message list, another suite, a flipped signature byte: exit 2, verified false.
  sed 's/"616c696365"/"6d616c6c6f7279"/' "$T/bbs-verify.json" > "$T/bbs-verify-bad.json"
  expect 2 "bbs verify changed message $cs" -- $PLX bbs verify --ciphersuite $cs < "$T/bbs-verify-bad.json"
  grep -q '"verified": false' "$T/out" && ok || bad "bbs verify changed message output: $(cat "$T/out")"
  other=$([ $cs = BLS12-381-SHA-256 ] && echo BLS12-381-SHAKE-256 || echo BLS12-381-SHA-256)
  expect 2 "bbs verify other suite $cs" -- $PLX bbs verify --ciphersuite $other < "$T/bbs-verify.json"
  badsig=$(printf '%s' "$sig" | sed 's/^\(.\{100\}\)\(.\)/\1f/')
  [ "$badsig" = "$sig" ] && badsig=$(printf '%s' "$sig" | sed 's/^\(.\{100\}\)\(.\)/\10/')
  sed "s/$sig/$badsig/" "$T/bbs-verify.json" > "$T/bbs-verify-flip.json"
  expect 2 "bbs verify tampered signature $cs" -- $PLX bbs verify --ciphersuite $cs < "$T/bbs-verify-flip.json"
  # Selective disclosure: reveal messages 0 and 2.
  echo "{\"public_key\":\"$pk\",\"signature\":\"$sig\",\"header\":\"6864\",\"presentation_header\":\"6e6f6e6365\",\"messages\":$msgs,\"disclosed_indexes\":[0,2]}" > "$T/bbs-pg.json"
  expect 0 "bbs proof-gen $cs" -- $PLX bbs proof-gen --ciphersuite $cs < "$T/bbs-pg.json"
  proof=$(jstr proof "$T/out")
  [ ${#proof} = $(( (272 + 2*32) * 2 )) ] && ok || bad "bbs proof size: ${#proof}"
  echo "{\"public_key\":\"$pk\",\"proof\":\"$proof\",\"header\":\"6864\",\"presentation_header\":\"6e6f6e6365\",\"disclosed_messages\":[\"616c696365\",\"\"],\"disclosed_indexes\":[0,2]}" > "$T/bbs-pv.json"
  expect 0 "bbs proof-verify $cs" -- $PLX bbs proof-verify --ciphersuite $cs < "$T/bbs-pv.json"
  grep -q '"verified": true' "$T/out" && ok || bad "bbs proof-verify output: $(cat "$T/out")"
  sed 's/"6e6f6e6365"/"6f74686572"/' "$T/bbs-pv.json" > "$T/bbs-pv-ph.json"
  expect 2 "bbs proof-verify other presentation header $cs" -- $PLX bbs proof-verify --ciphersuite $cs < "$T/bbs-pv-ph.json"
  grep -q '"verified": false' "$T/out" && ok || bad "bbs proof-verify wrong ph output: $(cat "$T/out")"
  sed 's/"616c696365"/"626f62"/' "$T/bbs-pv.json" > "$T/bbs-pv-msg.json"
  expect 2 "bbs proof-verify other disclosed message $cs" -- $PLX bbs proof-verify --ciphersuite $cs < "$T/bbs-pv-msg.json"
  cut_proof=${proof:0:$(( ${#proof} - 64 ))}
  sed "s/$proof/$cut_proof/" "$T/bbs-pv.json" > "$T/bbs-pv-cut.json"
  expect 2 "bbs proof-verify truncated proof $cs" -- $PLX bbs proof-verify --ciphersuite $cs < "$T/bbs-pv-cut.json"
done
# Bad input: exit 1.
echo '{"messages":' > "$T/bbs-badjson"
expect 1 "bbs sign bad JSON" -- $PLX bbs sign < "$T/bbs-badjson"
expect 1 "bbs verify bad JSON" -- $PLX bbs verify < "$T/bbs-badjson"
echo '{"secret_key":"zz","messages":[]}' > "$T/bbs-badhex.json"
expect 1 "bbs sign bad hex" -- $PLX bbs sign < "$T/bbs-badhex.json"
echo "{\"secret_key\":\"$sk\",\"message\":[]}" > "$T/bbs-typo.json"
expect 1 "bbs sign unknown member" -- $PLX bbs sign < "$T/bbs-typo.json"
echo '{"key_material":"00"}' > "$T/bbs-short.json"
expect 1 "bbs keygen short key material" -- $PLX bbs keygen < "$T/bbs-short.json"
echo "{\"public_key\":\"00$pk\",\"signature\":\"$sig\",\"messages\":[]}" > "$T/bbs-badpk.json"
expect 1 "bbs verify bad public key" -- $PLX bbs verify < "$T/bbs-badpk.json"
expect 1 "bbs unknown ciphersuite" -- $PLX bbs keygen --ciphersuite BLS12-381-SHA-512 < /dev/null
sed 's/\[0,2\]/[2,0]/' "$T/bbs-pg.json" > "$T/bbs-pg-order.json"
expect 1 "bbs proof-gen unsorted indexes" -- $PLX bbs proof-gen --ciphersuite BLS12-381-SHAKE-256 < "$T/bbs-pg-order.json"
# A BBS key as did:key (bls12_381-g2-pub, zUC7...): created, saved as a private JWK, resolved.
expect 0 "did create bls12381g2" -- $PLX did create --method key --type bls12381g2 --out "$T/bbs.jwk"
bbs_did=$(sed -n 's/.*"did": *"\([^"]*\)".*/\1/p' "$T/out")
case "$bbs_did" in did:key:zUC7*) ok;; *) bad "bls12381g2 DID: $(cat "$T/out")";; esac
[ "$(stat -c %a "$T/bbs.jwk")" = 600 ] && ok || bad "bbs key file mode"
grep -q '"crv":"BLS12381G2"' "$T/bbs.jwk" && grep -q '"d":"' "$T/bbs.jwk" && ok || bad "bbs key file: $(cat "$T/bbs.jwk")"
grep -q '"d"' "$T/out" && bad "bbs secret printed" || ok
expect 0 "resolve bls12381g2 did:key" -- $PLX did resolve "$bbs_did"
grep -q '"Multikey"' "$T/out" && grep -q "\"publicKeyMultibase\": \"${bbs_did#did:key:}\"" "$T/out" && ok \
  || bad "bls12381g2 document: $(head -c 400 "$T/out")"
expect 1 "did create bls12381g2 with did:jwk" -- $PLX did create --method jwk --type bls12381g2 --out "$T/bbs2.jwk"
# The G2 identity (0xc0 then 95 zero bytes) is a valid encoding but not a key: invalidDid.
expect 1 "resolve bls12381g2 identity" -- $PLX did resolve "did:key:zUC7Nyd4gVLT161bpuGj3HCuZSf2MBus2X3kbzCTzeQRWKDxPR7fdCcsZ76SyuLqK3xAEimkGDUa6XsYodwn1hNgHMX8oyezfvqm2PcnieBghfwyGhEfbd4W1ScNN9aiPv9mmZH"
grep -q invalidDid "$T/out" "$T/err" && ok || bad "identity G2 did:key not invalidDid"

# ---- did:plx on an embedded ledger: init, create, update, resolve (proof checked), deactivate ----
for c in "ledger" "ledger init" "ledger info" "did update" "did deactivate"; do
  expect 0 "help for '$c'" -- $PLX $c --help
done
L="$T/ledger"
expect 0 "ledger init" -- $PLX ledger init "$L" --chain-id cli-test
grep -q '"chainId": "cli-test"' "$T/out" && ok || bad "ledger init output: $(cat "$T/out")"
expect 1 "ledger init twice" -- $PLX ledger init "$L"
expect 1 "create plx without --ledger" -- $PLX did create --method plx --out "$T/plx0.jwk"
expect 1 "create plx on a missing ledger" -- $PLX did create --method plx --ledger "$T/nope" --out "$T/plx0.jwk"
expect 1 "create plx with a p256 key" -- $PLX did create --method plx --type p256 --ledger "$L" --out "$T/plx0.jwk"
expect 0 "create plx" -- $PLX did create --method plx --ledger "$L" --out "$T/plx.jwk"
pdid=$(sed -n 's/.*"did": *"\([^"]*\)".*/\1/p' "$T/out")
case "$pdid" in did:plx:*) ok;; *) bad "create plx printed no did:plx: $(cat "$T/out")";; esac
grep -q '"outcome": "applied"' "$T/out" && ok || bad "create plx outcome: $(cat "$T/out")"
[ "$(stat -c %a "$T/plx.jwk")" = 600 ] && ok || bad "plx key file mode"
expect 0 "create plx secp256k1" -- $PLX did create --method plx --type secp256k1 --ledger "$L" --out "$T/plx-k1.jwk"
expect 0 "resolve plx" -- $PLX did resolve "$pdid" --ledger "$L"
grep -q "\"id\": \"$pdid\"" "$T/out" && ok || bad "resolved plx document lacks its id"
grep -q '"versionId": "1"' "$T/out" && ok || bad "plx versionId 1: $(head -c 400 "$T/out")"
grep -q '"verified": true' "$T/out" && ok || bad "plx proof not reported as verified"
expect 1 "resolve plx without --ledger" -- $PLX did resolve "$pdid"
expect 0 "update plx" -- $PLX did update "$pdid" --ledger "$L" --key "$T/plx.jwk" \
  --add-key secp256k1 --add-service hub,LinkedDomains,https://example.com
grep -q '"outcome": "applied"' "$T/out" && ok || bad "update outcome: $(cat "$T/out")"
grep -q '"versionId": "2"' "$T/out" && ok || bad "update versionId: $(cat "$T/out")"
[ -f "$T/plx.key-2.jwk" ] && ok || bad "the added key's file is missing"
expect 0 "resolve plx v2" -- $PLX did resolve "$pdid" --ledger "$L"
grep -q "\"id\": \"$pdid#key-2\"" "$T/out" && ok || bad "v2 lacks #key-2"
grep -q "\"id\": \"$pdid#hub\"" "$T/out" && ok || bad "v2 lacks #hub"
expect 0 "resolve plx ?versionId=1" -- $PLX did resolve "$pdid?versionId=1" --ledger "$L"
grep -q '"versionId": "1"' "$T/out" && ok || bad "?versionId=1: $(head -c 400 "$T/out")"
grep -q '"nextVersionId": "2"' "$T/out" && ok || bad "?versionId=1 lacks nextVersionId"
grep -q "#key-2" "$T/out" && bad "?versionId=1 shows the later key" || ok
expect 1 "resolve plx ?versionId=9" -- $PLX did resolve "$pdid?versionId=9" --ledger "$L"
grep -q notFound "$T/out" "$T/err" && ok || bad "?versionId=9 not notFound"
expect 1 "resolve plx ?versionId=zero" -- $PLX did resolve "$pdid?versionId=0" --ledger "$L"
expect 0 "jws sign with the added key" -- $PLX jws sign --key "$T/plx.key-2.jwk" < "$T/payload"
cp "$T/out" "$T/plx-jws"
# Another DID's key cannot update this one; a key-less update is refused before the ledger.
expect 1 "update with a stranger's key" -- $PLX did update "$pdid" --ledger "$L" --key "$T/plx-k1.jwk" --remove-key key-1
grep -q 'unauthorized' "$T/out" "$T/err" && ok || bad "stranger's update not unauthorized: $(cat "$T/out" "$T/err")"
expect 1 "update with nothing to do" -- $PLX did update "$pdid" --ledger "$L" --key "$T/plx.jwk"
expect 0 "remove service" -- $PLX did update "$pdid" --ledger "$L" --key "$T/plx.jwk" --remove-service hub
grep -q '"versionId": "3"' "$T/out" && ok || bad "remove service versionId: $(cat "$T/out")"
expect 1 "remove a missing service" -- $PLX did update "$pdid" --ledger "$L" --key "$T/plx.jwk" --remove-service hub
expect 0 "deactivate plx" -- $PLX did deactivate "$pdid" --ledger "$L" --key "$T/plx.jwk"
grep -q '"deactivated": true' "$T/out" && ok || bad "deactivate output: $(cat "$T/out")"
expect 0 "resolve deactivated plx" -- $PLX did resolve "$pdid" --ledger "$L"
grep -q '"deactivated": true' "$T/out" && ok || bad "resolved plx not deactivated"
expect 1 "update after deactivation" -- $PLX did update "$pdid" --ledger "$L" --key "$T/plx.jwk" --remove-key key-2
grep -q 'deactivated' "$T/out" "$T/err" && ok || bad "update after deactivation not refused as deactivated"
expect 1 "resolve unknown plx" -- $PLX did resolve "did:plx:11111111111111111111111111111111" --ledger "$L"
grep -q notFound "$T/out" "$T/err" && ok || bad "unknown did:plx not notFound"
expect 1 "resolve bad plx" -- $PLX did resolve "did:plx:0OIl" --ledger "$L"
grep -q invalidDid "$T/out" "$T/err" && ok || bad "bad did:plx not invalidDid"
expect 0 "ledger info" -- $PLX ledger info "$L"
grep -q '"height": 8' "$T/out" && ok || bad "ledger info height: $(head -c 400 "$T/out")"
# Reads open the ledger read-only (no lock, so beside a node that writes it): nothing in the
# directory changes.
before=$(cd "$L" && ls -l --full-time)
expect 0 "resolve plx, read-only" -- $PLX did resolve "$pdid" --ledger "$L"
expect 0 "ledger info, read-only" -- $PLX ledger info "$L"
after=$(cd "$L" && ls -l --full-time)
[ "$before" = "$after" ] && ok || bad "a read changed the ledger directory: $(diff <(echo "$before") <(echo "$after"))"
expect 0 "demo shows did:plx" -- $PLX demo
grep -q 'did:plx:' "$T/out" && ok || bad "demo shows no did:plx"
grep -q 'proof verified' "$T/out" && ok || bad "demo shows no verified proof"
grep -q 'INVALID: status: revoked by the issuer' "$T/out" && ok || bad "demo shows no revoked presentation"
grep -q '0 failures' "$T/out" && ok || bad "demo reports failures"

# ---- status lists on the ledger; credentials with a ledger status entry ----
for c in "ledger status-list" "ledger status-list create" "ledger status-list set" "ledger status-list clear" "ledger status-list get"; do
  expect 0 "help for '$c'" -- $PLX $c --help
done
L2="$T/ledger2"
expect 0 "ledger init (status)" -- $PLX ledger init "$L2"
expect 0 "issuer did:plx" -- $PLX did create --method plx --ledger "$L2" --out "$T/iss.jwk"
idid=$(sed -n 's/.*"did": *"\([^"]*\)".*/\1/p' "$T/out")
expect 0 "stranger did:plx" -- $PLX did create --method plx --ledger "$L2" --out "$T/stranger.jwk"
expect 0 "status-list create" -- $PLX ledger status-list create --ledger "$L2" --key "$T/iss.jwk" --list rev-1 --size 1000
grep -q '"outcome": "applied"' "$T/out" && ok || bad "status-list create: $(cat "$T/out")"
expect 1 "status-list create twice" -- $PLX ledger status-list create --ledger "$L2" --key "$T/iss.jwk" --list rev-1 --size 1000
expect 1 "status-list create bad purpose" -- $PLX ledger status-list create --ledger "$L2" --key "$T/iss.jwk" --list msg --purpose message
expect 1 "status-list create bad id" -- $PLX ledger status-list create --ledger "$L2" --key "$T/iss.jwk" --list 'a/b'
expect 0 "status-list get" -- $PLX ledger status-list get --ledger "$L2" --issuer "$idid" --list rev-1 --index 7
grep -q '"bit": false' "$T/out" && grep -q '"verified": true' "$T/out" && ok || bad "status-list get: $(cat "$T/out")"
expect 1 "status-list get out of range" -- $PLX ledger status-list get --ledger "$L2" --key "$T/iss.jwk" --list rev-1 --index 1000
grep -q 'beyond' "$T/err" && ok || bad "out of range not named: $(cat "$T/err")"
expect 1 "status-list get unknown list" -- $PLX ledger status-list get --ledger "$L2" --key "$T/iss.jwk" --list nope --index 1
grep -q 'does not exist' "$T/err" && ok || bad "unknown list not named: $(cat "$T/err")"
expect 1 "status-list get without issuer" -- $PLX ledger status-list get --ledger "$L2" --list rev-1 --index 1
expect 1 "status-list set without index" -- $PLX ledger status-list set --ledger "$L2" --key "$T/iss.jwk" --list rev-1
expect 1 "vc issue status without index" -- $PLX vc issue --format vc+jwt --key "$T/iss.jwk" --status-list rev-1 < "$T/cred.json"
expect 1 "vc issue ledger status for did:key" -- $PLX vc issue --format vc+jwt --key "$T/vc-issuer.jwk" --status-list rev-1 --status-index 7 < "$T/cred.json"
expect 1 "vc issue bad status purpose" -- $PLX vc issue --format vc+jwt --key "$T/iss.jwk" --status-list rev-1 --status-index 7 --status-purpose message < "$T/cred.json"
for fmt in vc+jwt eddsa-jcs-2022; do
  expect 0 "vc issue $fmt with ledger status" -- $PLX vc issue --format $fmt --key "$T/iss.jwk" --status-list rev-1 --status-index 7 < "$T/cred.json"
  cp "$T/out" "$T/st-$fmt"
  expect 0 "vc verify $fmt --ledger" -- $PLX vc verify --ledger "$L2" --policy "$T/policy3.json" < "$T/st-$fmt"
  grep -q '"valid": true' "$T/out" && grep -q '"status"' "$T/out" && ok || bad "vc verify $fmt --ledger: $(head -c 400 "$T/out")"
  expect 1 "vc verify $fmt did:plx without --ledger" -- $PLX vc verify < "$T/st-$fmt"
done
grep -q '"type": "PlxStatusListEntry"' "$T/st-eddsa-jcs-2022" && ok || bad "no PlxStatusListEntry in the issued credential"
expect 0 "vc issue sd-jwt with ledger status" -- $PLX vc issue --format sd-jwt --key "$T/iss.jwk" --holder-key "$T/vc-holder.jwk" \
  --sd /credentialSubject/name --sd /credentialSubject/degree --status-list rev-1 --status-index 7 < "$T/cred.json"
cp "$T/out" "$T/st-sd"
expect 0 "vc present (ledger status)" -- $PLX vc present --disclose /credentialSubject/degree --holder-key "$T/vc-holder.jwk" \
  --aud https://verifier.example --nonce n-123 < "$T/st-sd"
cp "$T/out" "$T/st-pres"
echo '{"requireHolderBinding":true,"audience":"https://verifier.example","nonce":"n-123","requireStatus":true}' > "$T/policy6.json"
expect 0 "vc verify presentation --ledger" -- $PLX vc verify --ledger "$L2" --policy "$T/policy6.json" < "$T/st-pres"
expect 1 "status-list set by a stranger" -- $PLX ledger status-list set --ledger "$L2" --key "$T/stranger.jwk" --list rev-1 --index 7
expect 0 "status-list set (revoke)" -- $PLX ledger status-list set --ledger "$L2" --key "$T/iss.jwk" --list rev-1 --index 7 --index 9
grep -q '"outcome": "applied"' "$T/out" && ok || bad "status-list set: $(cat "$T/out")"
expect 0 "status-list get (set)" -- $PLX ledger status-list get --ledger "$L2" --key "$T/iss.jwk" --list rev-1 --index 7
grep -q '"bit": true' "$T/out" && ok || bad "status-list get after set: $(cat "$T/out")"
expect 2 "vc verify revoked presentation" -- $PLX vc verify --ledger "$L2" --policy "$T/policy6.json" < "$T/st-pres"
grep -q '"check": "status"' "$T/out" && grep -q 'revoked by the issuer' "$T/out" && ok || bad "revoked presentation: $(head -c 400 "$T/out")"
for fmt in vc+jwt eddsa-jcs-2022; do
  expect 2 "vc verify revoked $fmt" -- $PLX vc verify --ledger "$L2" < "$T/st-$fmt"
  grep -q 'revoked by the issuer' "$T/out" && ok || bad "revoked $fmt reason: $(head -c 400 "$T/out")"
done
expect 0 "status-list clear" -- $PLX ledger status-list clear --ledger "$L2" --key "$T/iss.jwk" --list rev-1 --index 7
expect 0 "vc verify after clear" -- $PLX vc verify --ledger "$L2" --policy "$T/policy3.json" < "$T/st-vc+jwt"
# A status entry that cannot be checked (index beyond the list) fails closed under requireStatus.
expect 0 "vc issue with an out-of-range index" -- $PLX vc issue --format vc+jwt --key "$T/iss.jwk" --status-list rev-1 --status-index 5000 < "$T/cred.json"
cp "$T/out" "$T/st-oor"
expect 1 "vc verify out-of-range status" -- $PLX vc verify --ledger "$L2" --policy "$T/policy3.json" < "$T/st-oor"
grep -q 'beyond' "$T/out" "$T/err" && ok || bad "out-of-range status not named: $(cat "$T/err")"
expect 1 "vc verify --ledger missing" -- $PLX vc verify --ledger "$T/nope" < "$T/st-vc+jwt"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
