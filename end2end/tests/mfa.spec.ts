import {
  test, expect, DASHBOARD, ready, newAccount, submitSignIn, enrol, enterCode, firstSignIn, freshCode,
  OPERATOR_PASSWORD, OWN_PASSWORD,
} from "./fixtures";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import * as OTPAuth from "otpauth";

test("enrols by scanning the QR code, then signs out and back in with a code", async ({ page, javaScriptEnabled, pageErrors }) => {
  const account = newAccount();
  await page.goto("/sign-in");
  await ready(page, javaScriptEnabled);
  await submitSignIn(page, account.grouped, OPERATOR_PASSWORD);
  await expect(page).toHaveURL(/\/sign-in\/enrol\?next=\/dashboard$/);
  await expect(page.getByRole("img", { name: "Kode QR untuk aplikasi autentikator" })).toBeVisible();
  await expect(page.getByText("Google Authenticator").first()).toBeVisible();

  // Read the QR code as a phone camera would: from pixels, not from the text key.
  const shot = PNG.sync.read(await page.getByTestId("totp-qr").screenshot());
  const decoded = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
  expect(decoded, "the QR code decodes").not.toBeNull();
  const totp = OTPAuth.URI.parse(decoded!.data);
  expect(totp).toBeInstanceOf(OTPAuth.TOTP);
  expect(decoded!.data).toMatch(/^otpauth:\/\/totp\/Portal%20ASN:\d{18}\?secret=[A-Z2-7]{32}&issuer=Portal%20ASN&/);
  expect((totp as OTPAuth.TOTP).issuer).toBe("Portal ASN");
  expect((totp as OTPAuth.TOTP).label).toBe(account.nip);
  expect([totp.algorithm, totp.digits, (totp as OTPAuth.TOTP).period]).toEqual(["SHA1", 6, 30]);
  expect(totp.secret.bytes.length).toBe(20);
  account.secret = totp.secret.base32;
  // The text key for typing by hand is the same seed.
  expect((await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "")).toBe(account.secret);

  await enrol(page, javaScriptEnabled, account);
  await expect(page).toHaveURL(/\/account\/password\?next=\/dashboard$/);
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill(OWN_PASSWORD);
  await page.getByLabel("Ulangi kata sandi baru").fill(OWN_PASSWORD);
  await page.getByTestId("password-submit").click();
  await expect(page).toHaveURL(DASHBOARD);
  await ready(page, javaScriptEnabled);
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in$/);

  // Back in: password, then a code; nothing opens in between.
  await ready(page, javaScriptEnabled);
  await submitSignIn(page, account.grouped, OWN_PASSWORD);
  await expect(page).toHaveURL(/\/sign-in\/otp\?next=\/dashboard$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\/otp\?next=\/dashboard$/);
  await ready(page, javaScriptEnabled);
  const used = account.lastStep;
  const right = await freshCode(account);
  account.lastStep = used; // that code was never sent: still usable below
  await page.getByLabel("Kode sekali pakai").fill(String((Number(right) + 500_000) % 1_000_000).padStart(6, "0"));
  await page.getByTestId("otp-submit").click();
  await expect(page.getByTestId("otp-error")).toContainText("Kode salah");
  await page.goto("/sign-in/otp?next=/dashboard");
  await enterCode(page, javaScriptEnabled, account);
  await expect(page).toHaveURL(DASHBOARD);
  await expect(page.getByTestId("dashboard")).toContainText(account.grouped);
  // The one 400 is the wrong code's answer, which the browser logs.
  expect(pageErrors.filter((e) => !e.includes("status of 400"))).toEqual([]);
});

test("the security page lists the authenticator and makes new recovery codes", async ({ page, javaScriptEnabled }) => {
  const account = newAccount();
  await firstSignIn(page, javaScriptEnabled, account);
  await page.getByRole("link", { name: "Keamanan akun" }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await ready(page, javaScriptEnabled);
  await expect(page.getByTestId("device")).toHaveCount(1);
  await expect(page.getByTestId("device")).toContainText("Ponsel uji");
  await expect(page.getByTestId("recovery-left")).toHaveText("10");
  // The last authenticator cannot be removed.
  await page.getByTestId("remove-device").click();
  await expect(page.getByTestId("remove-error")).toContainText("Autentikator terakhir tidak dapat dihapus");
  await page.goto("/account/security");
  await ready(page, javaScriptEnabled);
  await page.locator("#regenerate-code").fill(await freshCode(account));
  await page.getByTestId("regenerate").click();
  await expect(page).toHaveURL(/\/account\/recovery-codes\?next=%2Faccount%2Fsecurity$/);
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  await ready(page, javaScriptEnabled);
  await page.getByTestId("recovery-saved").click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByTestId("recovery-left")).toHaveText("10");
});
