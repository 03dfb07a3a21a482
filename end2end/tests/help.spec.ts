import { test, expect, ready, newAccount, firstSignIn, grantRole } from "./fixtures";

// An agency admin enters the agency's HR office contact in the console; an
// employee who cannot sign in finds it from the sign-in page's help link,
// then the answers to the usual problems. Plain forms: the same with and
// without JavaScript, at phone and desktop widths.
test("the console keeps the BKPSDM contact and the help page shows it to anyone", async ({ page, browser }, testInfo) => {
  const javaScriptEnabled = testInfo.project.use.javaScriptEnabled !== false;
  const admin = newAccount();
  grantRole(admin, "agency_admin");
  await firstSignIn(page, javaScriptEnabled, admin);
  await page.goto("/admin/contact");
  await ready(page, javaScriptEnabled);
  // The projects run side by side on one agency: each saves its own number,
  // and reads any project's.
  const whatsapp = `0812${admin.nip.slice(-8)}`;
  const anyNumber = /0812\d{8}/;
  const fill = async (email: string) => {
    await page.getByLabel("Nama unit layanan").fill("BKPSDM Instansi Uji");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("WhatsApp").fill(whatsapp);
    await page.getByTestId("contact-save").click();
  };
  await fill("bukan alamat");
  await expect(page.getByTestId("contact-error")).toContainText("Alamat e-mail tidak valid");
  await ready(page, javaScriptEnabled);
  await fill("layanan.bkpsdm@uji.example");
  await expect(page.getByTestId("contact-card").getByTestId("bkpsdm-contact")).toContainText(anyNumber);
  if (javaScriptEnabled) await expect(page.getByTestId("contact-saved")).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);

  // Signed out: from the sign-in page to the help page, then the agency.
  const guest = await browser.newContext({ javaScriptEnabled, viewport: page.viewportSize()! });
  const visitor = await guest.newPage();
  await visitor.goto("/sign-in");
  await visitor.getByTestId("sign-in-help").click();
  await expect(visitor).toHaveURL(/\/help$/);
  await ready(visitor, javaScriptEnabled);
  await visitor.getByTestId("help-agency").selectOption("E2E");
  await visitor.getByRole("button", { name: "Tampilkan kontak" }).click();
  const contact = visitor.getByTestId("bkpsdm-contact");
  await expect(contact).toContainText("BKPSDM Instansi Uji");
  await expect(contact.getByRole("link", { name: "layanan.bkpsdm@uji.example" })).toHaveAttribute("href", "mailto:layanan.bkpsdm@uji.example");
  await expect(contact.getByRole("link", { name: anyNumber })).toHaveAttribute("href", /^https:\/\/wa\.me\/62812\d{8}$/);
  await expect(visitor.getByTestId("help-clock")).toContainText("jam ponsel");
  const visitorWidth = await visitor.evaluate(() => document.documentElement.scrollWidth);
  expect(visitorWidth).toBeLessThanOrEqual(visitor.viewportSize()!.width);
  await guest.close();

  // Signed in, the employee's own data page names the same office.
  await page.goto("/my-data");
  await expect(page.getByTestId("bkpsdm-contact")).toContainText(anyNumber);
});
