import { test, expect, ready, newAccount, firstSignIn } from "./fixtures";

/** A small PDF made on the fly: the header is what the server checks. */
function pdf(): Buffer {
  return Buffer.concat([Buffer.from("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"), Buffer.alloc(4096, 0x20), Buffer.from("\n%%EOF\n")]);
}

test("an employee uploads a diploma on a phone, finds it in the cabinet and sees who opened it", async ({ page, javaScriptEnabled }) => {
  await firstSignIn(page, javaScriptEnabled, newAccount());
  await page.getByTestId("own-services").getByRole("link", { name: /Dokumen/ }).click();
  await expect(page).toHaveURL(/\/documents$/);
  await ready(page, javaScriptEnabled);
  await expect(page.getByTestId("upload")).toContainText("PDF, JPEG atau PNG, paling besar 10 MB");

  await page.getByTestId("upload-type").selectOption("IJAZAH");
  await page.getByTestId("upload-title").fill("Ijazah S1 Teknik Informatika");
  await page.getByTestId("upload-file").setInputFiles({ name: "ijazah.pdf", mimeType: "application/pdf", buffer: pdf() });
  await page.getByTestId("upload-submit").click();
  await expect(page).toHaveURL(/\/documents\/\d+\?uploaded=1$/);
  await expect(page.getByTestId("upload-ok")).toHaveText("Dokumen tersimpan.");
  await expect(page.getByTestId("document-title")).toHaveText("Ijazah S1 Teknik Informatika");
  await expect(page.getByText("Belum pernah dilihat atau diunduh.")).toBeVisible();

  // Downloading records an access, shown the next time the page opens.
  const href = await page.getByTestId("document-download").getAttribute("href");
  const response = await page.request.get(href!);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect((await response.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await page.reload();
  await expect(page.getByTestId("access-history").locator("li")).toHaveCount(1);
  await expect(page.getByTestId("access-history")).toContainText("(pemilik) mengunduh");

  await page.getByRole("link", { name: "Kembali ke Lemari Digital" }).click();
  await expect(page.getByTestId("documents").first()).toContainText("Ijazah S1 Teknik Informatika");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("a program disguised as a PDF is refused with a reason", async ({ page, javaScriptEnabled }) => {
  await firstSignIn(page, javaScriptEnabled, newAccount());
  await page.goto("/documents");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("upload-type").selectOption("IJAZAH");
  await page.getByTestId("upload-title").fill("Ijazah");
  const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(512, 0x90)]);
  await page.getByTestId("upload-file").setInputFiles({ name: "ijazah.pdf", mimeType: "application/pdf", buffer: exe });
  await page.getByTestId("upload-submit").click();
  await expect(page).toHaveURL(/\/documents\?error=unsupported_content$/);
  await expect(page.getByTestId("upload-error")).toContainText("bukan PDF, JPEG atau PNG");
});

test("a new version replaces a document, the earlier one stays listed, and the owner can delete their upload", async ({ page, javaScriptEnabled }) => {
  await firstSignIn(page, javaScriptEnabled, newAccount());
  await page.goto("/documents");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("upload-type").selectOption("DIKLAT");
  await page.getByTestId("upload-title").fill("Sertifikat Latsar CPNS");
  await page.getByTestId("upload-file").setInputFiles({ name: "latsar.pdf", mimeType: "application/pdf", buffer: pdf() });
  await page.getByTestId("upload-submit").click();
  await expect(page.getByTestId("upload-ok")).toBeVisible();
  await ready(page, javaScriptEnabled);

  await page.getByTestId("replace-file").setInputFiles({ name: "latsar-legalisir.pdf", mimeType: "application/pdf", buffer: pdf() });
  await page.getByTestId("replace-submit").click();
  await expect(page.getByTestId("upload-ok")).toBeVisible();
  await expect(page.getByTestId("versions")).toContainText("latsar.pdf");
  await ready(page, javaScriptEnabled);

  await page.getByTestId("delete").click();
  await expect(page).toHaveURL(/\/documents\?deleted=1$/);
  await expect(page.getByTestId("deleted-ok")).toBeVisible();
  await expect(page.getByText("Sertifikat Latsar CPNS")).toHaveCount(0);
});

test("a slow upload shows its progress, then opens the document @hydrated", async ({ page, context }) => {
  await firstSignIn(page, true, newAccount());
  await page.goto("/documents");
  await ready(page, true);
  // About 2 s for 1 MB: slow enough to watch the bar move.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
  const big = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(1024 * 1024, 0x41)]);
  await page.getByTestId("upload-type").selectOption("IJAZAH");
  await page.getByTestId("upload-title").fill("Ijazah (pindaian besar)");
  await page.getByTestId("upload-file").setInputFiles({ name: "besar.pdf", mimeType: "application/pdf", buffer: big });
  await page.getByTestId("upload-submit").click();
  const bar = page.getByTestId("upload-progress");
  await expect(bar).toBeVisible();
  await expect.poll(async () => Number(await bar.getAttribute("value")), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId("upload-submit")).toBeDisabled();
  await expect(page).toHaveURL(/\/documents\/\d+\?uploaded=1$/, { timeout: 30_000 });
  await expect(page.getByTestId("document-title")).toHaveText("Ijazah (pindaian besar)");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
});
