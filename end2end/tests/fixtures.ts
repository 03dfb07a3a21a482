import { test as base, expect, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

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
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * A new employee of the E2E agency with an operator-set password, added
 * through the real CLI on the server's data, so each test has its own
 * sessions and failure counters.
 */
export function newAccount(): Account {
  const bin = resolve(process.env.ASN_SERVER_BIN ?? "../target/release/asn-portal");
  const env = { ...process.env, ASN_MODE: "dev", ASN_DATA_DIR: process.env.E2E_DATA_DIR, ASN_LOG: "warn" };
  for (let attempt = 0; attempt < 5; attempt++) {
    const month = 1 + Math.floor(Math.random() * 12);
    const day = 1 + Math.floor(Math.random() * 28);
    const serial = 1 + Math.floor(Math.random() * 999);
    const nip = `1985${pad(month, 2)}${pad(day, 2)}2010011${pad(serial, 3)}`;
    const add = ["employee", "add", "--nip", nip, "--name", "Ahmad Fauzi, S.Kom.", "--email", `e2e.${nip}@uji.example`];
    try {
      execFileSync(bin, [...add, "--agency", "E2E", "--position", "Pranata Komputer"], { env, stdio: "pipe" });
    } catch {
      continue; // that NIP was taken by another test: draw again
    }
    execFileSync(bin, ["account", "set-password", nip], { env, input: `${OPERATOR_PASSWORD}\n`, stdio: "pipe" });
    return { nip, grouped: `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}` };
  }
  throw new Error("could not add an account for the test");
}

/** Fills and submits the sign-in form on the current page. */
export async function submitSignIn(page: Page, nip: string, password: string) {
  await page.getByLabel("NIP").fill(nip);
  await page.getByLabel(/^(Kata sandi|Password)$/).fill(password);
  await page.getByTestId("sign-in-submit").click();
}

/**
 * Signs a new account in for the first time: the operator's password, then
 * the forced change to the holder's own. Ends wherever `next` leads.
 */
export async function firstSignIn(page: Page, javaScriptEnabled: boolean, account: Account) {
  await page.goto("/sign-in");
  await ready(page, javaScriptEnabled);
  await submitSignIn(page, account.grouped, OPERATOR_PASSWORD);
  await expect(page).toHaveURL(/\/account\/password\?next=/);
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill(OWN_PASSWORD);
  await page.getByLabel("Ulangi kata sandi baru").fill(OWN_PASSWORD);
  await page.getByTestId("password-submit").click();
  await expect(page).toHaveURL(DASHBOARD);
  await expect(page.getByTestId("dashboard")).toBeVisible();
}
