import { test, expect, DASHBOARD, waitForHydration, ready, newAccount, submitSignIn, enrol, signIn, OPERATOR_PASSWORD, OWN_PASSWORD } from "./fixtures";

test("a new employee signs in, replaces the operator's password, reaches the dashboard and signs out", async ({ page, javaScriptEnabled }) => {
  const account = newAccount();
  await page.goto("/");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("home-sign-in").click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await ready(page, javaScriptEnabled);
  await submitSignIn(page, account.grouped, OPERATOR_PASSWORD);
  // Nothing opens before the authenticator is set up.
  await expect(page).toHaveURL(/\/sign-in\/enrol\?next=\/dashboard$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\/enrol\?next=\/dashboard$/);
  await enrol(page, javaScriptEnabled, account);
  // The forced step: nothing else opens until the password is replaced.
  await expect(page).toHaveURL(/\/account\/password\?next=\/dashboard$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/account\/password\?next=\/dashboard$/);
  await ready(page, javaScriptEnabled);
  await expect(page.getByLabel("Kata sandi saat ini")).toHaveCount(0);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill(OWN_PASSWORD);
  await page.getByLabel("Ulangi kata sandi baru").fill(OWN_PASSWORD);
  await page.getByTestId("password-submit").click();
  await expect(page).toHaveURL(DASHBOARD);
  await expect(page.getByTestId("dashboard")).toContainText("Ahmad Fauzi, S.Kom.");
  await expect(page.getByTestId("dashboard")).toContainText(account.grouped);
  await ready(page, javaScriptEnabled);
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in$/);
  // The session is gone on the server: the dashboard sends us back.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=\/dashboard$/);
  // The own password and a code now open the dashboard.
  await ready(page, javaScriptEnabled);
  await signIn(page, javaScriptEnabled, account, OWN_PASSWORD);
  await expect(page).toHaveURL(DASHBOARD);
});

test("a failed sign-in explains itself in Indonesian and in English", async ({ page, javaScriptEnabled }) => {
  await page.goto("/sign-in");
  await ready(page, javaScriptEnabled);
  // An unknown NIP: no account's failure counter is touched by this test.
  await submitSignIn(page, "19900101 201505 2 002", "Salah-Sekali-123");
  await expect(page.getByTestId("sign-in-error")).toContainText("NIP atau kata sandi salah");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("lang-en").click();
  if (!javaScriptEnabled) {
    // Without JavaScript the switch reloads a clean form (the old error
    // belonged to the old submission): submit again in English.
    await expect(page.getByTestId("sign-in-error")).toHaveCount(0);
    await submitSignIn(page, "19900101 201505 2 002", "Salah-Sekali-123");
  }
  await expect(page.getByTestId("sign-in-error")).toContainText("The NIP or password is wrong");
  await expect(page).not.toHaveURL(/dashboard/);
  await page.getByTestId("lang-id").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
});

test("a protected page needs a session and returns there after every sign-in step", async ({ page, javaScriptEnabled }) => {
  const account = newAccount();
  await page.goto("/account/sessions");
  await expect(page).toHaveURL(/\/sign-in\?next=\/account\/sessions$/);
  await ready(page, javaScriptEnabled);
  await submitSignIn(page, account.grouped, OPERATOR_PASSWORD);
  await expect(page).toHaveURL(/\/sign-in\/enrol\?next=\/account\/sessions$/);
  await enrol(page, javaScriptEnabled, account);
  await expect(page).toHaveURL(/\/account\/password\?next=\/account\/sessions$/);
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill(OWN_PASSWORD);
  await page.getByLabel("Ulangi kata sandi baru").fill(OWN_PASSWORD);
  await page.getByTestId("password-submit").click();
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await expect(page.getByTestId("this-device")).toBeVisible();
});

test("the password can be shown and hidden once hydrated @hydrated", async ({ page }) => {
  await page.goto("/sign-in");
  await waitForHydration(page);
  const field = page.getByLabel("Kata sandi", { exact: true });
  await field.fill(OPERATOR_PASSWORD);
  await expect(field).toHaveAttribute("type", "password");
  await page.getByRole("button", { name: "Tampilkan" }).click();
  await expect(field).toHaveAttribute("type", "text");
  await page.getByRole("button", { name: "Sembunyikan" }).click();
  await expect(field).toHaveAttribute("type", "password");
});
