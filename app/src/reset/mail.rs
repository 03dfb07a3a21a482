//! The wizard's mail, Indonesian first, plain text plus HTML. Names and
//! codes go into bodies only (escaped in HTML); the subject is fixed text.

use super::model::Purpose;
use crate::domain::Email;
use crate::mail::outbox::Mail;

use crate::ui::html::escape;

pub fn code_mail(to: Email, name: &str, code: &str, minutes: i64, purpose: Purpose) -> Mail {
    let (what_id, what_en) = match purpose {
        Purpose::Password => ("mengatur kata sandi baru", "set a new password"),
        Purpose::Authenticator => ("menghapus autentikator yang hilang", "remove a lost authenticator"),
    };
    let text = format!(
        "Yth. {name},\n\n\
         Kode untuk {what_id} di Portal ASN:\n\n    {code}\n\n\
         Kode berlaku {minutes} menit dan hanya dapat dipakai sekali.\n\
         Bukan Anda? Abaikan e-mail ini; akun Anda tidak berubah. Jangan berikan kode ini kepada siapa pun, \
         termasuk petugas.\n\n\
         ---\n\n\
         Dear {name},\n\n\
         Your code to {what_en} on the ASN Portal:\n\n    {code}\n\n\
         It is valid for {minutes} minutes and works once.\n\
         This wasn't you? Ignore this e-mail; your account has not changed. Never give this code to anyone, \
         officers included.\n"
    );
    let n = escape(name);
    let html = format!(
        "<p>Yth. {n},</p><p>Kode untuk {what_id} di Portal ASN:</p><p style=\"font-size:1.6em;letter-spacing:.2em\"><b>{code}</b></p>\
         <p>Kode berlaku {minutes} menit dan hanya dapat dipakai sekali.<br>Bukan Anda? Abaikan e-mail ini; akun Anda tidak berubah. \
         Jangan berikan kode ini kepada siapa pun, termasuk petugas.</p><hr>\
         <p>Dear {n},</p><p>Your code to {what_en} on the ASN Portal:</p><p style=\"font-size:1.6em;letter-spacing:.2em\"><b>{code}</b></p>\
         <p>It is valid for {minutes} minutes and works once.<br>This wasn't you? Ignore this e-mail; your account has not changed. \
         Never give this code to anyone, officers included.</p>"
    );
    Mail::new(to, "Kode Portal ASN / ASN Portal code", text, Some(html))
}

pub fn done_mail(to: Email, name: &str, purpose: Purpose) -> Mail {
    let (subject, id, en) = match purpose {
        Purpose::Password => (
            "Kata sandi Portal ASN diubah / ASN Portal password changed",
            "Kata sandi akun Portal ASN Anda baru saja diatur ulang, dan semua sesi diakhiri.",
            "The password of your ASN Portal account was just reset, and every session was ended.",
        ),
        Purpose::Authenticator => (
            "Autentikator Portal ASN dihapus / ASN Portal authenticator removed",
            "Autentikator akun Portal ASN Anda baru saja dihapus atas permintaan Anda; pasang yang baru saat masuk.",
            "The authenticator of your ASN Portal account was just removed at your request; set up a new one when you sign in.",
        ),
    };
    let text = format!(
        "Yth. {name},\n\n{id}\nBukan Anda? Segera hubungi BKPSDM instansi Anda.\n\n---\n\nDear {name},\n\n{en}\n\
         This wasn't you? Contact your agency's HR office (BKPSDM) at once.\n"
    );
    Mail::new(to, subject, text, None)
}
