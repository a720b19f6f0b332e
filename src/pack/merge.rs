//! `jixiao merge`: joins packs built by separate `--unit` runs (on other machines,
//! say) into one pack, byte for byte the pack a single run over all those units
//! would have made.

use crate::form::TableKind;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::fsops::FileEntry;
use super::record::{Accepted, LeftOut, Manifest, UnitRecord};
use super::spill::{finish, Pack, Spill, Spilled};
use super::{build, guard, plan, swap, PackError};
use crate::diag::msg::pack as msg;

/// What a merge needs to know.
#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// The packs to join (each a folder with its `manifest.json`).
    pub packs: Vec<PathBuf>,
    /// The folder of the joined pack (replaced as a whole).
    pub out: PathBuf,
    /// Replace `out` even when it holds files no pack wrote.
    pub force: bool,
}

/// What a merge made.
#[derive(Debug)]
pub struct Merged {
    /// Units in the joined pack.
    pub units: usize,
    /// Projects in the joined pack.
    pub projects: usize,
    /// Files written (manifest included).
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
    /// Replaced packs that could not be deleted, set aside for the user to delete.
    pub leftovers: Vec<PathBuf>,
}

fn refuse(path: &Path, message: impl Into<String>) -> PackError {
    PackError::Record {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Joins the packs into `out`; nothing is written when they do not fit together
/// (other years, other inputs, one unit built differently in two packs).
pub fn merge(opts: &MergeOptions) -> Result<Merged, PackError> {
    let Some(first) = opts.packs.first() else {
        return Err(refuse(&opts.out, msg::NO_PACKS_TO_MERGE));
    };
    // A link to a folder is written through: the pack goes into its target.
    let resolved = MergeOptions {
        out: guard::resolve_outputs(&opts.out)?,
        ..opts.clone()
    };
    let opts = &resolved;
    let mut manifests = Vec::with_capacity(opts.packs.len());
    for pack in &opts.packs {
        guard::check_overlap(pack, &opts.out)?;
        match Manifest::read(pack)? {
            Some(m) => manifests.push(m),
            None => return Err(refuse(pack, msg::NOT_A_PACK)),
        }
    }
    let (year, version) = (manifests[0].year, manifests[0].jixiao.clone());
    for (pack, m) in opts.packs.iter().zip(&manifests) {
        if m.year != year {
            return Err(refuse(pack, msg::other_year(m.year, first, year)));
        }
        if m.jixiao != version {
            return Err(refuse(pack, msg::other_version(&m.jixiao, first, &version)));
        }
    }

    let mut inputs: BTreeMap<&str, (&FileEntry, &Path)> = BTreeMap::new();
    // A unit's 自评表s and 目标表s are two parts, each joined on its own.
    let mut units: BTreeMap<(&str, TableKind), (usize, &UnitRecord)> = BTreeMap::new();
    let mut left_out: BTreeMap<(&str, usize), &LeftOut> = BTreeMap::new();
    let mut accepted: BTreeMap<(&str, usize), &Accepted> = BTreeMap::new();
    for (i, (pack, m)) in opts.packs.iter().zip(&manifests).enumerate() {
        for e in &m.inputs {
            if let Some((seen, other)) = inputs.insert(&e.path, (e, pack)) {
                if seen.sha256 != e.sha256 {
                    return Err(refuse(pack, msg::other_input(&e.path, other)));
                }
            }
        }
        for r in &m.units {
            if let Some((j, seen)) = units.get(&(r.unit.as_str(), r.kind)) {
                if !same_unit(&manifests[*j], seen, m, r) {
                    return Err(refuse(
                        pack,
                        msg::unit_in_two_packs(&r.unit, &opts.packs[*j]),
                    ));
                }
                continue;
            }
            units.insert((&r.unit, r.kind), (i, r));
        }
        for l in &m.left_out {
            left_out.entry((&l.file, l.table)).or_insert(l);
        }
        for a in &m.accepted {
            accepted.entry((&a.file, a.table)).or_insert(a);
        }
    }

    let _lock = swap::lock(&opts.out)?;
    let mut leftovers = swap::recover(&opts.out)?;
    guard::check_owned(&opts.out, opts.force, None)?;
    let staging = swap::staging_dir(&opts.out)?;
    let spill = Spill::beside(&staging)?;
    let result = (|| {
        let headings = crate::form::Headings::builtin().map_err(|m| refuse(&opts.out, m))?;
        let names: std::collections::BTreeSet<&str> = units.keys().map(|(u, _)| *u).collect();
        let by_name: BTreeMap<&str, String> = (names.iter().copied())
            .zip(plan::unit_dirs(names.iter().copied()))
            .collect();
        let dirs: Vec<String> = (units.keys())
            .map(|(unit, kind)| {
                let dir = by_name.get(unit).cloned().unwrap_or_default();
                match kind {
                    TableKind::Report => dir,
                    TableKind::Plan => format!("{dir}/{}", headings.plans.folder),
                }
            })
            .collect();
        let spilled: Vec<Spilled> = units
            .values()
            .zip(&dirs)
            .enumerate()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(order, ((i, r), dir))| {
                let (entries, record) =
                    build::copy_unit(&opts.packs[*i], r, &manifests[*i].outputs, &staging, dir)?;
                spill.put(order, &record, &entries)
            })
            .collect::<Result<_, _>>()?;
        let pack = Pack {
            headings: &headings,
            year,
            inputs: inputs.into_values().map(|(e, _)| e.clone()).collect(),
            units: spilled,
            left_out: left_out.into_values().cloned().collect(),
            accepted: accepted.into_values().cloned().collect(),
            spill: &spill,
        };
        Ok::<_, PackError>((
            pack.units.iter().map(|u| u.projects).sum(),
            super::spill::distinct_units(pack.units.iter()),
            finish(&pack, &staging)?,
        ))
    })();
    spill.remove();
    let (projects, unit_count, totals) = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    match swap::swap_into_place(&staging, &opts.out) {
        Ok(left) => leftovers.extend(left),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    }
    Ok(Merged {
        units: unit_count,
        projects,
        files: totals.files,
        bytes: totals.bytes,
        leftovers,
    })
}

/// Whether a unit is the same in two packs: the same projects and the same files.
fn same_unit(ma: &Manifest, a: &UnitRecord, mb: &Manifest, b: &UnitRecord) -> bool {
    let files = |m: &Manifest, r: &UnitRecord| -> Vec<(String, String)> {
        let prefix = format!("{}/", r.dir);
        m.outputs
            .iter()
            .filter_map(|e| {
                // The unit's own files, not those of its 目标表s' folder.
                e.path
                    .strip_prefix(&prefix)
                    .filter(|rest| !rest.contains('/'))
                    .map(|rest| (rest.to_string(), e.sha256.clone()))
            })
            .collect()
    };
    a.projects == b.projects && files(ma, a) == files(mb, b)
}
