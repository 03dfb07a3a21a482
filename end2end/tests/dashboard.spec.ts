import { test, expect, ready, newAccount, firstSignIn } from "./fixtures";

test("the dashboard greets the employee, links external services and leads to their data", async ({ page, javaScriptEnabled }) => {
  const account = newAccount();
  await firstSignIn(page, javaScriptEnabled, account);
  await expect(page.getByTestId("dashboard")).toContainText("Ahmad Fauzi, S.Kom.");
  await expect(page.getByTestId("dashboard-nip")).toHaveText(account.grouped);
  await expect(page.getByTestId("dashboard-unit")).toHaveText("Instansi Uji");

  // The external services meant for a PNS of this agency (added by the
  // test server's set-up through the CLI), opening in a new tab.
  const external = page.getByTestId("external-services");
  const myasn = external.getByRole("link", { name: /MyASN/ });
  await expect(myasn).toHaveAttribute("href", "https://myasn.bkn.go.id");
  await expect(myasn).toHaveAttribute("target", "_blank");
  await expect(external).not.toContainText("Kontrak PPPK");

  // Nothing scrolls sideways, on a 360-px phone included.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await ready(page, javaScriptEnabled);
  await page.getByTestId("own-services").getByRole("link", { name: /Data Saya/ }).click();
  await expect(page).toHaveURL(/\/my-data$/);
  await expect(page.getByTestId("record-nip")).toHaveText(account.grouped);
  await expect(page.getByTestId("record-position")).toHaveText("Pranata Komputer");
  // A new account has no history yet, and the page says so.
  await expect(page.getByText("Belum ada data.")).toHaveCount(5);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(wide).toBeLessThanOrEqual(0);
});

test("my data needs a session", async ({ page }) => {
  await page.goto("/my-data");
  await expect(page).toHaveURL(/\/sign-in\?next=\/my-data$/);
});
