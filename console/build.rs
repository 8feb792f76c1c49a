//! Links the console's WebAssembly with its relocations kept: `wasm-split-cli` reads them
//! to cut the module at each `#[lazy]` function into chunks that load when first needed.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--emit-relocs");
    }
}
