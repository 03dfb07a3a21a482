import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Runs against the release build made by scripts/build.sh, in Debian's
// Chromium; Playwright never downloads a browser here.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const serverBin = process.env.ASN_SERVER_BIN ?? "../target/release/asn-portal";
const siteDir = process.env.ASN_SITE_DIR ?? "../target/site";
const dataDir = mkdtempSync(join(tmpdir(), "asn-e2e-"));
export const E2E_NIP = "198001012005011001";
export const E2E_PASSWORD = "Gudeg!Wijilan#77";

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
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
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
  webServer: {
    // A dedicated account, made through the real CLI, then the server.
    command: [
      `"${serverBin}" migrate`,
      `"${serverBin}" agency add --code E2E --name "Instansi Uji"`,
      `"${serverBin}" employee add --nip ${E2E_NIP} --name "Ahmad Fauzi, S.Kom." --email e2e@uji.example --agency E2E --position "Pranata Komputer"`,
      `printf '%s\n' '${E2E_PASSWORD}' | "${serverBin}" account set-password ${E2E_NIP}`,
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
    },
  },
});
