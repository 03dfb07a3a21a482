import { test, expect, ready, newAccount, firstSignIn, grantRole } from "./fixtures";

test("an employee proposes a missing diploma with evidence; the agency admin accepts it and My data shows it", async ({ page, browser, javaScriptEnabled }) => {
  const employee = newAccount();
  const admin = newAccount();
  grantRole(admin, "agency_admin");

  await firstSignIn(page, javaScriptEnabled, employee);
  // The evidence goes into the cabinet first.
  await page.goto("/documents");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("upload-type").selectOption("IJAZAH");
  await page.getByTestId("upload-title").fill("Ijazah S2 UGM");
  const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(2048, 0x20)]);
  await page.getByTestId("upload-file").setInputFiles({ name: "ijazah-s2.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByTestId("upload-submit").click();
  await expect(page.getByTestId("upload-ok")).toBeVisible();

  await page.goto("/my-data");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("corrections-link").click();
  await expect(page).toHaveURL(/\/my-data\/corrections$/);
  await ready(page, javaScriptEnabled);
  const form = page.getByTestId("correction-education");
  await form.locator("select[name=level]").selectOption("s2");
  await form.locator("input[name=institution]").fill("Universitas Gadjah Mada");
  await form.locator("input[name=year]").fill("2016");
  await form.locator("select[name=evidence]").selectOption({ label: "Ijazah S2 UGM" });
  await form.getByRole("button", { name: "Ajukan" }).click();
  await expect(page.getByTestId("correction-sent")).toBeVisible();
  await expect(page.getByTestId("my-corrections")).toContainText("Menunggu verifikasi");

  // The admin, in another browser, finds it on the dashboard and accepts it.
  const other = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 740 } });
  const adminPage = await other.newPage();
  await firstSignIn(adminPage, javaScriptEnabled, admin);
  await adminPage.getByTestId("pending-corrections").getByRole("link").click();
  await expect(adminPage).toHaveURL(/\/corrections$/);
  await ready(adminPage, javaScriptEnabled);
  const request = adminPage.getByTestId("correction").filter({ hasText: "Universitas Gadjah Mada" });
  await expect(request).toContainText("S2 Universitas Gadjah Mada (2016)");
  await request.getByTestId("accept").click();
  await expect(adminPage.getByTestId("correction").filter({ hasText: "Universitas Gadjah Mada" })).toHaveCount(0);
  await other.close();

  await page.reload();
  await expect(page.getByTestId("my-corrections")).toContainText("Diterima");
  await page.goto("/my-data");
  await expect(page.getByTestId("my-data").locator("..")).toContainText("Universitas Gadjah Mada");
});
