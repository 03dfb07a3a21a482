import type { Page } from "@playwright/test";
import {
  test, expect, ready, newAccount, submitSignIn, emailOf, mailedCode, firstSignIn, OWN_PASSWORD, Account,
} from "./fixtures";

const NEW_PASSWORD = "Soto-Betawi#2025";

test("a forgotten password is reset with an e-mailed code", async ({ page, javaScriptEnabled }) => {
  const account = newAccount();
  await page.goto("/sign-in");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("forgot-password").click();
  await expect(page).toHaveURL(/\/reset$/);
  await ready(page, javaScriptEnabled);
  await expect(page.getByText("Langkah 1 dari 3")).toBeVisible();
  await identifyAndAskForCode(page, javaScriptEnabled, account);
  const code = await mailedCode(account);
  // A wrong code first: explained, nothing changes.
  await page.getByLabel("Kode dari e-mail").fill(code === "00000000" ? "11111111" : "00000000");
  await page.getByLabel("Kata sandi baru", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Ulangi kata sandi baru").fill(NEW_PASSWORD);
  await page.getByTestId("reset-finish").click();
  await expect(page.getByTestId("finish-error")).toContainText("Kode salah");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Kode dari e-mail").fill(code);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Ulangi kata sandi baru").fill(NEW_PASSWORD);
  await page.getByTestId("reset-finish").click();
  await expect(page).toHaveURL(/\/sign-in\?notice=password-reset$/);
  await expect(page.getByTestId("sign-in-notice")).toContainText("Kata sandi baru tersimpan");
  // The new password opens the account (the first sign-in sets up the authenticator).
  await ready(page, javaScriptEnabled);
  await submitSignIn(page, account.grouped, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/sign-in\/enrol\?next=\/dashboard$/);
});

test("the wizard speaks English and never says whether a NIP exists", async ({ page, javaScriptEnabled }) => {
  await page.context().addCookies([{ name: "asn_lang", value: "en", url: "http://127.0.0.1:" + (process.env.E2E_PORT ?? 3100) }]);
  const account = newAccount();
  await page.goto("/reset");
  await ready(page, javaScriptEnabled);
  await expect(page.getByRole("heading", { name: "Forgot password" })).toBeVisible();
  // An unknown NIP moves on exactly like a real one.
  await page.getByLabel("NIP").fill("19900101 201505 2 002");
  await page.getByTestId("reset-check").click();
  await expect(page.getByText("Step 2 of 3: e-mail")).toBeVisible();
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Registered e-mail address").fill(emailOf(account));
  await page.getByTestId("reset-send").click();
  await expect(page.getByTestId("code-sent")).toContainText("If the address matches our records");
  // Where to look: the address typed, masked (`e2e.1985…@uji.example` → `e•••@uji.example`).
  await expect(page.getByTestId("email-hint")).toHaveText("e\u2022\u2022\u2022@uji.example");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("reset-restart").click();
  await expect(page.getByText("Step 1 of 3: NIP")).toBeVisible();
});

/** Opens the wizard at `path` and goes through steps one and two for the account. */
async function askForCode(page: Page, javaScriptEnabled: boolean, path: string, account: Account) {
  await page.goto(path);
  await ready(page, javaScriptEnabled);
  await identifyAndAskForCode(page, javaScriptEnabled, account);
}

/** Steps one and two of the wizard on the current page: ends at step three. */
async function identifyAndAskForCode(page: Page, javaScriptEnabled: boolean, account: Account) {
  await page.getByLabel("NIP").fill(account.grouped);
  await page.getByTestId("reset-check").click();
  await expect(page.getByText("Langkah 2 dari 3")).toBeVisible();
  await ready(page, javaScriptEnabled);
  await page.getByLabel("E-mail yang terdaftar").fill(emailOf(account));
  await page.getByTestId("reset-send").click();
  await expect(page.getByText("Langkah 3 dari 3")).toBeVisible();
  await ready(page, javaScriptEnabled);
}

test("someone holding only the mailbox cannot replace the password or the authenticator", async ({ page, browser, javaScriptEnabled }) => {
  // The employee has set up an authenticator and their own password.
  const victim = newAccount();
  const own = await browser.newContext({ javaScriptEnabled });
  await firstSignIn(await own.newPage(), javaScriptEnabled, victim);
  await own.close();

  // The attacker knows the NIP and reads the mailbox. A new password by
  // mailed code needs the authenticator too.
  await askForCode(page, javaScriptEnabled, "/reset", victim);
  await page.getByLabel("Kode dari e-mail").fill(await mailedCode(victim));
  await page.getByLabel("Kata sandi baru", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Ulangi kata sandi baru").fill(NEW_PASSWORD);
  await page.getByTestId("reset-finish").click();
  await expect(page.getByTestId("finish-error")).toContainText("Akun ini memakai aplikasi autentikator");
  await expect(page.getByTestId("reset-second-factor")).toBeVisible();

  // Removing the authenticator needs the password, which the attacker
  // never got.
  await askForCode(page, javaScriptEnabled, "/reset/authenticator", victim);
  await page.getByLabel("Kode dari e-mail").fill(await mailedCode(victim));
  await page.getByLabel("Kata sandi Anda").fill(NEW_PASSWORD);
  await page.getByTestId("reset-finish").click();
  await expect(page.getByTestId("finish-error")).toContainText("NIP atau kata sandi salah");

  // So the attacker's password opens nothing, and no enrolment starts.
  await page.goto("/sign-in");
  await ready(page, javaScriptEnabled);
  await submitSignIn(page, victim.grouped, NEW_PASSWORD);
  await expect(page.getByTestId("sign-in-error")).toBeVisible();
  await expect(page).not.toHaveURL(/\/sign-in\/enrol/);
  // The employee's own password still leads to their own authenticator.
  await submitSignIn(page, victim.grouped, OWN_PASSWORD);
  await expect(page).toHaveURL(/\/sign-in\/otp\?next=/);
});
