//! Security mail about the employee's authenticators, Indonesian first.
//! They name the device the user chose and nothing secret.

use crate::domain::Email;
use crate::mail::outbox::Mail;

pub fn device_added(to: Email, name: &str, device: &str) -> Mail {
    let text = format!(
        "Yth. {name},\n\n\
         Autentikator baru \"{device}\" telah ditambahkan ke akun Portal ASN Anda.\n\
         Jika ini bukan Anda, segera ubah kata sandi, hapus autentikator itu di halaman Keamanan akun, \
         dan hubungi BKPSDM instansi Anda.\n\n\
         ---\n\n\
         Dear {name},\n\n\
         A new authenticator \"{device}\" was added to your ASN Portal account.\n\
         If this was not you, change your password at once, remove that authenticator on the Account security \
         page, and contact your agency's HR office (BKPSDM).\n"
    );
    Mail::new(to, "Autentikator baru ditambahkan / New authenticator added", text, None)
}

pub fn device_removed(to: Email, name: &str) -> Mail {
    let text = format!(
        "Yth. {name},\n\n\
         Sebuah autentikator telah dihapus dari akun Portal ASN Anda.\n\
         Jika ini bukan Anda, segera ubah kata sandi dan hubungi BKPSDM instansi Anda.\n\n\
         ---\n\n\
         Dear {name},\n\n\
         An authenticator was removed from your ASN Portal account.\n\
         If this was not you, change your password at once and contact your agency's HR office (BKPSDM).\n"
    );
    Mail::new(to, "Autentikator dihapus / Authenticator removed", text, None)
}

pub fn signed_in(to: Email, name: &str, device: &str) -> Mail {
    let text = format!(
        "Yth. {name},\n\n\
         Ada yang baru saja masuk ke akun Portal ASN Anda: {device}.\n\
         Jika ini bukan Anda, buka Sesi aktif untuk mengakhiri sesi itu, lalu ubah kata sandi.\n\n\
         ---\n\n\
         Dear {name},\n\n\
         Someone just signed in to your ASN Portal account: {device}.\n\
         If this was not you, end that session on the Active sessions page, then change your password.\n"
    );
    Mail::new(to, "Masuk baru ke akun Anda / New sign-in to your account", text, None)
}

/// An agency admin reset the authenticators. It names no device and no code.
pub fn authenticators_reset(to: Email, name: &str, reason: Option<&str>) -> Mail {
    let (alasan, because) = match reason {
        Some(r) => (format!("Alasan: {r}\n"), format!("Reason: {r}\n")),
        None => (String::new(), String::new()),
    };
    let text = format!(
        "Yth. {name},\n\n\
         Autentikator (aplikasi kode sekali pakai) akun Portal ASN Anda telah direset oleh petugas BKPSDM. \
         Saat masuk berikutnya Anda akan diminta mendaftarkan autentikator baru.\n{alasan}\
         Jika Anda tidak meminta reset ini, segera hubungi BKPSDM instansi Anda.\n\n\
         ---\n\n\
         Dear {name},\n\n\
         The authenticator (one-time code app) of your ASN Portal account was reset by an HR officer (BKPSDM). \
         At your next sign-in you will be asked to set up a new one.\n{because}\
         If you did not ask for this, contact your agency's HR office (BKPSDM) at once.\n"
    );
    Mail::new(to, "Autentikator akun Portal ASN direset / Your ASN Portal authenticator was reset", text, None)
}
