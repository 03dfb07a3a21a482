import { test as base, expect, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { resolve, join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import * as OTPAuth from "otpauth";

/** Waits until the WASM has hydrated the page (the app marks <html>). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** Waits for hydration only where JavaScript runs. */
export async function ready(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) await waitForHydration(page);
}

/** Collects console errors and CSP violations for the whole test. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    page.on("pageerror", (err) => errors.push(err.message));
    await use(errors);
  },
});

export { expect };

/** The dashboard itself (not a page whose `?next=` names it). */
export const DASHBOARD = /^[^?]*\/dashboard$/;

/** What an operator hands out; the portal makes the holder replace it. */
export const OPERATOR_PASSWORD = "Gudeg!Wijilan#77";
/** What the holder chooses instead. */
export const OWN_PASSWORD = "Rendang-Bukittinggi#42";

export interface Account {
  nip: string;
  grouped: string;
  /** The authenticator's Base32 seed, once enrolled. */
  secret?: string;
  /** The last 30-second step whose code was used (each works once). */
  lastStep?: number;
}

/**
 * A code for the account's authenticator, computed by an independent TOTP
 * implementation (otpauth). The portal accepts the code of the current
 * 30-second step and of the one before (a slow typist's), each once and in
 * order: this takes the earliest step still unused and still accepted for
 * a while, and waits for the next step only when both are spent.
 */
export async function freshCode(account: Account): Promise<string> {
  if (!account.secret) throw new Error("the account has no authenticator yet");
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(account.secret), digits: 6, period: 30, algorithm: "SHA1" });
  const now = Math.floor(Date.now() / 30_000);
  // The step before stays accepted only until the current one ends: with
  // under 10 s left, take the current step instead.
  const leftInStep = (now + 1) * 30_000 - Date.now();
  let step = leftInStep > 10_000 ? now - 1 : now;
  if (account.lastStep !== undefined && step <= account.lastStep) step = account.lastStep + 1;
  if (step > now) {
    await new Promise((r) => setTimeout(r, step * 30_000 - Date.now() + 200));
  }
  account.lastStep = step;
  return totp.generate({ timestamp: step * 30_000 + 1_000 });
}

/** Types a fresh code at the code step and submits it. */
export async function enterCode(page: Page, javaScriptEnabled: boolean, account: Account) {
  await expect(page).toHaveURL(/\/sign-in\/otp\?next=/);
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Kode sekali pakai").fill(await freshCode(account));
  await page.getByTestId("otp-submit").click();
}

/**
 * Completes the forced authenticator set-up with the account's seed (read
 * off the page, or decoded from the QR code by the caller into
 * `account.secret` beforehand), then confirms the recovery codes as saved.
 */
export async function enrol(page: Page, javaScriptEnabled: boolean, account: Account) {
  await expect(page).toHaveURL(/\/sign-in\/enrol\?next=/);
  await ready(page, javaScriptEnabled);
  if (!account.secret) {
    account.secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  }
  await page.getByLabel("Kode sekali pakai").fill(await freshCode(account));
  await page.getByLabel("Nama perangkat").fill("Ponsel uji");
  await page.getByTestId("enrol-submit").click();
  await expect(page).toHaveURL(/\/account\/recovery-codes\?next=/);
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await ready(page, javaScriptEnabled);
  await page.getByTestId("recovery-saved").click();
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * A new employee of the E2E agency with an operator-set password, added
 * through the real CLI on the server's data, so each test has its own
 * sessions and failure counters.
 */
export function newAccount(opts: { supervisor?: Account } = {}): Account {
  const bin = resolve(process.env.ASN_SERVER_BIN ?? "../target/debug/asn-portal");
  const env = { ...process.env, ASN_MODE: "dev", ASN_DATA_DIR: process.env.E2E_DATA_DIR, ASN_LOG: "warn" };
  for (let attempt = 0; attempt < 5; attempt++) {
    const month = 1 + Math.floor(Math.random() * 12);
    const day = 1 + Math.floor(Math.random() * 28);
    const serial = 1 + Math.floor(Math.random() * 999);
    const nip = `1985${pad(month, 2)}${pad(day, 2)}2010011${pad(serial, 3)}`;
    const add = ["employee", "add", "--nip", nip, "--name", "Ahmad Fauzi, S.Kom.", "--email", `e2e.${nip}@uji.example`];
    try {
      const supervisor = opts.supervisor ? ["--supervisor", opts.supervisor.nip] : [];
      execFileSync(bin, [...add, "--agency", "E2E", "--position", "Pranata Komputer", ...supervisor], { env, stdio: "pipe" });
    } catch {
      continue; // that NIP was taken by another test: draw again
    }
    execFileSync(bin, ["account", "set-password", nip], { env, input: `${OPERATOR_PASSWORD}\n`, stdio: "pipe" });
    return { nip, grouped: `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}` };
  }
  throw new Error("could not add an account for the test");
}

/** Grants a stored role (agency_admin, pybmc, national_admin) through the CLI. */
export function grantRole(account: Account, role: string) {
  const bin = resolve(process.env.ASN_SERVER_BIN ?? "../target/debug/asn-portal");
  const env = { ...process.env, ASN_MODE: "dev", ASN_DATA_DIR: process.env.E2E_DATA_DIR, ASN_LOG: "warn" };
  execFileSync(bin, ["role", "grant", "--nip", account.nip, "--role", role], { env, stdio: "pipe" });
}

/** Runs the server's CLI on the test data (e.g. `leave roll-over`); answers its output. */
export function cli(...args: string[]): string {
  const bin = resolve(process.env.ASN_SERVER_BIN ?? "../target/debug/asn-portal");
  const env = { ...process.env, ASN_MODE: "dev", ASN_DATA_DIR: process.env.E2E_DATA_DIR, ASN_LOG: "warn" };
  return execFileSync(bin, args, { env, stdio: "pipe" }).toString();
}

/** Fills and submits the sign-in form on the current page. */
export async function submitSignIn(page: Page, nip: string, password: string) {
  await page.getByLabel("NIP").fill(nip);
  await page.getByLabel(/^(Kata sandi|Password)$/).fill(password);
  await page.getByTestId("sign-in-submit").click();
}

/** Signs in with the password and a fresh code; ends wherever `next` leads. */
export async function signIn(page: Page, javaScriptEnabled: boolean, account: Account, password: string) {
  await submitSignIn(page, account.grouped, password);
  await enterCode(page, javaScriptEnabled, account);
}

/**
 * Signs a new account in for the first time: the operator's password, the
 * authenticator set-up, then the forced change to the holder's own
 * password. Ends on the dashboard.
 */
export async function firstSignIn(page: Page, javaScriptEnabled: boolean, account: Account) {
  await page.goto("/sign-in");
  await ready(page, javaScriptEnabled);
  await submitSignIn(page, account.grouped, OPERATOR_PASSWORD);
  await enrol(page, javaScriptEnabled, account);
  await expect(page).toHaveURL(/\/account\/password\?next=/);
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill(OWN_PASSWORD);
  await page.getByLabel("Ulangi kata sandi baru").fill(OWN_PASSWORD);
  await page.getByTestId("password-submit").click();
  await expect(page).toHaveURL(DASHBOARD);
  await expect(page.getByTestId("dashboard")).toBeVisible();
}

/** The registered address of a test account (see newAccount). */
export function emailOf(account: Account): string {
  return `e2e.${account.nip}@uji.example`;
}

/** Codes already handed to a test, so a second reset waits for its own mail. */
const usedCodes = new Set<string>();

/**
 * A reset code mailed to the account and not used yet: the development
 * transport writes each message as an .eml file under ASN_DATA_DIR/outbox.
 */
export async function mailedCode(account: Account): Promise<string> {
  const dir = join(process.env.E2E_DATA_DIR!, "outbox");
  for (let i = 0; i < 100; i++) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith(".eml"));
    } catch {
      // The worker has not written anything yet.
    }
    for (const f of files) {
      // Undo quoted-printable soft line breaks before searching.
      const text = readFileSync(join(dir, f), "utf8").replace(/=\r?\n/g, "");
      if (!text.includes(emailOf(account))) continue;
      const match = /Kode untuk[\s\S]*?\b(\d{8})\b/.exec(text);
      if (match && !usedCodes.has(match[1])) {
        usedCodes.add(match[1]);
        return match[1];
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no reset code arrived for ${account.nip}`);
}
