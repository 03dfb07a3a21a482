//! Announcement bodies: Markdown rendered to HTML that is safe to insert.
//! Raw HTML in the source is shown as text, images become their alt text,
//! and a link survives only when it points to http(s), mailto or a path on
//! this site; anything else (`javascript:`, `data:`...) keeps its text and
//! loses the link.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (lower.starts_with('/') && !lower.starts_with("//") && !lower.starts_with("/\\"))
}

pub fn render(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES);
    // Whether each open link was kept, so its end is dropped with it.
    let mut links: Vec<bool> = Vec::new();
    let events = parser.filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = safe_url(dest_url);
            links.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(event),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn markdown_renders_and_raw_html_is_only_text() {
        let html = render("# Apel pagi\n\nHadir **pukul 07.30** di halaman kantor.\n\n<script>alert(1)</script>");
        assert!(html.contains("<h1>Apel pagi</h1>") && html.contains("<strong>pukul 07.30</strong>"), "{html}");
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"), "{html}");
        let inline = render("klik <img src=x onerror=alert(1)> sini");
        assert!(!inline.contains("<img") && inline.contains("&lt;img"), "{inline}");
    }

    #[test]
    fn only_safe_links_stay_links() {
        let html = render("[MyASN](https://myasn.bkn.go.id) [cuti](/leave) [surat](mailto:bkpsdm@x.example)");
        assert_eq!(html.matches("<a href=").count(), 3, "{html}");
        for bad in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example", "vbscript:x"] {
            let html = render(&format!("[klik]({bad})"));
            assert!(!html.contains("<a"), "{bad}: {html}");
            assert!(html.contains("klik"), "{bad}: the text stays");
        }
        let image = render("![logo](javascript:alert(1)) ![foto](https://x.example/a.png)");
        assert!(!image.contains("<img") && image.contains("logo") && image.contains("foto"), "{image}");
    }
}
