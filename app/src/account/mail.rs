//! The account's mail, Indonesian first: an e-mail correction's
//! confirmation to the new address, the way to stop it to the old one, and
//! the notice once it changed.

use crate::domain::Email;
use crate::mail::outbox::Mail;

pub fn confirm(to: Email, name: &str, reason: &str, link: &str) -> Mail {
    let text = format!(
        "Yth. {name},\n\nPetugas BKPSDM ingin menjadikan alamat ini e-mail terdaftar akun Portal ASN Anda \
         (alasan: {reason}). Perubahan berlaku hanya setelah Anda mengonfirmasinya dalam 3 hari:\n{link}\n\
         Jika Anda tidak mengenal permintaan ini, abaikan e-mail ini; tidak ada yang berubah.\n\n---\n\n\
         Dear {name},\n\nAn HR officer (BKPSDM) wants this address to become the registered e-mail of your ASN \
         Portal account (reason: {reason}). The change takes effect only once you confirm it within 3 days:\n\
         {link}\nIf you do not know of this request, ignore this e-mail; nothing changes.\n"
    );
    Mail::new(to, "Konfirmasi e-mail Portal ASN / Confirm your ASN Portal e-mail", text, None)
}

pub fn objection(to: Email, name: &str, masked_new: &str, reason: &str, link: &str) -> Mail {
    let text = format!(
        "Yth. {name},\n\nPetugas BKPSDM meminta agar e-mail terdaftar akun Portal ASN Anda diganti menjadi \
         {masked_new} (alasan: {reason}). Kode reset kata sandi akan dikirim ke alamat baru itu setelah alamat \
         tersebut mengonfirmasi. Jika Anda tidak meminta perubahan ini, hentikan sekarang:\n{link}\n\
         lalu hubungi BKPSDM instansi Anda.\n\n---\n\n\
         Dear {name},\n\nAn HR officer (BKPSDM) asked to change the registered e-mail of your ASN Portal account \
         to {masked_new} (reason: {reason}). Password reset codes will go to that address once it confirms. If you \
         did not ask for this, stop it now:\n{link}\nthen contact your agency's HR office (BKPSDM).\n"
    );
    Mail::new(to, "Permintaan ganti e-mail Portal ASN / ASN Portal e-mail change requested", text, None)
}

pub fn changed(to: Email, name: &str, masked_new: &str) -> Mail {
    let text = format!(
        "Yth. {name},\n\nE-mail terdaftar akun Portal ASN Anda kini {masked_new}; pemberitahuan berikutnya dikirim \
         ke sana. Jika Anda tidak mengetahui perubahan ini, segera hubungi BKPSDM instansi Anda.\n\n---\n\n\
         Dear {name},\n\nThe registered e-mail of your ASN Portal account is now {masked_new}; further notices go \
         there. If you do not know of this change, contact your agency's HR office (BKPSDM) at once.\n"
    );
    Mail::new(to, "E-mail Portal ASN diganti / Your ASN Portal e-mail was changed", text, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_address_hears_only_the_masked_new_one_and_gets_the_stop_link() {
        let mail = objection(
            Email::parse("old@x.go.id").unwrap(),
            "Budi",
            &super::super::email_change::mask("budi.s@y.go.id"),
            "Typo",
            "https://p/email/object?token=ab",
        );
        assert_eq!(mail.to().as_str(), "old@x.go.id");
        let text = mail.text();
        assert!(text.contains("b***@y.go.id") && !text.contains("budi.s@"), "{text}");
        assert!(text.contains("https://p/email/object?token=ab") && text.contains("alasan: Typo"), "{text}");
    }
}
