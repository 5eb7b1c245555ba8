fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let files: Vec<(String, String)> = args
        .iter()
        .map(|a| (a.clone(), std::fs::read_to_string(a).unwrap()))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    match tl_parser::parse_files(&refs) {
        Ok(s) => println!("OK {}", s.warnings),
        Err(r) => println!("ERR\n{r}"),
    }
}
