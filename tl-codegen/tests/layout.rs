//! The generated text is laid out as the emitters promise, over the real Telegram schema in both
//! output shapes: indentation in steps of four spaces, no trailing whitespace or tabs, one blank
//! line at most between items, and a newline at the end.

use std::path::Path;

use tl_codegen::{Config, CrateManifest, GeneratedFile, RuntimeDependency};

fn telegram() -> Config {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let mut config = Config::new();
    config
        .schema(schema.join("api.tl"))
        .schema(schema.join("mtproto.tl"))
        .print_warnings(false);
    config
}

fn layout_problems(file: &GeneratedFile) -> Vec<String> {
    let mut problems = Vec::new();
    let mut blank_before = false;
    for (i, line) in file.contents.lines().enumerate() {
        let at = format!("{}:{}", file.path, i + 1);
        let indent = line.len() - line.trim_start_matches(' ').len();
        if line.ends_with(char::is_whitespace) {
            problems.push(format!("{at}: trailing whitespace"));
        }
        if line.contains('\t') {
            problems.push(format!("{at}: a tab"));
        }
        if indent % 4 != 0 {
            problems.push(format!("{at}: indented by {indent} spaces"));
        }
        if line.is_empty() && blank_before {
            problems.push(format!("{at}: two blank lines in a row"));
        }
        blank_before = line.is_empty();
    }
    if !file.contents.ends_with('\n') || file.contents.ends_with("\n\n") {
        problems.push(format!("{}: does not end with one newline", file.path));
    }
    problems
}

#[test]
fn the_telegram_crate_and_single_file_are_laid_out_cleanly() {
    let manifest = CrateManifest {
        name: "tl-types".to_owned(),
        version: "0.1.0".to_owned(),
        runtime: RuntimeDependency::Path("../tl-runtime".to_owned()),
    };
    let mut files = telegram().generate_crate(&manifest).unwrap().files;
    files.extend(telegram().generate_single_file().unwrap().files);
    let problems: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .flat_map(layout_problems)
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
