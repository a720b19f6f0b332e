//! Built units kept on disk until the end of a run, so that memory follows the
//! largest unit and not the number of projects: each unit's record and file
//! entries go to a file of their own beside the staging folder, and
//! `index.html` and `manifest.json` are streamed from them when all are built.

use std::path::{Path, PathBuf};

use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::diag::msg::pack as msg;

use super::fsops::{self, io_err, FileEntry};
use super::record::{Accepted, LeftOut, UnitRecord, MANIFEST};
use super::{index, PackError};

/// The folder of a run's spilled units (removed with the run's other leftovers).
pub(crate) struct Spill {
    dir: PathBuf,
}

/// One unit on disk, with what the pack's totals need.
pub(crate) struct Spilled {
    /// Its position in pack order.
    pub order: usize,
    /// Its folder followed by `/`: the prefix of all its files' paths.
    pub prefix: String,
    /// Its projects.
    pub projects: usize,
    /// The forms its projects use.
    pub forms: Vec<String>,
    /// Its files and their total size.
    pub files: usize,
    /// Total size of its files.
    pub bytes: u64,
    /// Whether the unit's folder holds PDFs.
    pub pdf: bool,
}

impl Spill {
    /// A fresh spill folder beside the staging folder `staging`.
    pub fn beside(staging: &Path) -> Result<Spill, PackError> {
        let dir = PathBuf::from(format!("{}-units", staging.display()));
        // A new folder, never one already there (a link planted in its place).
        std::fs::create_dir(&dir).map_err(|e| io_err(&dir, msg::CANNOT_CREATE_TEMP_FOLDER, e))?;
        Ok(Spill { dir })
    }

    /// The file of one part (`unit` or `files`) of the unit at `order`: the
    /// index and the manifest's units read the record, its outputs the files.
    fn path(&self, order: usize, part: &str) -> PathBuf {
        self.dir.join(format!("{order}.{part}.json"))
    }

    fn write<T: serde::Serialize + ?Sized>(&self, path: &Path, value: &T) -> Result<(), PackError> {
        let bytes = serde_json::to_vec(value).unwrap_or_default();
        std::fs::write(path, bytes).map_err(|e| io_err(path, msg::CANNOT_WRITE_TEMP_FILE, e))
    }

    fn read<T: serde::de::DeserializeOwned>(&self, path: &Path) -> Result<T, PackError> {
        let bytes = std::fs::read(path).map_err(|e| io_err(path, msg::CANNOT_READ_TEMP_FILE, e))?;
        serde_json::from_slice(&bytes).map_err(|e| PackError::Record {
            path: path.to_path_buf(),
            message: msg::temp_file_corrupt(e),
        })
    }

    /// Puts the unit in pack position `order` on disk.
    pub fn put(
        &self,
        order: usize,
        record: &UnitRecord,
        entries: &[FileEntry],
    ) -> Result<Spilled, PackError> {
        self.write(&self.path(order, "unit"), record)?;
        self.write(&self.path(order, "files"), entries)?;
        let mut forms: Vec<String> = record.projects.iter().map(|p| p.form.clone()).collect();
        forms.sort();
        forms.dedup();
        Ok(Spilled {
            order,
            prefix: format!("{}/", record.dir),
            projects: record.projects.len(),
            forms,
            files: entries.len(),
            bytes: entries.iter().map(|e| e.size).sum(),
            pdf: record.pdf,
        })
    }

    /// The unit's record back from disk.
    pub fn record(&self, s: &Spilled) -> Result<UnitRecord, PackError> {
        self.read(&self.path(s.order, "unit"))
    }

    /// The unit's files back from disk, sorted by path.
    pub fn entries(&self, s: &Spilled) -> Result<Vec<FileEntry>, PackError> {
        let mut entries: Vec<FileEntry> = self.read(&self.path(s.order, "files"))?;
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }

    /// Removes the spill folder.
    pub fn remove(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What the pack's last two files are made of.
pub(crate) struct Pack<'a> {
    pub year: u16,
    pub inputs: Vec<FileEntry>,
    /// The built units, in pack order.
    pub units: Vec<Spilled>,
    pub left_out: Vec<LeftOut>,
    /// The tables published with accepted findings.
    pub accepted: Vec<Accepted>,
    pub spill: &'a Spill,
    /// The index's words.
    pub headings: &'a crate::form::Headings,
}

/// The manifest as written: the fields of [`super::record::Manifest`], in its
/// order, with the units and outputs read from the spill as they are written.
#[derive(Serialize)]
struct ManifestOut<'a> {
    jixiao: &'a str,
    year: u16,
    forms: Vec<&'a str>,
    inputs: &'a [FileEntry],
    units: Units<'a>,
    left_out: &'a [LeftOut],
    accepted: &'a [Accepted],
    outputs: Outputs<'a>,
}

struct Units<'a>(&'a Pack<'a>);

impl Serialize for Units<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.units.len()))?;
        for u in &self.0.units {
            let record = self.0.spill.record(u).map_err(S::Error::custom)?;
            seq.serialize_element(&record)?;
        }
        seq.end()
    }
}

/// Every output but the manifest, sorted by path: the units' files (each unit's
/// paths share its prefix, so units sorted by prefix keep the order) and the index.
struct Outputs<'a> {
    pack: &'a Pack<'a>,
    index: &'a FileEntry,
}

impl Serialize for Outputs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut by_path: Vec<&Spilled> = self.pack.units.iter().collect();
        by_path.sort_by(|a, b| a.prefix.cmp(&b.prefix));
        let count = by_path.iter().map(|u| u.files).sum::<usize>() + 1;
        let mut seq = s.serialize_seq(Some(count))?;
        let mut index = Some(self.index);
        for u in by_path {
            if let Some(i) = index.filter(|i| i.path < u.prefix) {
                seq.serialize_element(i)?;
                index = None;
            }
            let entries = self.pack.spill.entries(u).map_err(S::Error::custom)?;
            for e in &entries {
                seq.serialize_element(e)?;
            }
        }
        if let Some(i) = index {
            seq.serialize_element(i)?;
        }
        seq.end()
    }
}

/// The pack's totals once its last two files are written.
pub(crate) struct Totals {
    /// Files in the pack, the manifest included.
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
}

/// Writes `index.html` and `manifest.json` into `staging`.
pub(crate) fn finish(pack: &Pack, staging: &Path) -> Result<Totals, PackError> {
    let projects = pack.units.iter().map(|u| u.projects).sum();
    let index = fsops::write_with(staging, Path::new("index.html"), |out| {
        let head = index::head(
            pack.headings,
            pack.year,
            (
                distinct_units(pack.units.iter()),
                distinct_units(pack.units.iter().filter(|u| !u.pdf)),
            ),
            projects,
            pack.left_out.len(),
        );
        out.write_all(head.as_bytes())?;
        for u in &pack.units {
            let record = pack.spill.record(u).map_err(std::io::Error::other)?;
            out.write_all(index::unit(pack.headings, pack.year, &record).as_bytes())?;
        }
        out.write_all(index::tail(pack.headings, &pack.left_out, &pack.accepted).as_bytes())
    })?;
    let mut forms: Vec<&str> = pack
        .units
        .iter()
        .flat_map(|u| u.forms.iter().map(String::as_str))
        .collect();
    forms.sort_unstable();
    forms.dedup();
    let manifest = ManifestOut {
        jixiao: env!("CARGO_PKG_VERSION"),
        year: pack.year,
        forms,
        inputs: &pack.inputs,
        units: Units(pack),
        left_out: &pack.left_out,
        accepted: &pack.accepted,
        outputs: Outputs {
            pack,
            index: &index,
        },
    };
    let own = fsops::write_with(staging, Path::new(MANIFEST), |out| {
        serde_json::to_writer_pretty(&mut *out, &manifest)?;
        out.write_all(b"\n")
    })?;
    Ok(Totals {
        files: pack.units.iter().map(|u| u.files).sum::<usize>() + 2,
        bytes: pack.units.iter().map(|u| u.bytes).sum::<u64>() + index.size + own.size,
    })
}

/// How many units these parts are of: a unit's 目标表s are a part inside its folder.
pub(crate) fn distinct_units<'a>(parts: impl Iterator<Item = &'a Spilled>) -> usize {
    let mut units: Vec<&str> = parts
        .map(|u| u.prefix.split('/').next().unwrap_or_default())
        .collect();
    units.sort_unstable();
    units.dedup();
    units.len()
}
