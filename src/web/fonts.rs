//! The web pages' fonts: the Inter faces the PDFs are set in (`fonts/`),
//! cut down to the characters a page uses and embedded in its style sheet
//! as `data:` URLs, so a page looks as the PDF does and asks for nothing.
//!
//! subsetter (which typst uses for the PDFs) cuts the glyphs but leaves out
//! the character map and the `OS/2` table, which a PDF does not need and a
//! browser does: they are added back here, the map written for the glyphs kept.

use std::collections::BTreeSet;

use base64::Engine;
use subsetter::GlyphRemapper;

/// The faces embedded: file in `fonts/`, CSS weight, CSS style.
const FACES: [(&str, u16, &str); 4] = [
    ("Inter-Regular.otf", 400, "normal"),
    ("Inter-SemiBold.otf", 600, "normal"),
    ("Inter-Bold.otf", 700, "normal"),
    ("Inter-Italic.otf", 400, "italic"),
];

/// The family name the style sheet and the charts' drawings ask for.
pub(super) const FAMILY: &str = "Inter";

/// `@font-face` rules for every face, each cut to the characters of `text`
/// (the page as rendered): the same text gives the same bytes.
pub(super) fn font_faces(text: &str) -> String {
    let chars = characters(text);
    let mut css = String::new();
    for (file, weight, style) in FACES {
        let Some(font) = subset(crate::assets::font(file), &chars) else { continue };
        let data = base64::engine::general_purpose::STANDARD.encode(font);
        css.push_str(&format!(
            "@font-face {{ font-family: {FAMILY}; font-weight: {weight}; font-style: {style}; \
             font-display: block; src: url(data:font/otf;base64,{data}) format(\"opentype\"); }}\n"
        ));
    }
    css
}

/// The characters of `text` but control characters, in order. A page is
/// mostly ASCII (markup, the thumbnail's base64): those are marked in a
/// table, the few others kept in a set.
fn characters(text: &str) -> BTreeSet<char> {
    let mut ascii = [false; 128];
    let mut others = BTreeSet::new();
    for c in text.chars() {
        match u8::try_from(c) {
            Ok(b) if b < 128 => ascii[usize::from(b)] = true,
            _ => {
                others.insert(c);
            }
        }
    }
    let ascii = (0u8..128).filter(|&b| ascii[usize::from(b)]).map(char::from);
    ascii.chain(others).filter(|c| !c.is_control()).collect()
}

/// `font` with only the glyphs of `chars`, as a browser takes it; `None`
/// when the font cannot be read or cut (the page then falls back to the
/// system fonts the style sheet names after Inter).
fn subset(font: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).ok()?;
    let mut remapper = GlyphRemapper::new();
    let mut map = Vec::new();
    for &c in chars {
        if let Some(glyph) = face.glyph_index(c) {
            map.push((u32::from(c), remapper.remap(glyph.0)));
        }
    }
    let cut = subsetter::subset(font, 0, &remapper).ok()?;
    let os2 = face.raw_face().table(ttf_parser::Tag::from_bytes(b"OS/2"))?;
    with_tables(&cut, vec![(*b"OS/2", os2.to_vec()), (*b"cmap", cmap(&map))])
}

/// A `cmap` table with one format-4 subtable (Windows, Unicode BMP)
/// mapping each character to its glyph; `map` is in character order.
fn cmap(map: &[(u32, u16)]) -> Vec<u8> {
    // Runs of characters whose glyphs follow each other share one segment.
    let mut segments: Vec<(u16, u16, u16)> = Vec::new(); // start, end, delta
    for &(c, glyph) in map.iter().filter(|(c, _)| *c < 0xFFFF) {
        let c = c as u16;
        let delta = glyph.wrapping_sub(c);
        match segments.last_mut() {
            Some((_, end, d)) if *end + 1 == c && *d == delta => *end = c,
            _ => segments.push((c, c, delta)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 1));
    let count = segments.len() as u16;
    // The largest power of two not above the count, as the format asks.
    let power = 1u16 << (15 - count.leading_zeros());
    let (search_range, entry_selector) = (2 * power, power.trailing_zeros() as u16);
    let mut sub = Vec::new();
    let length = 16 + 8 * usize::from(count);
    for v in
        [4, length as u16, 0, 2 * count, search_range, entry_selector, 2 * count - search_range]
    {
        sub.extend(v.to_be_bytes());
    }
    segments.iter().for_each(|s| sub.extend(s.1.to_be_bytes()));
    sub.extend(0u16.to_be_bytes());
    segments.iter().for_each(|s| sub.extend(s.0.to_be_bytes()));
    segments.iter().for_each(|s| sub.extend(s.2.to_be_bytes()));
    segments.iter().for_each(|_| sub.extend(0u16.to_be_bytes()));
    let mut table = Vec::new();
    for v in [0u16, 1, 3, 1] {
        table.extend(v.to_be_bytes());
    }
    table.extend(12u32.to_be_bytes());
    table.extend(sub);
    table
}

/// The OpenType font `font` with `extra` tables added, its table directory,
/// checksums and `head` adjustment written anew.
fn with_tables(font: &[u8], extra: Vec<([u8; 4], Vec<u8>)>) -> Option<Vec<u8>> {
    let u16_at = |at: usize| Some(u16::from_be_bytes(font.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_be_bytes(font.get(at..at + 4)?.try_into().ok()?));
    let version = u32_at(0)?;
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for i in 0..usize::from(u16_at(4)?) {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let (offset, length) = (u32_at(record + 8)? as usize, u32_at(record + 12)? as usize);
        tables.push((tag, font.get(offset..offset + length)?.to_vec()));
    }
    tables.retain(|(tag, _)| !extra.iter().any(|(t, _)| t == tag));
    tables.extend(extra);
    tables.sort_by_key(|(tag, _)| *tag);

    let count = tables.len() as u16;
    let power = 1u16 << (15 - count.leading_zeros());
    let mut out = Vec::new();
    out.extend(version.to_be_bytes());
    for v in [count, power * 16, power.trailing_zeros() as u16, count * 16 - power * 16] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &mut tables {
        if tag == b"head" {
            // checkSumAdjustment is left out of the sums, then set.
            data.get_mut(8..12)?.fill(0);
            head_at = Some(offset);
        }
        out.extend(*tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend(data.iter());
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out.get_mut(at + 8..at + 12)?.copy_from_slice(&adjustment.to_be_bytes());
    }
    Some(out)
}

/// The OpenType checksum: the sum of the big-endian 32-bit words, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, word| {
        let mut bytes = [0u8; 4];
        bytes[..word.len()].copy_from_slice(word);
        sum.wrapping_add(u32::from_be_bytes(bytes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> BTreeSet<char> {
        text.chars().collect()
    }

    #[test]
    fn a_cut_font_maps_the_characters_it_kept_and_no_others() {
        let full = crate::assets::font("Inter-Regular.otf");
        let cut = subset(full, &chars("Air Baltic é–2026")).expect("a subset");
        assert!(cut.len() < full.len() / 20, "{} of {} bytes", cut.len(), full.len());
        let face = ttf_parser::Face::parse(&cut, 0).expect("the subset parses");
        let original = ttf_parser::Face::parse(full, 0).expect("Inter parses");
        for c in "Air Baltic é–2026".chars() {
            let glyph = face.glyph_index(c).unwrap_or_else(|| panic!("{c:?} is mapped"));
            let old = original.glyph_index(c).expect("Inter has it");
            assert_eq!(face.glyph_hor_advance(glyph), original.glyph_hor_advance(old), "{c:?}");
        }
        assert_eq!(face.glyph_index('Z'), None);
        assert!(face.tables().os2.is_some());
        assert_eq!(face.number_of_glyphs(), 1 + chars("Air Baltic é–2026").len() as u16);
        assert_eq!(checksum(&cut), 0xB1B0_AFBA, "the head adjustment makes the whole sum");
    }

    #[test]
    fn a_page_uses_its_characters_once_each() {
        let found: String = characters("ab\n\tbä€a ä").into_iter().collect();
        assert_eq!(found, " abä€");
    }

    #[test]
    fn the_same_text_gives_the_same_rules() {
        let a = font_faces("Fact sheet");
        assert_eq!(a, font_faces("Fact sheet"));
        assert_eq!(a.matches("@font-face").count(), 4);
        assert!(a.contains("font-weight: 600; font-style: normal"));
        assert!(a.contains("font-style: italic"));
        assert_ne!(a, font_faces("Fact sheet 2"));
    }
}
