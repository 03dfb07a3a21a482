//! What the cabinet pages receive from the server.

use serde::{Deserialize, Serialize};

use super::sniff::FileKind;
use crate::domain::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Archive {
    /// Arsip utama: the core archives (SK CPNS, SK PNS, diplomas…).
    Utama,
    /// Arsip kondisional: documents some careers have (leave, training…).
    Kondisional,
}

impl Archive {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "utama" => Some(Self::Utama),
            "kondisional" => Some(Self::Kondisional),
            _ => None,
        }
    }
}

/// A document type, as data (table `document_types`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentType {
    pub code: String,
    pub archive: Archive,
    pub name_id: String,
    pub name_en: String,
    /// Whether employees may upload it themselves (diplomas, certificates);
    /// decrees come from the agency.
    pub employee_may_upload: bool,
    /// Whether it is a decree, with a number and a date.
    pub is_decree: bool,
}

impl DocumentType {
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Id => &self.name_id,
            crate::i18n::Lang::En => &self.name_en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentItem {
    pub id: i64,
    pub type_code: String,
    pub title: String,
    pub decree_number: Option<String>,
    pub decree_date: Option<Date>,
    pub file_name: String,
    pub kind: FileKind,
    pub size_bytes: i64,
    /// Unix seconds.
    pub uploaded_at: i64,
    /// Who uploaded it; `None` when the portal filed it.
    pub uploaded_by: Option<String>,
}

/// The signed-in employee's cabinet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cabinet {
    pub types: Vec<DocumentType>,
    pub documents: Vec<DocumentItem>,
    pub max_bytes: u64,
    /// The employee's own uploads occupy `used_bytes` of `quota_bytes`.
    pub used_bytes: u64,
    pub quota_bytes: u64,
    pub uploads_per_hour: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccessRole {
    Owner,
    AgencyAdmin,
    NationalAdmin,
    /// Above the owner in the supervisor chain, where configuration allows.
    Supervisor,
}

impl AccessRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::AgencyAdmin => "agency_admin",
            Self::NationalAdmin => "national_admin",
            Self::Supervisor => "supervisor",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Owner, Self::AgencyAdmin, Self::NationalAdmin, Self::Supervisor].into_iter().find(|r| r.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEntry {
    pub viewer: String,
    pub role: AccessRole,
    /// "view" or "download".
    pub action: String,
    pub at: i64,
    pub ip: Option<String>,
}

/// One document with its access history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDetail {
    pub item: DocumentItem,
    pub type_name_id: String,
    pub type_name_en: String,
    pub owner: String,
    pub access: Vec<AccessEntry>,
    /// Every other version, newest first.
    pub versions: Vec<DocumentItem>,
    /// A newer version replaced this one.
    pub superseded: bool,
    /// The owner deleted it (only the agency still sees it).
    pub deleted: bool,
    /// The reader may delete it (the owner, for their own upload).
    pub can_delete: bool,
    /// The reader may upload a new version of it.
    pub can_replace: bool,
}

/// Why an upload was refused; each has its own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadRefusal {
    /// No file, or an empty one.
    NoFile,
    /// Larger than the configured limit.
    TooLarge,
    /// Not a PDF, PNG or JPEG by its content.
    UnsupportedContent,
    /// Not a document type this uploader may upload.
    TypeNotAllowed,
    /// The title is empty or too long.
    TitleInvalid,
    /// The decree number or date is malformed.
    DecreeInvalid,
    /// The form could not be read.
    Malformed,
    /// The document to replace has been replaced or deleted meanwhile.
    NotCurrent,
    /// The server's storage is full: nothing was kept; try again later.
    StorageFull,
    /// Filing into another employee's cabinet from outside `ASN_ADMIN_NETWORKS`.
    OutsideAdminNetwork,
    /// The employee's own uploads would pass their storage quota.
    QuotaExceeded,
    /// Too many uploads started within the hour.
    TooManyUploads,
}

impl UploadRefusal {
    pub const ALL: [Self; 12] = [
        Self::NoFile,
        Self::TooLarge,
        Self::UnsupportedContent,
        Self::TypeNotAllowed,
        Self::TitleInvalid,
        Self::DecreeInvalid,
        Self::Malformed,
        Self::NotCurrent,
        Self::StorageFull,
        Self::OutsideAdminNetwork,
        Self::QuotaExceeded,
        Self::TooManyUploads,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::NoFile => "no_file",
            Self::TooLarge => "too_large",
            Self::UnsupportedContent => "unsupported_content",
            Self::TypeNotAllowed => "type_not_allowed",
            Self::TitleInvalid => "title_invalid",
            Self::DecreeInvalid => "decree_invalid",
            Self::Malformed => "malformed",
            Self::NotCurrent => "not_current",
            Self::StorageFull => "storage_full",
            Self::OutsideAdminNetwork => "outside_admin_network",
            Self::QuotaExceeded => "quota_exceeded",
            Self::TooManyUploads => "too_many_uploads",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            Self::NoFile => Msg::UploadNoFile,
            Self::TooLarge => Msg::UploadTooLarge,
            Self::UnsupportedContent => Msg::UploadUnsupported,
            Self::TypeNotAllowed => Msg::UploadTypeNotAllowed,
            Self::TitleInvalid => Msg::UploadTitleInvalid,
            Self::DecreeInvalid => Msg::UploadDecreeInvalid,
            Self::Malformed => Msg::UploadMalformed,
            Self::NotCurrent => Msg::UploadNotCurrent,
            Self::StorageFull => Msg::UploadStorageFull,
            Self::OutsideAdminNetwork => Msg::UploadOutsideAdminNetwork,
            Self::QuotaExceeded => Msg::UploadQuotaExceeded,
            Self::TooManyUploads => Msg::UploadTooMany,
        }
    }
}
