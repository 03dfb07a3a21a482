//! The message catalogue. One line per message: key, Indonesian, English.

use super::Lang;

macro_rules! messages {
    ($($key:ident => $id:literal, $en:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Id) => $id, (Msg::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

impl Msg {
    /// Messages that read the same in both languages on purpose.
    pub fn is_language_neutral(self) -> bool {
        matches!(self, Msg::BrandName)
    }
}

messages! {
    BrandName => "ASN Portal", "ASN Portal";
    BrandTagline => "Layanan kepegawaian ASN dalam satu pintu", "Civil-service personnel services in one place";
    SkipToContent => "Lewati ke konten", "Skip to content";
    LanguageLabel => "Bahasa", "Language";
    MainNavigation => "Navigasi utama", "Main navigation";
    NavHome => "Beranda", "Home";
    NavMyData => "Data Saya", "My data";
    NavLeave => "Cuti", "Leave";
    NavAttendance => "Presensi", "Attendance";
    NavDocuments => "Dokumen", "Documents";
    NavAnnouncements => "Pengumuman", "Announcements";
    NavMyDataShort => "Data", "My data";
    NavLeaveShort => "Cuti", "Leave";
    NavAttendanceShort => "Presensi", "Attend.";
    NavDocumentsShort => "Dokumen", "Docs";
    NavAnnouncementsShort => "Info", "News";
    ComingSoon => "Segera hadir", "Coming soon";
    SignIn => "Masuk", "Sign in";
    HomeTitle => "Beranda", "Home";
    HomeWelcome => "Selamat datang di Portal ASN", "Welcome to the ASN Portal";
    HomeIntro => "Satu akun untuk seluruh layanan kepegawaian: data pribadi dan karier, cuti, presensi, pengumuman, dan Lemari Digital.",
                 "One account for every personnel service: personal and career data, leave, attendance, announcements and the Digital Cabinet.";
    HomeServicesHeading => "Layanan", "Services";
    ServiceMyDataDesc => "Data pribadi, riwayat jabatan dan pangkat", "Personal data, position and rank history";
    ServiceLeaveDesc => "Pengajuan dan persetujuan cuti", "Leave requests and approvals";
    ServiceAttendanceDesc => "Presensi masuk dan pulang", "Check-in and check-out";
    ServiceDocumentsDesc => "Lemari Digital: SK, ijazah, sertifikat", "Digital Cabinet: decrees, diplomas, certificates";
    ServiceAnnouncementsDesc => "Pengumuman dan notifikasi", "Announcements and notifications";
    NotFoundTitle => "Halaman tidak ditemukan", "Page not found";
    NotFoundBody => "Alamat yang Anda buka tidak ada atau sudah dipindahkan.", "The address you opened does not exist or has moved.";
    BackHome => "Kembali ke beranda", "Back to home";
    ErrorTitle => "Terjadi kesalahan", "Something went wrong";
    ErrorBody => "Maaf, halaman ini tidak dapat ditampilkan. Silakan coba lagi beberapa saat lagi.", "Sorry, this page cannot be shown. Please try again in a moment.";
    FooterText => "Portal ASN — perangkat lunak sumber terbuka untuk instansi pemerintah", "ASN Portal — open-source software for government agencies";
    SignInTitle => "Masuk ke Portal ASN", "Sign in to the ASN Portal";
    SignInIntro => "Gunakan NIP dan kata sandi Anda.", "Use your NIP and password.";
    NipLabel => "NIP", "NIP (civil-servant number)";
    PasswordLabel => "Kata sandi", "Password";
    ShowPassword => "Tampilkan", "Show";
    HidePassword => "Sembunyikan", "Hide";
    SignInInvalid => "NIP atau kata sandi salah, atau akun sedang terkunci. Periksa kembali, atau hubungi BKPSDM instansi Anda bila akun terkunci.",
                     "The NIP or password is wrong, or the account is locked. Check them, or contact your agency's HR office (BKPSDM) if the account is locked.";
    SignInRequired => "Silakan masuk terlebih dahulu.", "Please sign in first.";
    TooManyRequests => "Terlalu banyak percobaan. Tunggu sebentar, lalu coba lagi.", "Too many attempts. Wait a moment, then try again.";
    SignOut => "Keluar", "Sign out";
    DashboardTitle => "Beranda pegawai", "Employee home";
    DashboardGreeting => "Selamat datang,", "Welcome,";
    DashboardNote => "Layanan akan muncul di sini satu per satu.", "Services will appear here one by one.";
    PasswordChangeRequired => "Anda harus membuat kata sandi baru sebelum melanjutkan.", "You must choose a new password before you continue.";
    WrongCurrentPassword => "Kata sandi saat ini salah.", "The current password is wrong.";
    PasswordMismatch => "Ulangan kata sandi tidak sama dengan kata sandi baru.", "The repeated password does not match the new password.";
    WeakPassword => "Kata sandi baru belum memenuhi aturan:", "The new password does not meet these rules yet:";
    AccountHeading => "Akun", "Account";
    ChangePasswordTitle => "Ubah kata sandi", "Change password";
    ChangePasswordIntro => "Setelah kata sandi diubah, semua sesi di perangkat lain diakhiri.", "Once the password is changed, every session on other devices ends.";
    ForcedPasswordIntro => "Kata sandi Anda perlu diganti sebelum melanjutkan: kata sandi ini dibuat oleh petugas atau tidak lagi memenuhi aturan.",
                           "Your password must be replaced before you continue: it was set by an officer or no longer meets the rules.";
    CurrentPasswordLabel => "Kata sandi saat ini", "Current password";
    NewPasswordLabel => "Kata sandi baru", "New password";
    ConfirmPasswordLabel => "Ulangi kata sandi baru", "Repeat the new password";
    KeepSignedIn => "Tetap masuk di perangkat ini", "Stay signed in on this device";
    SavePassword => "Simpan kata sandi", "Save password";
    PasswordChanged => "Kata sandi berhasil diubah. Sesi di perangkat lain telah diakhiri.", "Your password was changed. Sessions on other devices have ended.";
    PasswordChangedSignIn => "Kata sandi berhasil diubah. Silakan masuk dengan kata sandi baru.", "Your password was changed. Sign in with the new password.";
    RulesHeading => "Kata sandi baru harus:", "The new password must:";
    RuleMinPrefix => "terdiri dari minimal", "have at least";
    RuleMinSuffix => "karakter", "characters";
    RuleUpper => "memuat huruf besar (A–Z)", "contain an upper-case letter (A–Z)";
    RuleLower => "memuat huruf kecil (a–z)", "contain a lower-case letter (a–z)";
    RuleDigit => "memuat angka (0–9)", "contain a digit (0–9)";
    RuleSymbol => "memuat simbol, misalnya ! # - @", "contain a symbol, for example ! # - @";
    RulePersonal => "tidak memuat NIP, tanggal lahir, atau nama Anda", "not contain your NIP, birth date or name";
    RuleCommon => "tidak mudah ditebak (bukan kata sandi yang umum)", "not be easy to guess (not a common password)";
    RuleTooLong => "tidak lebih dari 256 karakter", "have no more than 256 characters";
    RuleSameAsCurrent => "berbeda dari kata sandi saat ini", "differ from the current password";
    RuleMet => "terpenuhi", "met";
    RuleNotMet => "belum terpenuhi", "not met yet";
    SessionsTitle => "Sesi aktif", "Active sessions";
    SessionsIntro => "Perangkat yang sedang masuk ke akun Anda. Akhiri sesi yang tidak Anda kenali, lalu ubah kata sandi.",
                     "Devices signed in to your account. End any session you do not recognise, then change your password.";
    ThisDevice => "Perangkat ini", "This device";
    UnknownDevice => "Perangkat tidak dikenal", "Unknown device";
    SessionIp => "Alamat IP", "IP address";
    SessionSignedIn => "Masuk", "Signed in";
    SessionLastSeen => "Terakhir aktif", "Last active";
    TimesInWib => "Waktu dalam WIB (UTC+7).", "Times in WIB (UTC+7).";
    EndSession => "Akhiri sesi", "End session";
    EndOtherSessions => "Akhiri semua sesi lain", "End all other sessions";
    NoOtherSessions => "Tidak ada sesi lain.", "No other sessions.";
    SessionGone => "Sesi itu sudah berakhir.", "That session has already ended.";
}
