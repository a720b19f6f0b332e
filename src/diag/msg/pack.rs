//! Messages of the pack: writing, merging, guarding the outputs folder.
