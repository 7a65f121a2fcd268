//! A small layer over quick-xml's writer for the package's parts: every
//! attribute value and text goes through quick-xml's escaping, so data never
//! becomes markup.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// One XML part being written.
pub(super) struct Xml {
    writer: Writer<Vec<u8>>,
}

impl Xml {
    /// A part with the `standalone` declaration Office writes.
    pub(super) fn new() -> Self {
        let mut xml = Xml { writer: Writer::new(Vec::new()) };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), Some("yes"))));
        xml
    }

    /// Writes one event. Writing into a `Vec` cannot fail, so the I/O result
    /// quick-xml returns for any writer is dropped here, once.
    fn event(&mut self, event: Event<'_>) {
        let _ = self.writer.write_event(event);
    }

    /// Opens `name` with attributes (values escaped).
    pub(super) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(start(name, attrs)));
    }

    /// Closes `name`.
    pub(super) fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// An empty element with attributes (values escaped).
    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(start(name, attrs)));
    }

    /// An element holding only `text` (escaped).
    pub(super) fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.event(Event::Text(BytesText::new(&xml_chars(text))));
        self.close(name);
    }

    /// The finished part.
    pub(super) fn finish(self) -> Vec<u8> {
        self.writer.into_inner()
    }
}

fn start<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for &(key, value) in attrs {
        // `From<(&str, &str)>` escapes the value.
        start.push_attribute((key, xml_chars(value).as_ref()));
    }
    start
}

/// `text` without the characters XML 1.0 cannot carry at all (the C0
/// control characters but tab and line feed, U+FFFE and U+FFFF), which
/// escaping cannot save: a reader would refuse the part. Carriage returns go
/// too: a reader would turn them into line feeds.
pub(super) fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed =
        |c: char| (c >= ' ' || matches!(c, '\t' | '\n')) && !matches!(c, '\u{fffe}' | '\u{ffff}');
    if text.chars().all(allowed) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut xml = Xml::new();
        xml.leaf("a:t", &[("descr", "<script>&\"'")], "<script>&\"'\u{7}");
        let text = String::from_utf8(xml.finish()).unwrap_or_default();
        assert!(text.contains(r#"descr="&lt;script&gt;&amp;&quot;&apos;""#), "{text}");
        assert!(text.contains("<a:t descr="), "{text}");
        assert!(text.ends_with(">&lt;script&gt;&amp;&quot;&apos;</a:t>"), "{text}");
    }
}
