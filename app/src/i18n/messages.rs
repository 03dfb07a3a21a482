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
        // WFA ("work from anywhere") is the term Indonesian offices use too.
        matches!(self, Msg::BrandName | Msg::AttendanceWfa)
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
    DashboardMyServices => "Layanan saya", "My services";
    DashboardOtherServices => "Layanan ASN lainnya", "Other civil-service services";
    OpensInNewTab => "Dibuka di tab baru", "Opens in a new tab";
    ServiceSecurityDesc => "Kata sandi, autentikator, sesi", "Password, authenticator, sessions";
    MyDataTitle => "Data saya", "My data";
    MyDataIntro => "Data ini dikelola oleh BKPSDM instansi Anda. Jika ada yang keliru, hubungi BKPSDM.", "Your agency's HR office (BKPSDM) keeps this record. If something is wrong, contact them.";
    MyDataIdentity => "Identitas", "Identity";
    MyDataEmployment => "Kepegawaian", "Employment";
    FieldName => "Nama", "Name";
    FieldBirthDate => "Tanggal lahir", "Date of birth";
    FieldGender => "Jenis kelamin", "Gender";
    GenderMale => "Laki-laki", "Male";
    GenderFemale => "Perempuan", "Female";
    FieldKind => "Jenis pegawai", "Kind of employee";
    FieldEmail => "Email", "E-mail";
    FieldPhone => "Telepon", "Phone";
    FieldAgency => "Instansi", "Agency";
    FieldUnit => "Unit kerja", "Work unit";
    FieldPosition => "Jabatan", "Position";
    FieldRank => "Pangkat/golongan", "Rank (pangkat/golongan)";
    FieldRankTmt => "TMT pangkat", "Rank effective from (TMT)";
    TmtCpns => "TMT CPNS", "Appointed as CPNS (TMT)";
    TmtPppk => "TMT PPPK", "Appointed as PPPK (TMT)";
    TmtPns => "TMT PNS", "Appointed as PNS (TMT)";
    PositionHistory => "Riwayat jabatan", "Position history";
    RankHistory => "Riwayat pangkat/golongan", "Rank history";
    EducationHistory => "Riwayat pendidikan", "Education";
    TrainingHistory => "Riwayat diklat", "Training";
    FamilyHeading => "Data keluarga", "Family";
    NothingRecorded => "Belum ada data.", "Nothing recorded yet.";
    PositionStruktural => "Jabatan struktural", "Managerial position";
    PositionFungsional => "Jabatan fungsional", "Functional position";
    PositionPelaksana => "Jabatan pelaksana", "Administrative staff position";
    Forbidden => "Anda tidak berwenang melakukan ini.", "You are not allowed to do this.";
    NoticesTitle => "Pengumuman", "Announcements";
    NoticesEmpty => "Belum ada pengumuman untuk Anda.", "There are no announcements for you yet.";
    NoticeNew => "Buat pengumuman", "New announcement";
    NoticeUnread => "Baru", "New";
    NoticePinned => "Disematkan", "Pinned";
    NoticeForEveryone => "Semua ASN", "All civil servants";
    NoticeMarkAllRead => "Tandai semua sudah dibaca", "Mark all as read";
    NoticeBack => "Kembali ke pengumuman", "Back to announcements";
    NoticeFieldTitle => "Judul", "Title";
    NoticeFieldBody => "Isi (Markdown: **tebal**, *miring*, [tautan](https://…), daftar)", "Text (Markdown: **bold**, *italic*, [link](https://…), lists)";
    NoticeFieldScope => "Untuk", "For";
    NoticeFieldPinned => "Sematkan di atas", "Pin to the top";
    NoticeFieldPublishOn => "Terbit mulai (kosong = sekarang)", "Publish from (empty = now)";
    NoticeFieldExpiresOn => "Berakhir pada (opsional)", "Expires on (optional)";
    NoticeUntil => "berlaku sampai", "until";
    NotificationPrefsSaved => "Pilihan email disimpan.", "E-mail preference saved.";
    NoticePublish => "Terbitkan", "Publish";
    NoticeTitleInvalid => "Judul wajib diisi, paling banyak 150 karakter.", "A title is required, at most 150 characters.";
    NoticeBodyInvalid => "Isi wajib diisi, paling banyak 20.000 karakter.", "The text is required, at most 20,000 characters.";
    NoticeScopeInvalid => "Pilih penerima yang boleh Anda tuju.", "Choose an audience you may publish to.";
    NoticeDatesInvalid => "Tanggal tidak valid: gunakan TTTT-BB-HH, dan tanggal berakhir harus setelah tanggal terbit dan belum lewat.", "Invalid dates: use YYYY-MM-DD, and the expiry must come after publication and not be past.";
    NotificationsTitle => "Notifikasi", "Notifications";
    NotificationsEmpty => "Belum ada notifikasi.", "No notifications yet.";
    NotificationMarkRead => "Tandai dibaca", "Mark as read";
    NotificationPrefs => "Email", "E-mail";
    NotificationEmailSignIn => "Kirim email setiap kali ada yang masuk ke akun saya", "E-mail me whenever someone signs in to my account";
    NotificationSavePrefs => "Simpan", "Save";
    RelationSpouse => "Suami/istri", "Spouse";
    RelationChild => "Anak", "Child";
    RelationFather => "Ayah", "Father";
    RelationMother => "Ibu", "Mother";
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
    OtpTitle => "Kode sekali pakai", "One-time code";
    OtpIntro => "Buka aplikasi autentikator (Google Authenticator atau Microsoft Authenticator) di ponsel Anda dan masukkan kode 6 angka untuk Portal ASN.",
                "Open the authenticator app (Google Authenticator or Microsoft Authenticator) on your phone and enter the 6-digit code for the ASN Portal.";
    OtpLabel => "Kode sekali pakai", "One-time code";
    OtpOrRecoveryHint => "Ponsel hilang? Masukkan salah satu kode pemulihan Anda di kolom yang sama.", "Lost your phone? Enter one of your recovery codes in the same field.";
    Verify => "Verifikasi", "Verify";
    CancelSignIn => "Batal dan keluar", "Cancel and sign out";
    WrongCode => "Kode salah. Periksa kode terbaru di aplikasi autentikator, lalu coba lagi.", "The code is wrong. Check the latest code in your authenticator app and try again.";
    CodeUsed => "Kode ini sudah dipakai. Tunggu kode berikutnya (paling lama 30 detik), lalu coba lagi.", "This code was already used. Wait for the next one (at most 30 seconds), then try again.";
    CodeLocked => "Terlalu banyak kode salah. Akun dikunci sementara demi keamanan; silakan masuk lagi nanti atau hubungi BKPSDM instansi Anda.",
                  "Too many wrong codes. The account is locked for a while for your safety; sign in again later or contact your agency's HR office (BKPSDM).";
    SecondFactorRequired => "Masukkan kode dari aplikasi autentikator terlebih dahulu.", "Enter the code from your authenticator app first.";
    EnrolmentRequired => "Pasang aplikasi autentikator terlebih dahulu.", "Set up an authenticator app first.";
    EnrolTitle => "Pasang autentikator", "Set up your authenticator";
    EnrolAddTitle => "Tambah autentikator", "Add an authenticator";
    EnrolIntro => "Masuk ke Portal ASN wajib memakai kode sekali pakai dari aplikasi autentikator di ponsel Anda.", "Signing in to the ASN Portal requires a one-time code from an authenticator app on your phone.";
    EnrolStep1 => "Pasang Google Authenticator atau Microsoft Authenticator dari Play Store atau App Store.", "Install Google Authenticator or Microsoft Authenticator from the Play Store or App Store.";
    EnrolStep2 => "Di aplikasi, pilih tambah akun (+), lalu pindai kode QR ini.", "In the app, choose add account (+), then scan this QR code.";
    EnrolStep3 => "Masukkan kode 6 angka yang muncul di aplikasi, beri nama perangkat ini, lalu kirim.", "Enter the 6-digit code the app shows, name this device, then submit.";
    QrAlt => "Kode QR untuk aplikasi autentikator", "QR code for the authenticator app";
    ManualEntry => "Tidak bisa memindai? Ketik kunci ini di aplikasi (jenis: berbasis waktu):", "Cannot scan? Type this key into the app (type: time based):";
    DeviceNameLabel => "Nama perangkat", "Device name";
    DeviceNamePlaceholder => "mis. Ponsel Samsung saya", "e.g. My Samsung phone";
    DeviceNameInvalid => "Nama perangkat harus 1–40 karakter.", "The device name must be 1–40 characters.";
    Submit => "Kirim", "Submit";
    EnrolGone => "Pemasangan ini sudah kedaluwarsa. Mulai lagi dari halaman keamanan akun.", "This set-up has expired. Start again from the account security page.";
    RecoveryTitle => "Kode pemulihan", "Recovery codes";
    RecoveryIntro => "Simpan kode-kode ini di tempat aman (cetak atau tulis). Masing-masing dapat dipakai satu kali untuk masuk bila ponsel Anda hilang. Kode ini hanya ditampilkan sekali.",
                     "Keep these codes somewhere safe (print or write them down). Each can be used once to sign in if you lose your phone. They are shown only this once.";
    RecoverySaved => "Saya sudah menyimpannya, lanjutkan", "I have saved them, continue";
    RecoveryNone => "Tidak ada kode pemulihan baru untuk ditampilkan. Kode hanya ditampilkan sekali; buat set baru di halaman keamanan akun bila perlu.",
                    "There are no new recovery codes to show. Codes are shown only once; make a new set on the account security page if you need to.";
    SecurityTitle => "Keamanan akun", "Account security";
    SecurityIntro => "Aplikasi autentikator yang dapat dipakai untuk masuk, dan kode pemulihan Anda.", "The authenticator apps that can sign you in, and your recovery codes.";
    DevicesHeading => "Autentikator", "Authenticators";
    DeviceAdded => "Ditambahkan", "Added";
    DeviceLastUsed => "Terakhir dipakai", "Last used";
    NeverUsed => "belum pernah", "never";
    RemoveDevice => "Hapus", "Remove";
    LastAuthenticator => "Autentikator terakhir tidak dapat dihapus. Tambahkan yang baru terlebih dahulu.", "The last authenticator cannot be removed. Add a new one first.";
    AddDeviceHeading => "Tambah perangkat", "Add a device";
    AddDeviceIntro => "Untuk menambah autentikator, masukkan kata sandi dan kode saat ini dari autentikator yang sudah terpasang.", "To add an authenticator, enter your password and a current code from an authenticator you already have.";
    AddDevice => "Lanjutkan ke kode QR", "Continue to the QR code";
    RecoveryLeftPrefix => "Kode pemulihan tersisa:", "Recovery codes left:";
    RecoveryFewLeft => "Kode pemulihan Anda hampir habis. Buat set baru.", "You are running out of recovery codes. Make a new set.";
    RegenerateHeading => "Buat kode pemulihan baru", "Make new recovery codes";
    RegenerateIntro => "Set baru menggantikan semua kode lama. Masukkan kode saat ini dari autentikator Anda.", "A new set replaces every old code. Enter a current code from your authenticator.";
    Regenerate => "Buat set baru", "Make a new set";
    DeviceRemoved => "Autentikator dihapus.", "Authenticator removed.";
    DeviceAddedNotice => "Autentikator baru sudah aktif.", "The new authenticator is active.";
    ResetTitle => "Lupa kata sandi", "Forgot password";
    ResetMfaTitle => "Kehilangan autentikator", "Lost authenticator";
    ResetIntro => "Atur kata sandi baru dengan kode yang dikirim ke e-mail yang terdaftar untuk NIP Anda. Cara ini juga untuk mengaktifkan akun yang belum pernah dipakai.",
                  "Set a new password with a code sent to the e-mail address registered for your NIP. This is also how an account that was never used is activated.";
    ResetMfaIntro => "Ponsel hilang atau diganti? Dengan kode dari e-mail terdaftar dan kata sandi Anda, autentikator lama dihapus dan Anda memasang yang baru saat masuk.",
                     "Phone lost or replaced? With a code from your registered e-mail and your password, the old authenticator is removed and you set up a new one when you sign in.";
    ResetStepIdentify => "Langkah 1 dari 3: NIP", "Step 1 of 3: NIP";
    ResetStepEmail => "Langkah 2 dari 3: e-mail", "Step 2 of 3: e-mail";
    ResetStepCode => "Langkah 3 dari 3: kode", "Step 3 of 3: code";
    CaptchaLabel => "Ketik huruf pada gambar (huruf besar dan kecil dibedakan)", "Type the letters in the picture (upper and lower case differ)";
    CaptchaAlt => "Gambar huruf acak untuk verifikasi", "Picture of random letters for verification";
    CaptchaRefresh => "Gambar lain", "Another picture";
    CaptchaAltIntro => "Tidak bisa membaca gambar? Jawab pertanyaan ini dengan angka di kolom yang sama:", "Cannot read the picture? Answer this question with digits in the same field:";
    Check => "Periksa", "Check";
    EmailLabel => "E-mail yang terdaftar", "Registered e-mail address";
    EmailStepIntro => "Masukkan e-mail yang terdaftar untuk NIP tersebut. Bila cocok, kami mengirim kode ke alamat itu.", "Enter the e-mail address registered for that NIP. If it matches, we send a code there.";
    Send => "Kirim", "Send";
    CodeStepIntroPrefix => "Bila e-mail cocok dengan data kami, kode 8 angka telah dikirim. Kode berlaku", "If the address matches our records, an 8-digit code has been sent. It is valid for";
    CodeStepIntroSuffix => "menit. Periksa juga folder spam.", "minutes. Check your spam folder too.";
    ResetCodeLabel => "Kode dari e-mail", "Code from the e-mail";
    CurrentPasswordForMfa => "Kata sandi Anda", "Your password";
    ResetFinishPassword => "Simpan kata sandi", "Save password";
    ResetFinishMfa => "Hapus autentikator lama", "Remove the old authenticator";
    StartOver => "Mulai lagi", "Start over";
    ForgotPasswordLink => "Lupa kata sandi / aktivasi akun", "Forgot password / activate account";
    LostAuthenticatorLink => "Kehilangan autentikator?", "Lost your authenticator?";
    WrongCaptcha => "Jawaban verifikasi salah atau kedaluwarsa. Coba lagi dengan gambar yang baru.", "The verification answer is wrong or expired. Try again with the new picture.";
    ResetExpired => "Proses ini sudah kedaluwarsa. Silakan mulai lagi.", "This request has expired. Please start again.";
    WrongResetCode => "Kode salah. Periksa kode terbaru di e-mail Anda.", "The code is wrong. Check the latest code in your e-mail.";
    ResetCodeExpired => "Kode sudah kedaluwarsa. Mulai lagi untuk meminta kode baru.", "The code has expired. Start again to ask for a new one.";
    ResetCodeSpent => "Terlalu banyak kode salah. Mulai lagi untuk meminta kode baru.", "Too many wrong codes. Start again to ask for a new one.";
    ResetNipInvalid => "NIP harus 18 angka.", "The NIP must be 18 digits.";
    ResetEmailInvalid => "Alamat e-mail tidak valid.", "The e-mail address is not valid.";
    PasswordResetDone => "Kata sandi baru tersimpan. Silakan masuk.", "Your new password is saved. Please sign in.";
    MfaResetDone => "Autentikator lama telah dihapus. Masuk untuk memasang yang baru.", "The old authenticator was removed. Sign in to set up a new one.";
    AttendanceTitle => "Presensi", "Attendance";
    AttendanceTeamTitle => "Rekap presensi tim", "Team attendance";
    AttendanceHours => "Jam kerja hari ini:", "Today's hours:";
    AttendanceDayOff => "Hari libur", "Day off";
    AttendanceWfa => "WFA", "WFA";
    AttendanceUntil => "sampai", "until";
    AttendanceNotYet => "Anda belum presensi hari ini.", "You have not checked in today.";
    AttendanceIn => "Masuk", "In";
    AttendanceOut => "Pulang", "Out";
    AttendanceCheckIn => "Presensi masuk", "Check in";
    AttendanceCheckOut => "Presensi pulang", "Check out";
    AttendanceCheckOutAgain => "Perbarui presensi pulang", "Check out again";
    AttendanceLocating => "Mencari lokasi perangkat…", "Finding the device's location…";
    AttendanceCheckedIn => "Presensi masuk tercatat.", "Check-in recorded.";
    AttendanceAlreadyIn => "Anda sudah presensi masuk hari ini; tidak ada yang diubah.", "You had already checked in today; nothing changed.";
    AttendanceCheckedOut => "Presensi pulang tercatat.", "Check-out recorded.";
    AttendanceOffices => "Lokasi presensi:", "Check-in locations:";
    AttendanceNoOfficeHint => "Belum ada lokasi kantor untuk unit Anda. Hubungi BKPSDM instansi Anda.", "No office location is set for your unit yet. Contact your agency's HR office (BKPSDM).";
    AttendanceLocationHint => "Waktu presensi diambil dari server, bukan dari jam perangkat. Portal meminta lokasi perangkat saat Anda menekan tombol presensi.", "The time comes from the server, not from your device's clock. The portal asks for your device's location when you press the button.";
    AttendanceLocationRequired => "Lokasi perangkat diperlukan untuk presensi di kantor. Izinkan akses lokasi untuk situs ini di peramban (dan aktifkan GPS), lalu coba lagi.", "Your device's location is needed to check in at the office. Allow location access for this site in the browser (and turn on GPS), then try again.";
    AttendanceLocationInvalid => "Lokasi yang dikirim tidak valid. Coba lagi.", "The location sent is not valid. Try again.";
    AttendanceNoOffice => "Belum ada lokasi kantor untuk unit Anda, jadi presensi belum dapat dicatat. Hubungi BKPSDM instansi Anda.", "No office location is set for your unit, so attendance cannot be recorded yet. Contact your agency's HR office (BKPSDM).";
    AttendanceOutside => "Lokasi Anda di luar radius kantor.", "You are outside the office's radius.";
    AttendanceNotCheckedIn => "Presensi pulang memerlukan presensi masuk hari ini.", "Checking out needs a check-in today.";
    AttendanceMonthInvalid => "Bulan tidak valid (format TTTT-BB).", "The month is not valid (format YYYY-MM).";
    AttendanceDate => "Tanggal", "Date";
    AttendanceRemarks => "Keterangan", "Remarks";
    AttendanceWorkingDays => "Hari kerja", "Working days";
    AttendancePresent => "Hadir", "Present";
    AttendanceLate => "Terlambat", "Late";
    AttendanceEarly => "Pulang cepat", "Left early";
    AttendanceNoCheckOut => "Tidak presensi pulang", "No check-out";
    AttendanceAbsent => "Tanpa keterangan", "Absent";
    AttendanceScope => "Kelompok", "Group";
    AttendanceMyReports => "Bawahan langsung saya", "My direct reports";
    AttendanceMonth => "Bulan", "Month";
    AttendanceShow => "Tampilkan", "Show";
    AttendanceCsv => "Unduh CSV", "Download CSV";
    AttendanceEmployee => "Pegawai", "Employee";
    AttendanceTeamEmpty => "Tidak ada pegawai dalam kelompok ini.", "There are no employees in this group.";
    WfaTitle => "Kerja dari mana saja (WFA)", "Work from anywhere (WFA)";
    WfaIntro => "Pegawai dengan izin WFA dapat presensi dari lokasi mana pun pada tanggal izin.", "Employees with a WFA grant can check in from anywhere on the granted dates.";
    WfaNone => "Tidak ada izin WFA pada bulan ini.", "No WFA grants this month.";
    WfaFrom => "Dari tanggal", "From";
    WfaTo => "Sampai tanggal", "Until";
    WfaReason => "Alasan", "Reason";
    WfaGrant => "Beri izin WFA", "Grant WFA";
    WfaGranted => "Izin WFA tersimpan.", "WFA grant saved.";
    WfaReasonInvalid => "Isi alasan (paling banyak 300 karakter).", "Give a reason (at most 300 characters).";
    WfaDatesInvalid => "Tanggal tidak valid: tanggal akhir tidak boleh sebelum tanggal mulai atau sudah lewat, dan paling lama satu tahun.", "Invalid dates: the end may not be before the start or in the past, and a grant lasts at most a year.";
    WfaNipUnknown => "Tidak ada pegawai instansi Anda dengan NIP tersebut.", "No employee of your agency has that NIP.";
    DocumentsTitle => "Lemari Digital", "Document cabinet";
    DocumentsIntro => "Arsip kepegawaian Anda: SK, ijazah, sertifikat. Setiap kali dokumen dilihat atau diunduh, tercatat di riwayat aksesnya.", "Your personnel archives: decrees, diplomas, certificates. Every view and download is recorded in the document's access history.";
    DocumentsUpload => "Unggah dokumen", "Upload a document";
    DocumentsType => "Jenis dokumen", "Document type";
    DocumentsTitleField => "Judul", "Title";
    DocumentsDecreeNumber => "Nomor SK (bila ada)", "Decree number (if any)";
    DocumentsDecreeDate => "Tanggal SK (bila ada)", "Decree date (if any)";
    DocumentsFile => "Berkas", "File";
    DocumentsFileHint => "PDF, JPEG atau PNG, paling besar", "PDF, JPEG or PNG, at most";
    DocumentsSubmit => "Unggah", "Upload";
    DocumentsEmpty => "Belum ada dokumen.", "No documents yet.";
    DocumentsArchiveUtama => "Arsip utama", "Core archives";
    DocumentsArchiveKondisional => "Arsip kondisional", "Conditional archives";
    DocumentsUploadedBy => "Diunggah oleh", "Uploaded by";
    DocumentsBySystem => "Dibuat oleh sistem", "Filed by the portal";
    DocumentsView => "Lihat", "View";
    DocumentsDownload => "Unduh", "Download";
    DocumentsAccessHistory => "Riwayat akses", "Access history";
    DocumentsAccessNone => "Belum pernah dilihat atau diunduh.", "Never viewed or downloaded yet.";
    DocumentsRoleOwner => "pemilik", "owner";
    DocumentsRoleAgencyAdmin => "admin instansi", "agency admin";
    DocumentsRoleNationalAdmin => "admin nasional", "national admin";
    DocumentsActionView => "melihat", "viewed";
    DocumentsActionDownload => "mengunduh", "downloaded";
    DocumentsFilter => "Saring", "Filter";
    DocumentsAllTypes => "Semua jenis", "All types";
    DocumentsYear => "Tahun unggah", "Year uploaded";
    DocumentsUploaded => "Dokumen tersimpan.", "Document saved.";
    DocumentsBack => "Kembali ke Lemari Digital", "Back to the document cabinet";
    DocumentsOwner => "Pemilik", "Owner";
    DocumentsNotFound => "Tidak ada pegawai dengan NIP tersebut yang dokumennya boleh Anda kelola.", "No employee with that NIP whose documents you may manage.";
    UploadNoFile => "Pilih berkas yang akan diunggah.", "Choose a file to upload.";
    UploadTooLarge => "Berkas terlalu besar. Perkecil ukurannya (misalnya pindai ulang dengan resolusi lebih rendah) lalu coba lagi.", "The file is too large. Make it smaller (for example, scan it again at a lower resolution) and try again.";
    UploadUnsupported => "Berkas ini bukan PDF, JPEG atau PNG. Isi berkas yang diperiksa, bukan namanya.", "This file is not a PDF, JPEG or PNG. The file's content is checked, not its name.";
    UploadTypeNotAllowed => "Jenis dokumen ini diunggah oleh BKPSDM instansi Anda, bukan oleh pegawai.", "This document type is uploaded by your agency's HR office (BKPSDM), not by employees.";
    UploadTitleInvalid => "Isi judul dokumen (paling banyak 200 karakter).", "Give the document a title (at most 200 characters).";
    UploadDecreeInvalid => "Nomor atau tanggal SK tidak valid (tanggal: TTTT-BB-HH).", "The decree number or date is not valid (date: YYYY-MM-DD).";
    UploadMalformed => "Formulir unggah tidak terbaca. Muat ulang halaman lalu coba lagi.", "The upload form could not be read. Reload the page and try again.";
}
