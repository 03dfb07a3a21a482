import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Runs against the server the test build made (scripts/test.sh: the test
// profile with the hot crates optimised) and the site that
// scripts/build-site.sh made, in Debian's Chromium; Playwright never
// downloads a browser here.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const serverBin = (process.env.ASN_SERVER_BIN ??= "../target/debug/asn-portal");
const siteDir = process.env.ASN_SITE_DIR ?? "../target/site";
// Made once by the runner; its workers inherit the variable, so tests
// (which add their own accounts through the CLI) share the server's data.
const dataDir = (process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "asn-e2e-")));
// The example service that signs in through the portal (examples/oidc_rp.rs).
const rpPort = Number(process.env.E2E_RP_PORT ?? 3101);
const rpURL = `http://127.0.0.1:${rpPort}`;
const rpBin = process.env.ASN_RP_BIN ?? "../target/debug/examples/oidc_rp";

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const desktop = { viewport: { width: 1280, height: 800 } };

export default defineConfig({
  testDir: "./tests",
  // Long enough for a test that waits for the next 30-second code.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two on two cores: three made no run faster (the suite is CPU-bound
  // with the test-profile server) and only raised the sign-in rate.
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "id-ID",
    launchOptions: chromium,
    trace: "retain-on-failure",
  },
  projects: [
    // Tests tagged @hydrated need the WASM; @nojs ones prove the plain-HTML path.
    { name: "phone-hydrated", use: { ...phone }, grepInvert: /@nojs/ },
    { name: "desktop-hydrated", use: { ...desktop }, grepInvert: /@nojs/ },
    { name: "phone-nojs", use: { ...phone, javaScriptEnabled: false }, grepInvert: /@hydrated/ },
    { name: "desktop-nojs", use: { ...desktop, javaScriptEnabled: false }, grepInvert: /@hydrated/ },
  ],
  webServer: [{
    // The agency tests add their accounts to, two external services (one
    // for PPPK only), an office for attendance and the example service as
    // a single sign-on client, made through the real CLI, then the server.
    command: [
      `"${serverBin}" migrate`,
      `"${serverBin}" agency add --code E2E --name "Instansi Uji"`,
      `"${serverBin}" service add --code MYASN --name MyASN --url https://myasn.bkn.go.id --icon person`,
      `"${serverBin}" service add --code KONTRAK --name "Kontrak PPPK" --url https://kontrak.example --audience pppk`,
      `"${serverBin}" office add --agency E2E --code KANTOR --name "Kantor Uji" --latitude -6.175392 --longitude 106.827153 --radius 150`,
      `"${serverBin}" oidc register --client-id contoh-layanan --name "Contoh Layanan" --public --scopes "openid profile asn" ` +
        `--redirect-uri ${rpURL}/callback --home-url ${rpURL}/ --post-logout-redirect-uri ${rpURL}/ --logo ../public/icons/icon-192.png`,
      `exec "${serverBin}" serve`,
    ].join(" && "),
    url: `${baseURL}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      ASN_MODE: "dev",
      ASN_BIND: `127.0.0.1:${port}`,
      ASN_PUBLIC_URL: baseURL,
      ASN_DATA_DIR: dataDir,
      ASN_SITE_DIR: siteDir,
      ASN_LOG: "warn",
      // The wizard's captcha is for humans; tests switch it off (dev only).
      ASN_CAPTCHA: "off",
      // Every test comes from 127.0.0.1: lift the per-address wizard and
      // sign-in limits (the integration tests cover both). With 30 sign-ins
      // a minute per address, a fast run sometimes hit the limit and left
      // three tests at /sign-in.
      ASN_RESET_IP_LIMIT_PER_HOUR: "100000",
      ASN_SIGN_IN_IP_LIMIT_PER_MINUTE: "100000",
    },
  }, {
    command: `exec "${rpBin}"`,
    url: `${rpURL}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: { RP_ISSUER: baseURL, RP_BIND: `127.0.0.1:${rpPort}` },
  }],
});
