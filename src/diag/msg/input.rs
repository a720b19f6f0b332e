//! Messages of the readers: YAML, spreadsheets, Word documents, init and import.
