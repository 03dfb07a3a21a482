import { test, expect, ready, newAccount, firstSignIn, signIn, OWN_PASSWORD, DASHBOARD } from "./fixtures";

test("a sign-in on another device shows in the bell at once, without a reload @hydrated", async ({ page, browser }) => {
  const account = newAccount();
  await firstSignIn(page, true, account);
  await ready(page, true);
  const before = Number((await page.getByTestId("bell-count").textContent()) ?? "0");
  // A marker that a reload would wipe out.
  await page.evaluate(() => ((window as any).__stillHere = true));

  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const otherPage = await other.newPage();
  await otherPage.goto("/sign-in");
  await ready(otherPage, true);
  await signIn(otherPage, true, account, OWN_PASSWORD);
  await expect(otherPage).toHaveURL(DASHBOARD);

  await expect(page.getByTestId("bell-count")).toHaveText(String(before + 1));
  expect(await page.evaluate(() => (window as any).__stillHere)).toBe(true);
  await other.close();
});

test("the notification centre lists sign-ins and marks them read", async ({ page, javaScriptEnabled }) => {
  await firstSignIn(page, javaScriptEnabled, newAccount());
  await page.getByTestId("bell").click();
  await expect(page).toHaveURL(/\/notifications$/);
  await ready(page, javaScriptEnabled);
  // The first sign-in (with the new authenticator), then the new password.
  const items = page.getByTestId("notifications").locator("li");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveAttribute("data-kind", "password_changed");
  await expect(items.nth(1)).toHaveAttribute("data-kind", "sign_in");
  await expect(items.nth(1)).toContainText("Ada yang masuk ke akun Anda");
  await page.getByTestId("mark-all-notifications").click();
  await expect(page.getByTestId("notifications").locator("li[data-unread=true]")).toHaveCount(0);
  await expect(page.getByTestId("bell-count")).toHaveCount(0);
});
