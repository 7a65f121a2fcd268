//! The project's inputs besides the selection: the dataset (read and
//! checked), the templates' label files and their theme, each read once and
//! handed on as a finished value.

pub mod file;
mod labels;
mod theme;

pub use labels::{load_label_files, load_locales};
pub use theme::{ChartStyle, load_chart_style};

use std::path::PathBuf;

use crate::dataset::{self, Dataset};
use crate::diag::Diagnostics;
use crate::typeset::world::TemplateSource;

/// Where the dataset is read from.
#[derive(Debug, Clone)]
pub enum DataSource {
    /// The dataset compiled into the binary.
    Embedded,
    /// A folder on disk.
    Dir(PathBuf),
}

/// The inputs of a run, with defaults applied.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Dataset.
    pub data: DataSource,
    /// Templates.
    pub templates: TemplateSource,
}

impl Inputs {
    /// The input folders on disk, each with what it holds (`data`, `templates`).
    pub fn folders(&self) -> Vec<(&'static str, &std::path::Path)> {
        let mut folders = Vec::new();
        if let DataSource::Dir(dir) = &self.data {
            folders.push(("data", dir.as_path()));
        }
        if let TemplateSource::Dir(dir) = &self.templates {
            folders.push(("templates", dir.as_path()));
        }
        folders
    }
}

/// Reads and checks the dataset named by `inputs`, with the copies of its
/// sources' texts.
pub fn load_dataset(data: &DataSource) -> Result<(Dataset, Diagnostics), Diagnostics> {
    match data {
        DataSource::Embedded => {
            let (mut ds, warnings) =
                dataset::load(dataset::embedded(), dataset::embedded_outlines)?;
            let read = |name: &str| {
                crate::assets::files(&crate::assets::DEFAULT_DATA)
                    .into_iter()
                    .find(|(path, _)| *path == name)
                    .map(|(_, bytes)| bytes.to_vec())
                    .ok_or_else(|| "is not in the built-in dataset".to_owned())
            };
            ds.source_files = dataset::read_source_files(&ds, read)?;
            ds.emblem = dataset::read_emblem(&ds, read)?;
            Ok((ds, warnings))
        }
        DataSource::Dir(dir) => {
            let (mut ds, warnings) =
                dataset::load(dataset::read_dir(dir)?, || dataset::read_outlines_dir(dir))?;
            let root = crate::limits::data_root(dir);
            let read = |name: &str| {
                let path = dir.join(name);
                if !path.is_file() {
                    return Err(format!("is not in {}", dir.display()));
                }
                crate::limits::read_inside(&root, &path, name)
                    .map_err(|d| format!("cannot be read: {}", d.message))
            };
            ds.source_files = dataset::read_source_files(&ds, read)?;
            ds.emblem = dataset::read_emblem(&ds, read)?;
            Ok((ds, warnings))
        }
    }
}
