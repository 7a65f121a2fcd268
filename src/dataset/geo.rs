//! Country outlines for maps (`data/geo/*.json`).

use serde::Deserialize;

use crate::diag::Diagnostic;

/// Outlines of countries, by id.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Outlines {
    /// Countries with their rings.
    pub countries: Vec<CountryOutline>,
}

/// One country's outline.
#[derive(Debug, Clone, Deserialize)]
pub struct CountryOutline {
    /// Country id (ISO 3166-1 alpha-2), matching `[[country]]` ids.
    pub id: String,
    /// Name in the outline source (used when the dataset does not name the country).
    pub name: String,
    /// Outer rings as `[lon, lat]` pairs.
    pub polygons: Vec<Vec<[f64; 2]>>,
}

impl Outlines {
    /// Parses one outline file; `name` is shown in errors.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<Outlines, Diagnostic> {
        serde_json::from_slice(bytes).map_err(|e| {
            Diagnostic::error(format!("{name}:{}:{}: cannot read country outlines: {e}", e.line(), e.column()))
                .hint("outline files are JSON: {\"countries\": [{\"id\", \"name\", \"polygons\"}]}; see data/geo/README.md")
        })
    }

    /// Adds another file's countries.
    pub fn extend(&mut self, other: Outlines) {
        self.countries.extend(other.countries);
    }
}
