//! Colours as the dataset and the theme write them: `"#rrggbb"`, checked by
//! one rule and reported in one wording wherever they are written.

/// The value of a `#rrggbb` colour, or `None` when `text` is not one.
pub fn parse(text: &str) -> Option<u32> {
    let hex = text.strip_prefix('#')?;
    if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        u32::from_str_radix(hex, 16).ok()
    } else {
        None
    }
}

/// The message for a value that is not a colour.
pub fn not_a_colour(text: &str) -> String {
    format!("`{text}` is not a colour")
}

/// What to write instead, for a value that is not a colour.
pub const HINT: &str = "write colours as \"#rrggbb\", e.g. \"#2f6f3e\"";

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_hash_and_six_hex_digits_are_a_colour() {
        assert_eq!(super::parse("#2f6f3e"), Some(0x2f6f3e));
        assert_eq!(super::parse("#2F6F3E"), Some(0x2f6f3e));
        for bad in ["2f6f3e", "#2f6f3", "#2f6f3e0", "#ggg000", "é", "#éé00", "", "#"] {
            assert_eq!(super::parse(bad), None, "{bad:?}");
        }
    }
}
