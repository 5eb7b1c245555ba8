// build.rs: generate Rust types for schema/shop.tl into OUT_DIR.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    tlgen_codegen::Config::new()
        .schema("schema/shop.tl")
        .type_attribute("#[derive(PartialOrd)]")
        .generate()?;
    Ok(())
}
