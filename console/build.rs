//! Links the console's WebAssembly with its relocations kept: `wasm-split-cli` reads them
//! to cut the module at each `#[wasm_split]` function into parts that load when first needed.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--emit-relocs");
    }
}
