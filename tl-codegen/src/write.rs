//! Writing generated files to disk, and checking a tree on disk against them.
//!
//! Writes are atomic (a temporary file renamed into place) and skip files whose contents are
//! unchanged, so timestamps only move when code does. A check compares the whole tree: files that
//! would be added, changed or deleted are all stale, each with a unified diff.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::{Error, GeneratedFile};

/// Writes `contents` to `path` atomically, unless it already holds exactly that.
/// Returns whether anything was written.
pub fn write_file(path: &Path, contents: &str) -> Result<bool, Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    if fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tlgen-tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, contents).map_err(|source| Error::Io {
        path: tmp.clone(),
        source,
    })?;
    fs::rename(&tmp, path).map_err(|source| {
        let _ = fs::remove_file(&tmp);
        Error::Io {
            path: path.to_owned(),
            source,
        }
    })?;
    Ok(true)
}

/// What writing a tree did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// Writes every file under `dir` and removes files tlgen generated there before that are no
/// longer generated (only files that start with the `@generated` marker are ever removed).
pub fn write_tree(dir: &Path, files: &[GeneratedFile]) -> Result<WriteSummary, Error> {
    let mut summary = WriteSummary::default();
    for file in files {
        if write_file(&dir.join(&file.path), &file.contents)? {
            summary.written.push(file.path.clone());
        } else {
            summary.unchanged += 1;
        }
    }
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for path in generated_files_on_disk(dir)? {
        if !wanted.contains(path.as_str()) {
            let full = dir.join(&path);
            fs::remove_file(&full).map_err(|source| Error::Io { path: full, source })?;
            summary.removed.push(path);
        }
    }
    Ok(summary)
}

/// One file that differs between the tree on disk and what would be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub path: String,
    pub change: Change,
    /// A unified diff from the file on disk to the generated one.
    pub diff: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Would be created.
    Added,
    /// Differs.
    Changed,
    /// Was generated before but is no longer.
    Deleted,
}

/// Compares `dir` with `files` without writing anything; empty when the tree is fresh.
pub fn check_tree(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<Stale>, Error> {
    let mut stale = Vec::new();
    for file in files {
        let full = dir.join(&file.path);
        match fs::read_to_string(&full) {
            Ok(old) if old == file.contents => {}
            Ok(old) => stale.push(Stale {
                path: file.path.clone(),
                change: Change::Changed,
                diff: unified_diff(&file.path, &old, &file.contents),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => stale.push(Stale {
                path: file.path.clone(),
                change: Change::Added,
                diff: unified_diff(&file.path, "", &file.contents),
            }),
            Err(source) => return Err(Error::Io { path: full, source }),
        }
    }
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for path in generated_files_on_disk(dir)? {
        if !wanted.contains(path.as_str()) {
            let full = dir.join(&path);
            let old =
                fs::read_to_string(&full).map_err(|source| Error::Io { path: full, source })?;
            stale.push(Stale {
                diff: unified_diff(&path, &old, ""),
                path,
                change: Change::Deleted,
            });
        }
    }
    Ok(stale)
}

/// A unified diff of `old` -> `new`, headed `a/path` and `b/path`.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Files under `dir` (relative, `/`-separated) whose first line carries the `@generated` marker.
fn generated_files_on_disk(dir: &Path) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => {
                return Err(Error::Io {
                    path: current,
                    source,
                });
            }
        };
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io {
                path: current.clone(),
                source,
            })?;
            let path = entry.path();
            let file_type = entry.file_type().map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            if file_type.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    pending.push(path);
                }
            } else if file_type.is_file()
                && starts_with_marker(&path)
                && let Ok(relative) = path.strip_prefix(dir)
            {
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

fn starts_with_marker(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 64];
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let n = file.read(&mut head).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    head.starts_with("// @generated by tlgen") || head.starts_with("# @generated by tlgen")
}
