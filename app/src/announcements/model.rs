//! What crosses the wire about announcements.

use serde::{Deserialize, Serialize};

use crate::domain::Date;

/// Who an announcement is for, as the reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeName {
    Everyone,
    /// The agency's or the unit's name.
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSummary {
    pub id: i64,
    pub title: String,
    pub pinned: bool,
    /// The day it was published (WIB).
    pub published_on: Date,
    pub scope: ScopeName,
    pub unread: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDetail {
    pub id: i64,
    pub title: String,
    /// Rendered and sanitised on the server when published.
    pub body_html: String,
    pub pinned: bool,
    pub published_on: Date,
    pub expires_on: Option<Date>,
    pub scope: ScopeName,
    pub author: String,
}

/// One audience the caller may publish to: `everyone`, `agency:ID` or `unit:ID`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeOption {
    pub value: String,
    pub scope: ScopeName,
}

/// The announcements page: the list, and whether the caller may publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeBoard {
    pub notices: Vec<NoticeSummary>,
    pub can_publish: bool,
}
