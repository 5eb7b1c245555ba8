//! Snapshot tests of rendered diagnostics: one malformed input per case, the whole report rendered
//! without colour. Review changes with `INSTA_UPDATE=always cargo test -p tlgen-parser --test diagnostics`
//! and `git diff tests/snapshots`.

use tlgen_parser::{Report, parse, parse_files};

/// A small valid prelude most cases build on, so that each case shows only its own error.
const PRELUDE: &str = "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n";

fn report(src: &str) -> Report {
    match parse("bad.tl", src) {
        Ok(p) => p.warnings,
        Err(r) => r,
    }
}

fn render(src: &str) -> String {
    let r = report(src);
    assert!(!r.is_empty(), "no diagnostics for {src:?}");
    r.to_string()
}

fn with_prelude(body: &str) -> String {
    render(&format!("{PRELUDE}{body}"))
}

macro_rules! case {
    ($name:ident, $render:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), $render);
        }
    };
}

case!(
    missing_semicolon_at_line_end,
    with_prelude("foo a:int = Foo\nbar = Bar;\n")
);
case!(
    unexpected_token_instead_of_semicolon,
    with_prelude("foo a:int = Foo }\n")
);
case!(bad_hex_id, with_prelude("foo#xyz a:int = Foo;\n"));
case!(
    id_longer_than_8_digits,
    with_prelude("foo#123456789 = Foo;\n")
);
case!(unknown_type, with_prelude("foo a:Baz = Foo;\n"));
case!(
    unknown_type_differs_in_case,
    with_prelude("foo a:bool = Foo;\n")
);
case!(
    unknown_type_one_edit_away,
    with_prelude("chat.peer id:int = chat.Peer;\nfoo a:chat.Peeer = Foo;\n")
);
case!(
    unknown_type_missing_its_namespace,
    with_prelude("chat.peer id:int = chat.Peer;\nfoo a:Vector<Peer> = Foo;\n")
);
case!(
    spaced_section_marker_and_unknown_marker,
    with_prelude("--- functions ---\nget = Bool;\n--- fns ---\n")
);
case!(
    unknown_function_result,
    with_prelude("---functions---\nget = Vector<User>;\n")
);
case!(
    flag_field_missing,
    with_prelude("foo a:flags.0?int = Foo;\n")
);
case!(
    flag_field_declared_after,
    with_prelude("foo a:flags.0?int flags:# = Foo;\n")
);
case!(
    flag_field_not_nat,
    with_prelude("foo flags:int a:flags.0?int = Foo;\n")
);
case!(
    flag_bit_out_of_range,
    with_prelude("foo flags:# a:flags.32?int = Foo;\n")
);
case!(
    flag_without_question_mark,
    with_prelude("foo flags:# a:flags.3int = Foo;\n")
);
case!(
    duplicate_definition,
    with_prelude("foo = Foo;\nfoo a:int = Foo;\n")
);
case!(
    duplicate_id,
    with_prelude("foo#12345678 = Foo;\nbar#12345678 a:int = Foo;\n")
);
case!(
    duplicate_parameter,
    with_prelude("foo a:int a:string = Foo;\n")
);
case!(
    bang_without_generic,
    with_prelude("---functions---\ninvoke query:!X = X;\n")
);
case!(
    bare_type_of_several_constructors,
    with_prelude("foo a:%Bool = Foo;\n")
);
case!(
    wrong_number_of_type_arguments,
    with_prelude("foo a:Vector b:Bool<int> = Foo;\n")
);
case!(
    unclosed_angle_bracket,
    with_prelude("foo a:Vector<int = Foo;\n")
);
case!(
    unclosed_parenthesis,
    with_prelude("foo a:(Vector int = Foo;\n")
);
case!(
    type_nested_too_deeply,
    with_prelude(&format!(
        "foo a:{}int{} = Foo;\n",
        "(".repeat(20),
        ")".repeat(20)
    ))
);
case!(
    unterminated_block_comment,
    with_prelude("foo = Foo;\n/* never closed\nbar = Bar;\n")
);
case!(
    unknown_section_marker,
    with_prelude("---methods---\nfoo = Foo;\n")
);
case!(
    generic_after_parameters,
    with_prelude("---functions---\ninvoke a:int {X:Type} q:!X = X;\n")
);
case!(
    primitive_marker_with_parameters,
    render("int a:int ? = Int;\n")
);
case!(missing_parameter_type, with_prelude("foo a: = Foo;\n"));
case!(
    missing_definition_name,
    with_prelude("#1234 a:int = Foo;\n")
);
case!(
    declared_id_mismatch_is_a_warning,
    with_prelude("foo#deadbeef a:int = Foo;\n")
);
case!(
    non_ascii_columns_count_characters,
    with_prelude("// Привет, мир\nfoo#1 имя:int = Foo;\n")
);
case!(tabs_line_up, with_prelude("foo\ta:int\tb:Nope = Foo;\n"));
case!(
    every_error_of_a_file_is_reported,
    with_prelude(
        "a#zz = A;\nb x:Nope = B;\nc x:Vector<int = C;\nd = D\ne flags:# y:flags.99?int = E;\nf = F;\n"
    )
);
case!(errors_across_files, {
    let api = format!("{PRELUDE}user id:int = User;\nvector {{t:Type}} # [ t ] = Vector t;\n");
    let other = "vector {t:Type} # [ t ] = Vector t;\nuser id:long = User;\nchat admins:Vector<Admin> = Chat;\n";
    match parse_files(&[("api.tl", &api), ("other.tl", other)]) {
        Ok(p) => p.warnings.to_string(),
        Err(r) => r.to_string(),
    }
});

#[test]
fn colour_rendering_only_adds_escapes() {
    let r = report("foo a:Baz = Foo;\n");
    let coloured = r.render(true);
    assert!(coloured.contains("\x1b["));
    let stripped = strip_ansi(&coloured);
    assert_eq!(stripped, r.render(false));
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn diagnostics_carry_position_and_label() {
    let r = report(&format!("{PRELUDE}foo a:Baz = Foo;\n"));
    let d = &r.diagnostics()[0];
    assert_eq!((d.line, d.column), (3, 7));
    assert_eq!(d.file, "bad.tl");
    assert_eq!(
        &format!("{PRELUDE}foo a:Baz = Foo;\n")[d.span.range()],
        "Baz"
    );
    assert!(!d.label.is_empty());
}
