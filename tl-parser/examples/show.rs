//! Parses the files given on the command line together and prints a summary and every diagnostic
//! (a development aid; `tlgen check` is the real command).
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut files = Vec::new();
    for a in &args {
        match std::fs::read_to_string(a) {
            Ok(text) => files.push((a.clone(), text)),
            Err(e) => return eprintln!("{a}: {e}"),
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    match tlgen_parser::parse_files(&refs) {
        Ok(set) => {
            for s in &set.schemas {
                let n = |c| s.definitions.iter().filter(|d| d.category == c).count();
                let declared = s
                    .definitions
                    .iter()
                    .filter(|d| d.declared_id.is_some())
                    .count();
                println!(
                    "{}: layer {:?}, {} types, {} functions, {} declared ids, {} type docs",
                    s.file_name,
                    s.layer,
                    n(tlgen_parser::Category::Type),
                    n(tlgen_parser::Category::Function),
                    declared,
                    s.type_docs.len()
                );
            }
            print!("{}", set.warnings);
        }
        Err(r) => println!("ERR\n{r}"),
    }
}
