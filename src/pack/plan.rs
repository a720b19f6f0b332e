//! Which unit each publishable table goes to, and the names of the unit folders.

use std::collections::BTreeMap;

use super::names::safe_file_name;
use super::record::MANIFEST;
use super::unique::Unique;
use crate::form::TableKind;
use crate::pipeline::Brief;

/// One unit of a run: its folder and its tables (indices into the run's briefs).
pub(crate) struct UnitPlan {
    /// 实施单位 (NFC).
    pub unit: String,
    /// Its folder inside the pack: the unit's, and for its 目标表s the
    /// `plans` folder inside it.
    pub dir: String,
    /// What its tables are: each kind is a part of its own.
    pub kind: TableKind,
    /// Its publishable tables, in input order.
    pub tables: Vec<usize>,
}

/// The units of the publishable tables, sorted by name, each with its folder;
/// a unit's 自评表s and its 目标表s are two parts, the 目标表s in the folder
/// `plans` inside the unit's.
pub(crate) fn plan(briefs: &[Brief], plans: &str) -> Vec<UnitPlan> {
    let mut by_unit: BTreeMap<&str, BTreeMap<TableKind, Vec<usize>>> = BTreeMap::new();
    for (i, b) in briefs.iter().enumerate() {
        if let (true, Some(unit)) = (b.is_publishable(), b.unit()) {
            let kinds = by_unit.entry(unit).or_default();
            kinds.entry(b.kind).or_default().push(i);
        }
    }
    let dirs = unit_dirs(by_unit.keys().copied());
    let mut out = Vec::new();
    for ((unit, kinds), dir) in by_unit.into_iter().zip(dirs) {
        for (kind, tables) in kinds {
            let dir = match kind {
                TableKind::Report => dir.clone(),
                TableKind::Plan => format!("{dir}/{plans}"),
            };
            out.push(UnitPlan {
                unit: unit.to_string(),
                dir,
                kind,
                tables,
            });
        }
    }
    out
}

/// The folder of each unit, given in pack order: file-system-safe and unique
/// (ignoring case), never the name of a file at the pack's top.
pub(crate) fn unit_dirs<'a>(units: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut dirs = Unique::new();
    dirs.reserve("index.html");
    dirs.reserve(MANIFEST);
    units.map(|u| dirs.take(&safe_file_name(u))).collect()
}
