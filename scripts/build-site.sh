#!/usr/bin/env bash
# Builds the static site under $SITE_DIR: the size-optimised WASM bundle
# with its JS bindings, the CSS, public/, and gzip and brotli copies of the
# bundle, then prints the WASM's size. scripts/build.sh adds the release
# server; scripts/test.sh runs this beside the test build.
source "$(dirname "$0")/lib.sh"
steps_begin
ensure_wasm_target
cd "$ROOT"

step "WASM bundle (profile wasm-release)"
cargo build --locked -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release \
  --target-dir "$WASM_TARGET_DIR"

step "JS bindings and wasm-opt"
ensure_wasm_tools
rm -rf "$SITE_DIR" && mkdir -p "$SITE_DIR/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$SITE_DIR/pkg" --out-name asn-portal \
  "$WASM_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm"
wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$SITE_DIR/pkg/asn-portal_bg.wasm" "$SITE_DIR/pkg/asn-portal_bg.wasm"

step "static site, precompressed (gzip and brotli, served as-is by the server)"
cp -r public/. "$SITE_DIR/"
cp style/main.css "$SITE_DIR/pkg/asn-portal.css"
build_id="$(cat "$SITE_DIR"/pkg/* | sha256sum | cut -c1-12)"
sed -i "s/__BUILD_ID__/$build_id/" "$SITE_DIR/sw.js"
for f in "$SITE_DIR"/pkg/*.wasm "$SITE_DIR"/pkg/*.js "$SITE_DIR"/pkg/*.css; do
  gzip -9 -k -f "$f"
  node -e 'const z = require("zlib"), fs = require("fs"); const f = process.argv[1];
    fs.writeFileSync(f + ".br", z.brotliCompressSync(fs.readFileSync(f), {
      params: { [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(f).size } }));' "$f"
done

wasm_raw=$(stat -c %s "$SITE_DIR/pkg/asn-portal_bg.wasm")
wasm_gz=$(stat -c %s "$SITE_DIR/pkg/asn-portal_bg.wasm.gz")
wasm_br=$(stat -c %s "$SITE_DIR/pkg/asn-portal_bg.wasm.br")
say "site: $SITE_DIR (WASM $wasm_raw bytes raw, $wasm_gz gzip, $wasm_br brotli)"
