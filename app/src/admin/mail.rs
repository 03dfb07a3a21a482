//! What an admin action tells the employee by e-mail, Indonesian first.
//! Each mail says what changed, the admin's reason, and where to turn if
//! the employee did not ask for it. None carries a password or a code.

use super::model::{AccountAction, Reason};
use crate::domain::Email;
use crate::mail::outbox::Mail;

/// The sentence of each action, in Indonesian and English.
fn what(action: AccountAction) -> (&'static str, &'static str, &'static str) {
    match action {
        AccountAction::Unlock => (
            "Akun Portal ASN Anda dibuka kuncinya / Your ASN Portal account was unlocked",
            "Kunci akun Portal ASN Anda telah dibuka oleh petugas BKPSDM. Anda dapat masuk kembali.",
            "Your ASN Portal account was unlocked by an HR officer (BKPSDM). You can sign in again.",
        ),
        AccountAction::Disable => (
            "Akun Portal ASN Anda dinonaktifkan / Your ASN Portal account was disabled",
            "Akun Portal ASN Anda telah dinonaktifkan oleh petugas BKPSDM dan semua sesi diakhiri.",
            "Your ASN Portal account was disabled by an HR officer (BKPSDM) and every session ended.",
        ),
        AccountAction::Enable => (
            "Akun Portal ASN Anda diaktifkan kembali / Your ASN Portal account was enabled again",
            "Akun Portal ASN Anda telah diaktifkan kembali oleh petugas BKPSDM.",
            "Your ASN Portal account was enabled again by an HR officer (BKPSDM).",
        ),
        AccountAction::EndSessions => (
            "Semua sesi Portal ASN Anda diakhiri / Every ASN Portal session of yours was ended",
            "Petugas BKPSDM telah mengakhiri semua sesi akun Portal ASN Anda. Silakan masuk kembali.",
            "An HR officer (BKPSDM) ended every session of your ASN Portal account. Please sign in again.",
        ),
        AccountAction::ForcePasswordChange => (
            "Ganti kata sandi Portal ASN Anda / Change your ASN Portal password",
            "Petugas BKPSDM meminta Anda mengganti kata sandi. Semua sesi diakhiri; saat masuk berikutnya \
             Anda akan diminta membuat kata sandi baru.",
            "An HR officer (BKPSDM) asked you to change your password. Every session ended; at your next \
             sign-in you will be asked to choose a new password.",
        ),
        AccountAction::CorrectEmail => (
            "E-mail akun Portal ASN Anda diubah / The e-mail of your ASN Portal account was changed",
            "Alamat e-mail terdaftar akun Portal ASN Anda telah diubah oleh petugas BKPSDM.",
            "The registered e-mail address of your ASN Portal account was changed by an HR officer (BKPSDM).",
        ),
        AccountAction::ResetAuthenticator => (
            "Autentikator akun Portal ASN direset / Your ASN Portal authenticator was reset",
            "Autentikator akun Portal ASN Anda telah direset.",
            "The authenticator of your ASN Portal account was reset.",
        ),
    }
}

/// The notice of `action` to the employee.
pub fn notice(action: AccountAction, to: Email, name: &str, reason: &Reason, extra: Option<(&str, &str)>) -> Mail {
    let (subject, id, en) = what(action);
    let (extra_id, extra_en) =
        extra.map_or((String::new(), String::new()), |(i, e)| (format!("{i}\n"), format!("{e}\n")));
    let r = reason.as_str();
    let text = format!(
        "Yth. {name},\n\n{id}\n{extra_id}Alasan: {r}\n\
         Jika Anda tidak mengetahui perubahan ini, segera hubungi BKPSDM instansi Anda.\n\n---\n\n\
         Dear {name},\n\n{en}\n{extra_en}Reason: {r}\n\
         If you do not know of this change, contact your agency's HR office (BKPSDM) at once.\n"
    );
    Mail::new(to, subject, text, None)
}

/// The notice to the employee that a national admin granted or revoked a
/// role of theirs: a role gives power over others, so its holder hears of
/// every change (a role granted to a stolen account alerts its owner).
pub fn role_notice(granted: bool, role: crate::org::Role, to: Email, name: &str, reason: &Reason) -> Mail {
    let (role_id, role_en) = match role {
        crate::org::Role::Pybmc => ("pejabat yang berwenang (PyB)", "authorised official (PyB)"),
        crate::org::Role::AgencyAdmin => ("admin instansi (BKPSDM)", "agency admin (BKPSDM)"),
        _ => ("admin nasional", "national admin"),
    };
    let (subject, id, en) = if granted {
        (
            "Peran baru di Portal ASN / A new role on the ASN Portal",
            format!("Admin nasional memberi Anda peran {role_id} di Portal ASN."),
            format!("A national admin granted you the role of {role_en} on the ASN Portal."),
        )
    } else {
        (
            "Peran Portal ASN dicabut / An ASN Portal role was revoked",
            format!("Admin nasional mencabut peran {role_id} Anda di Portal ASN."),
            format!("A national admin revoked your role of {role_en} on the ASN Portal."),
        )
    };
    let r = reason.as_str();
    let text = format!(
        "Yth. {name},\n\n{id}\nAlasan: {r}\n\
         Jika Anda tidak mengetahui perubahan ini, segera hubungi BKPSDM instansi Anda.\n\n---\n\n\
         Dear {name},\n\n{en}\nReason: {r}\n\
         If you do not know of this change, contact your agency's HR office (BKPSDM) at once.\n"
    );
    Mail::new(to, subject, text, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_carry_the_reason_in_both_languages() {
        let reason = Reason::parse("Ganti ponsel, laporan 12/XI").unwrap();
        let mail = notice(AccountAction::Unlock, Email::parse("a@x.go.id").unwrap(), "Siti", &reason, None);
        let text = mail.text();
        assert!(text.contains("Alasan: Ganti ponsel") && text.contains("Reason: Ganti ponsel"), "{text}");
    }

    #[test]
    fn a_role_notice_names_the_role_and_the_reason_in_both_languages() {
        let reason = Reason::parse("SK penunjukan PyB 800/12").unwrap();
        let to = Email::parse("a@x.go.id").unwrap();
        let granted = role_notice(true, crate::org::Role::Pybmc, to.clone(), "Siti", &reason);
        let granted = granted.text();
        assert!(granted.contains("memberi Anda peran pejabat yang berwenang (PyB)"), "{granted}");
        assert!(granted.contains("granted you the role of authorised official (PyB)"), "{granted}");
        assert!(granted.contains("Alasan: SK penunjukan") && granted.contains("Reason: SK penunjukan"), "{granted}");
        let revoked = role_notice(false, crate::org::Role::AgencyAdmin, to, "Siti", &reason);
        let revoked = revoked.text();
        assert!(revoked.contains("mencabut peran admin instansi (BKPSDM)"), "{revoked}");
        assert!(revoked.contains("revoked your role of agency admin (BKPSDM)"), "{revoked}");
    }
}
