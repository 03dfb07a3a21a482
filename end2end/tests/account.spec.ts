import { test, expect, DASHBOARD, ready, newAccount, firstSignIn, signIn, OWN_PASSWORD } from "./fixtures";

test("the new-password rules tick themselves as the user types @hydrated", async ({ page }) => {
  await firstSignIn(page, true, newAccount());
  await page.goto("/account/password");
  await ready(page, true);
  const rules = page.locator("#password-rules li");
  await expect(rules).toHaveCount(7); // length, 4 classes, personal data, common
  await expect(page.locator(".rule-met, .rule-unmet")).toHaveCount(0);
  const field = page.getByLabel("Kata sandi baru", { exact: true });
  await field.pressSequentially("fauzi");
  // Short, no capital, no digit, no symbol, and the holder's name.
  await expect(page.locator(".rule-unmet")).toHaveCount(5);
  await expect(page.locator(".rule-met")).toHaveCount(1);
  await field.fill("Soto-Betawi#2025");
  await expect(page.locator(".rule-unmet")).toHaveCount(0);
  await expect(page.locator(".rule-met")).toHaveCount(6);
});

test("a refused new password names every broken rule and changes nothing", async ({ page, javaScriptEnabled }) => {
  const account = newAccount();
  await firstSignIn(page, javaScriptEnabled, account);
  await page.goto("/account/password");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Kata sandi saat ini").fill(OWN_PASSWORD);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill("pendek");
  await page.getByLabel("Ulangi kata sandi baru").fill("pendek");
  await page.getByTestId("password-submit").click();
  const error = page.getByTestId("password-error");
  await expect(error).toContainText("belum memenuhi aturan");
  await expect(error).toContainText("minimal 12 karakter");
  await expect(error).toContainText("huruf besar");
  await expect(error).toContainText("simbol");
  // The wrong current password is named too, once the new one is fine.
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Kata sandi saat ini").fill("Bukan-Sandi-Saya#1");
  await page.getByLabel("Kata sandi baru", { exact: true }).fill("Soto-Betawi#2025");
  await page.getByLabel("Ulangi kata sandi baru").fill("Soto-Betawi#2025");
  await page.getByTestId("password-submit").click();
  await expect(page.getByTestId("password-error")).toContainText("Kata sandi saat ini salah");
  // Still signed in, still the same password.
  await page.goto("/dashboard");
  await expect(page.getByTestId("dashboard")).toBeVisible();
});

test("the sessions page lists this device and ends another device's session", async ({ page, browser, javaScriptEnabled }) => {
  const account = newAccount();
  await firstSignIn(page, javaScriptEnabled, account);
  // A second device signs in with the new password.
  const other = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 800 } });
  const otherPage = await other.newPage();
  await otherPage.goto("/sign-in");
  await ready(otherPage, javaScriptEnabled);
  await signIn(otherPage, javaScriptEnabled, account, OWN_PASSWORD);
  await expect(otherPage).toHaveURL(DASHBOARD);

  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Sesi aktif" }).click();
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await ready(page, javaScriptEnabled);
  await expect(page.getByTestId("session")).toHaveCount(2);
  await expect(page.getByTestId("session").first().getByTestId("this-device")).toBeVisible();
  await page.getByTestId("end-session").click();
  await expect(page.getByTestId("session")).toHaveCount(1);
  await expect(page.getByTestId("no-other-sessions")).toBeVisible();

  // The other device is signed out on its next request.
  await otherPage.goto("/dashboard");
  await expect(otherPage).toHaveURL(/\/sign-in\?next=\/dashboard$/);
  await other.close();
});

test("changing the password signs out every other device", async ({ page, browser, javaScriptEnabled }) => {
  const account = newAccount();
  await firstSignIn(page, javaScriptEnabled, account);
  const other = await browser.newContext({ javaScriptEnabled });
  const otherPage = await other.newPage();
  await otherPage.goto("/sign-in");
  await ready(otherPage, javaScriptEnabled);
  await signIn(otherPage, javaScriptEnabled, account, OWN_PASSWORD);
  await expect(otherPage).toHaveURL(DASHBOARD);

  await page.goto("/account/password");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Kata sandi saat ini").fill(OWN_PASSWORD);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill("Soto-Betawi#2025");
  await page.getByLabel("Ulangi kata sandi baru").fill("Soto-Betawi#2025");
  await page.getByTestId("password-submit").click();
  await expect(page.getByTestId("password-changed")).toBeVisible();
  await page.goto("/account/sessions");
  await expect(page.getByTestId("session")).toHaveCount(1);
  await otherPage.goto("/dashboard");
  await expect(otherPage).toHaveURL(/\/sign-in\?next=\/dashboard$/);
  await other.close();
});
