#!/usr/bin/env bash
# Builds the release portal: the WASM bundle (size-optimised), the static
# site under $CARGO_TARGET_DIR/site, and the server binary.
source "$(dirname "$0")/lib.sh"
ensure_wasm_tools
cd "$ROOT"

say "building the WASM bundle (profile wasm-release)"
cargo build --locked -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release

say "generating JS bindings and optimising the WASM"
rm -rf "$SITE_DIR" && mkdir -p "$SITE_DIR/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$SITE_DIR/pkg" --out-name asn-portal \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm"
wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$SITE_DIR/pkg/asn-portal_bg.wasm" "$SITE_DIR/pkg/asn-portal_bg.wasm"

say "assembling the static site"
cp -r public/. "$SITE_DIR/"
cp style/main.css "$SITE_DIR/pkg/asn-portal.css"
build_id="$(cat "$SITE_DIR"/pkg/* | sha256sum | cut -c1-12)"
sed -i "s/__BUILD_ID__/$build_id/" "$SITE_DIR/sw.js"

say "precompressing the bundle (gzip and brotli, served as-is by the server)"
for f in "$SITE_DIR"/pkg/*.wasm "$SITE_DIR"/pkg/*.js "$SITE_DIR"/pkg/*.css; do
  gzip -9 -k -f "$f"
  node -e 'const z = require("zlib"), fs = require("fs"); const f = process.argv[1];
    fs.writeFileSync(f + ".br", z.brotliCompressSync(fs.readFileSync(f), {
      params: { [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(f).size } }));' "$f"
done

say "building the server (release)"
cargo build --locked --release --bin asn-portal

wasm_raw=$(stat -c %s "$SITE_DIR/pkg/asn-portal_bg.wasm")
wasm_gz=$(stat -c %s "$SITE_DIR/pkg/asn-portal_bg.wasm.gz")
wasm_br=$(stat -c %s "$SITE_DIR/pkg/asn-portal_bg.wasm.br")
say "built: server $SERVER_BIN, site $SITE_DIR (WASM $wasm_raw bytes raw, $wasm_gz gzip, $wasm_br brotli)"
