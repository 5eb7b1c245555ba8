// Generates one module per real schema of the TL family kept as parser fixtures, so that
// `cargo build` proves the generated code compiles (and `cargo clippy` that it is lint-clean):
// the current TDLib and TON schemas (tl-parser/tests/fixtures/{tdlib,ton}/; TDLib's td_api.tl
// nests bare vectors, `rows:vector<vector<keyboardButton>>`, whose bytes src/lib.rs checks), an
// api.tl from 2018, `runs.tl`, whose bytes src/lib.rs checks, and `secret_api_client`, the
// secret-chat schema without functions' decoders (`Config::function_decoders(false)`).
const FIXTURES: &str = "../../tl-parser/tests/fixtures";
const SCHEMAS: [(&str, &str); 9] = [
    ("tdlib", "td_api"),
    ("tdlib", "telegram_api"),
    ("tdlib", "mtproto_api"),
    ("tdlib", "secret_api"),
    ("tdlib", "e2e_api"),
    ("ton", "ton_api"),
    ("ton", "lite_api"),
    ("ton", "tonlib_api"),
    (".", "tdesktop_layer74_api"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for (dir, name) in SCHEMAS {
        tlgen_codegen::Config::new()
            .schema(format!("{FIXTURES}/{dir}/{name}.tl"))
            .file_name(format!("{name}.rs"))
            // These schemas keep legacy ids and shared ids on purpose; the parser's tests check them.
            .print_warnings(false)
            .generate()?;
    }
    // The secret-chat schema again as a client would generate it: without functions' decoders.
    tlgen_codegen::Config::new()
        .schema(format!("{FIXTURES}/tdlib/secret_api.tl"))
        .file_name("secret_api_client.rs")
        .print_warnings(false)
        .function_decoders(false)
        .generate()?;
    // Not a real schema: constructs the real ones lack (see its comment).
    tlgen_codegen::Config::new()
        .schema("runs.tl")
        .file_name("runs.rs")
        .generate()?;
    Ok(())
}
