// Generates one module per real schema of the TL family kept as parser fixtures, so that
// `cargo build` proves the generated code compiles (and `cargo clippy` that it is lint-clean),
// one for `runs.tl`, whose bytes src/lib.rs checks, and `secret_api_client`, the secret-chat
// schema without functions' decoders (`Config:.function_decoders(false)`).
const SCHEMAS: [&str; 5] = [
    "secret_api",
    "ton_api",
    "lite_api",
    "tonlib_api",
    "tdesktop_layer74_api",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for name in SCHEMAS {
        tl_codegen::Config::new()
            .schema(format!("../../tl-parser/tests/fixtures/{name}.tl"))
            .file_name(format!("{name}.rs"))
            // TON and secret-chat schemas keep legacy ids on purpose; the parser's tests check them.
            .print_warnings(false)
            .generate()?;
    }
    // The secret-chat schema again as a client would generate it: without functions' decoders.
    tl_codegen::Config::new()
        .schema("../../tl-parser/tests/fixtures/secret_api.tl")
        .file_name("secret_api_client.rs")
        .print_warnings(false)
        .function_decoders(false)
        .generate()?;
    // Not a real schema: constructs the real ones lack (see its comment).
    tl_codegen::Config::new()
        .schema("runs.tl")
        .file_name("runs.rs")
        .generate()?;
    Ok(())
}
