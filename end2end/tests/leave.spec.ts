import { test, expect, ready, newAccount, firstSignIn, grantRole, cli } from "./fixtures";

/** The first Monday of March next year, and the Wednesday after it. */
function nextMarchWeek(): { year: number; start: string; end: string } {
  const year = new Date().getFullYear() + 1;
  const day = new Date(Date.UTC(year, 2, 1));
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() + 1);
  const start = day.toISOString().slice(0, 10);
  day.setUTCDate(day.getUTCDate() + 2);
  return { year, start, end: day.toISOString().slice(0, 10) };
}

test("an employee requests annual leave, the supervisor and the official approve it on desktop, and the letter verifies", async ({ page, browser, javaScriptEnabled }) => {
  const official = newAccount();
  grantRole(official, "pybmc");
  const supervisor = newAccount();
  const employee = newAccount({ supervisor });
  const { year, start, end } = nextMarchWeek();
  cli("leave", "roll-over", "--year", String(year));

  // The employee, on this project's device (a phone in the phone projects).
  await firstSignIn(page, javaScriptEnabled, employee);
  await page.goto("/leave");
  await ready(page, javaScriptEnabled);
  const form = page.getByTestId("leave-form");
  await form.getByLabel("Jenis cuti").selectOption("annual");
  await form.getByLabel("Mulai tanggal").fill(start);
  await form.getByLabel("Sampai dengan").fill(end);
  if (javaScriptEnabled) {
    // Counted as typed: Monday to Wednesday.
    await expect(page.getByTestId("leave-length")).toContainText("3 hari kerja");
  }
  await form.getByLabel("Alasan cuti").fill("Menghadiri pernikahan adik");
  await form.getByLabel("Alamat selama menjalankan cuti").fill("Jl. Malioboro No. 1, Yogyakarta");
  await form.getByLabel("Telepon selama cuti").fill("0812 3456 7890");
  await page.getByTestId("leave-submit").click();
  await expect(page).toHaveURL(/\/leave\/\d+$/);
  const request = page.getByTestId("leave-request");
  await expect(request).toHaveAttribute("data-status", "awaiting_supervisor");
  const url = page.url();

  // The supervisor, then the official, each on a desktop.
  for (const [approver, list] of [[supervisor, "to-consider"], [official, "to-decide"]] as const) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 800 } });
    const desk = await context.newPage();
    await firstSignIn(desk, javaScriptEnabled, approver);
    await desk.goto("/leave/inbox");
    await ready(desk, javaScriptEnabled);
    // Officials of the agency see every test's requests: find this one by its NIP.
    const item = desk.getByTestId(list).getByTestId("leave-item").filter({ hasText: employee.grouped });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText("Cuti tahunan");
    await item.getByTestId("outcome-approved").check();
    await item.getByTestId("verdict-send").click();
    await expect(desk.getByTestId(list).getByTestId("leave-item").filter({ hasText: employee.grouped })).toHaveCount(0);
    await context.close();
  }

  // The employee sees it approved, with the timeline and the letter.
  await page.goto(url);
  await ready(page, javaScriptEnabled);
  await expect(request).toHaveAttribute("data-status", "approved");
  await expect(page.getByTestId("decision")).toContainText("DISETUJUI");
  await expect(page.getByTestId("timeline")).toContainText("Pertimbangan atasan: DISETUJUI");
  const download = page.getByTestId("letter-download");
  await expect(download).toBeVisible();
  const letter = await page.request.get((await download.getAttribute("href"))!);
  expect(letter.status()).toBe(200);
  expect(letter.headers()["content-type"]).toBe("application/pdf");
  const pdf = await letter.body();
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");

  // The verification page (public) says the file is the letter issued.
  await page.getByTestId("letter-verify").click();
  await expect(page).toHaveURL(/\/verify\/[0-9A-F]{24}$/);
  await ready(page, javaScriptEnabled);
  await expect(page.getByTestId("verify-result")).toHaveAttribute("data-valid", "true");
  await page.getByTestId("verify-file-form").locator("input[type=file]").setInputFiles({ name: "surat.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByTestId("verify-file-form").getByRole("button", { name: "Periksa berkas" }).click();
  await expect(page.getByTestId("file-authentic")).toBeVisible();
});
