//! Embeds the built widget (`widget/dist`, made by `make widget`) into the Worker, so one
//! deploy ships the API and the exact widget files it was tested with.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let dist = env::var_os("ATTEST_WIDGET_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../widget/dist"));
    println!("cargo:rerun-if-env-changed=ATTEST_WIDGET_DIST");
    println!("cargo:rerun-if-changed={}", dist.display());

    let mut files: Vec<PathBuf> = match fs::read_dir(&dist) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    if files.is_empty() {
        println!(
            "cargo:warning=no widget files in {}: run `make widget` first; /v1/widget.js will answer 503",
            dist.display()
        );
    }

    let mut table = String::from("pub static WIDGET_FILES: &[WidgetFile] = &[\n");
    for path in &files {
        let name = path.file_name().unwrap().to_str().unwrap();
        let content_type = match path.extension().and_then(|e| e.to_str()) {
            Some("js") => "text/javascript; charset=utf-8",
            Some("wasm") => "application/wasm",
            Some("css") => "text/css; charset=utf-8",
            Some("json") => "application/json",
            _ => continue,
        };
        let bytes = fs::read(path).unwrap();
        let etag = format!("\"{:016x}\"", fnv1a(&bytes));
        let canonical = fs::canonicalize(path).unwrap();
        writeln!(
            table,
            "    WidgetFile {{ name: {name:?}, content_type: {content_type:?}, etag: {etag:?}, body: include_bytes!({canonical:?}) }},"
        )
        .unwrap();
    }
    table.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("widget_files.rs");
    fs::write(out, table).unwrap();
}

/// A content hash for ETags; it only has to change when the bytes do.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}
