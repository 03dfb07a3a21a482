import { test, expect, ready, newAccount, firstSignIn, grantRole } from "./fixtures";

test("an agency admin publishes an announcement; an employee sees it as new until opened", async ({ page, browser, javaScriptEnabled }) => {
  const admin = newAccount();
  grantRole(admin, "agency_admin");
  await firstSignIn(page, javaScriptEnabled, admin);
  await page.goto("/announcements");
  await page.getByTestId("notice-new").click();
  await expect(page).toHaveURL(/\/announcements\/new$/);
  await ready(page, javaScriptEnabled);
  const title = `Apel pagi ${admin.nip}`;
  await page.getByLabel("Judul").fill(title);
  await page.getByLabel(/^Isi/).fill("Apel pagi hari **Senin** pukul 07.30.\n\n<script>alert(1)</script>");
  await page.getByLabel("Untuk").selectOption({ label: "Instansi Uji" });
  await page.getByTestId("notice-submit").click();
  await expect(page).toHaveURL(/\/announcements\/\d+$/);
  const body = page.getByTestId("notice-body");
  await expect(body.locator("strong")).toHaveText("Senin");
  // Raw HTML in the text is shown, never run.
  await expect(body).toContainText("<script>alert(1)</script>");

  const readerContext = await browser.newContext({ javaScriptEnabled, viewport: page.viewportSize()! });
  const reader = await readerContext.newPage();
  await firstSignIn(reader, javaScriptEnabled, newAccount());
  await expect(reader.getByTestId("tile-count")).toBeVisible();
  await reader.getByTestId("own-services").getByRole("link", { name: /Pengumuman/ }).click();
  const row = reader.getByTestId("notices").locator("li", { hasText: title });
  await expect(row).toHaveAttribute("data-unread", "true");
  await row.getByRole("link").click();
  await expect(reader.getByTestId("notice")).toContainText(title);
  await reader.goto("/announcements");
  await expect(reader.getByTestId("notices").locator("li", { hasText: title })).toHaveAttribute("data-unread", "false");
  // An employee may not publish.
  await expect(reader.getByTestId("notice-new")).toHaveCount(0);
  await reader.goto("/announcements/new");
  await expect(reader.getByTestId("forbidden")).toBeVisible();
  await readerContext.close();
});
