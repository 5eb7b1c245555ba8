//! `tlgen_codegen::diff` on small hand-made schema pairs, one per kind of change: the class the
//! change gets (asserted here, so that accepting a snapshot cannot hide a misclassification) and
//! the exact text report (a snapshot in `snapshots/`).

use tlgen_codegen::diff::{self, Class, Diff, Format, Item, Layer};

fn diff(old: &str, new: &str) -> Diff {
    let old = Layer::from_texts(&[("old.tl", old)]).expect("the old schema generates");
    let new = Layer::from_texts(&[("new.tl", new)]).expect("the new schema generates");
    diff::diff(&old, &new)
}

/// `case!(name, worst class, old schema, new schema)`: one test asserting the worst class of the
/// whole diff and snapshotting its text report.
macro_rules! case {
    ($name:ident, $worst:expr, $old:expr, $new:expr $(,)?) => {
        #[test]
        fn $name() {
            let d = diff($old, $new);
            assert_eq!(d.worst(), $worst, "{}", d.render(Format::Text));
            insta::assert_snapshot!(stringify!($name), d.render(Format::Text));
        }
    };
}

const BREAKING: Option<Class> = Some(Class::Breaking);
const WIRE: Option<Class> = Some(Class::Wire);
const ADDITIVE: Option<Class> = Some(Class::Additive);

case!(
    identical_schemas_have_no_changes,
    None,
    "// LAYER 1\nuser#00000001 id:long = User;",
    "// LAYER 1\nuser#00000001 id:long = User;",
);

case!(
    a_respelling_that_keeps_the_id_is_no_change,
    None,
    "v#00000001 ids:Vector<long> = V;",
    "v#00000001   ids:Vector long   = V;",
);

case!(
    layers_of_both_sides_are_reported,
    WIRE,
    "// LAYER 1\nuser#00000001 id:long = User;",
    "// LAYER 2\nuser#00000002 id:long = User;",
);

case!(
    new_type_with_its_constructor_is_additive,
    ADDITIVE,
    "user#00000001 id:long = User;",
    "user#00000001 id:long = User;\nchat#00000002 id:long = Chat;",
);

case!(
    new_constructor_of_an_existing_type_is_breaking,
    BREAKING,
    "userEmpty#00000001 id:long = User;",
    "userEmpty#00000001 id:long = User;\nuser#00000002 id:long name:string = User;",
);

case!(
    removed_constructor_and_type_are_breaking,
    BREAKING,
    "user#00000001 id:long = User;\nchat#00000002 id:long = Chat;",
    "user#00000001 id:long = User;",
);

case!(
    new_function_is_additive,
    ADDITIVE,
    "user#00000001 id:long = User;",
    "user#00000001 id:long = User;\n---functions---\ngetUser#00000002 id:long = User;",
);

case!(
    removed_function_is_breaking,
    BREAKING,
    "user#00000001 id:long = User;\n---functions---\ngetUser#00000002 id:long = User;",
    "user#00000001 id:long = User;",
);

case!(
    id_change_alone_is_wire,
    WIRE,
    "user#00000001 id:long = User;",
    "user#000000ff id:long = User;",
);

case!(
    new_optional_field_of_a_struct_with_new_is_additive,
    ADDITIVE,
    "user#00000001 flags:# id:long name:flags.0?string = User;",
    "user#00000001 flags:# id:long name:flags.0?string bot:flags.1?true about:flags.2?string = User;",
);

case!(
    first_optional_field_is_breaking,
    BREAKING,
    "user#00000001 id:long = User;",
    "user#00000001 flags:# id:long name:flags.0?string = User;",
);

case!(
    new_required_field_is_breaking,
    BREAKING,
    "user#00000001 id:long = User;",
    "user#00000001 id:long access_hash:long = User;",
);

case!(
    removed_field_is_breaking,
    BREAKING,
    "user#00000001 flags:# id:long name:flags.0?string = User;",
    "user#00000001 flags:# id:long = User;",
);

case!(
    rename_that_keeps_the_rust_name_is_additive,
    ADDITIVE,
    "user#00000001 accessHash:long = User;",
    "user#00000001 access_hash:long = User;",
);

case!(
    rename_of_the_rust_field_is_breaking,
    BREAKING,
    "message#00000001 id:int to_id:long = Message;",
    "message#00000001 id:int peer_id:long = Message;",
);

case!(
    parameter_type_change_is_breaking,
    BREAKING,
    "user#00000001 id:int = User;",
    "user#00000001 id:long = User;",
);

case!(
    string_to_bytes_keeps_the_bytes_but_breaks_the_rust_type,
    BREAKING,
    "res#00000001 pq:string = Res;",
    "res#00000001 pq:bytes = Res;",
);

case!(
    boxed_to_bare_vector_is_wire,
    WIRE,
    "list#00000001 ids:Vector<long> = List;",
    "list#00000001 ids:vector<long> = List;",
);

case!(
    flag_bit_change_is_wire,
    WIRE,
    "user#00000001 flags:# name:flags.0?string = User;",
    "user#00000001 flags:# name:flags.3?string = User;",
);

case!(
    flag_word_change_is_wire,
    WIRE,
    "user#00000001 flags:# flags2:# name:flags.0?string = User;",
    "user#00000001 flags:# flags2:# name:flags2.0?string = User;",
);

case!(
    new_flags_word_is_wire,
    WIRE,
    "user#00000001 flags:# name:flags.0?string = User;",
    "user#00000001 flags:# name:flags.0?string flags2:# = User;",
);

case!(
    optional_turned_required_is_breaking,
    BREAKING,
    "user#00000001 flags:# id:long name:flags.0?string = User;",
    "user#00000001 flags:# id:long name:string = User;",
);

case!(
    required_turned_optional_is_breaking,
    BREAKING,
    "user#00000001 flags:# id:long name:string = User;",
    "user#00000001 flags:# id:long name:flags.0?string = User;",
);

case!(
    optional_parameters_reordered_is_wire,
    WIRE,
    "user#00000001 flags:# id:long a:flags.0?int b:flags.1?string = User;",
    "user#00000001 flags:# id:long b:flags.1?string a:flags.0?int = User;",
);

case!(
    required_parameters_reordered_without_new_is_wire,
    WIRE,
    "point#00000001 x:int y:long = Point;",
    "point#00000001 y:long x:int = Point;",
);

case!(
    required_parameters_reordered_with_new_is_breaking,
    BREAKING,
    "point#00000001 flags:# x:int y:int label:flags.0?string = Point;",
    "point#00000001 flags:# y:int x:int label:flags.0?string = Point;",
);

case!(
    parameter_joining_a_flag_group_is_breaking,
    BREAKING,
    "message#00000001 flags:# id:int views:flags.10?int = Message;",
    "message#00000001 flags:# id:int views:flags.10?int forwards:flags.10?int = Message;",
);

case!(
    true_flag_becoming_an_accessor_is_breaking,
    BREAKING,
    "user#00000001 flags:# id:long bot:flags.14?true = User;",
    "user#00000001 flags:# id:long bot:flags.14?true bot_info_version:flags.14?int = User;",
);

case!(
    constructor_moved_to_another_type_is_breaking,
    BREAKING,
    "a#00000001 = A;\nb#00000002 = A;\nc#00000003 = C;",
    "a#00000001 = A;\nb#00000002 = C;\nc#00000003 = C;",
);

case!(
    function_result_change_is_breaking,
    BREAKING,
    "user#00000001 id:long = User;\nchat#00000002 id:long = Chat;\n---functions---\nget#00000003 id:long = User;",
    "user#00000001 id:long = User;\nchat#00000002 id:long = Chat;\n---functions---\nget#00000003 id:long = Chat;",
);

case!(
    function_result_boxed_to_bare_vector_is_wire,
    WIRE,
    "---functions---\nget#00000003 id:long = Vector<long>;",
    "---functions---\nget#00000003 id:long = vector<long>;",
);

case!(
    growing_past_the_inline_size_boxes_the_variant,
    BREAKING,
    "photo#00000001 flags:# id:long caption:flags.0?string = Photo;\nphotoEmpty#00000002 = Photo;",
    "photo#00000001 flags:# id:long caption:flags.0?string a:flags.1?string b:flags.2?string c:flags.3?string = Photo;\nphotoEmpty#00000002 = Photo;",
);

case!(
    a_new_cycle_boxes_a_field_of_an_unchanged_constructor,
    BREAKING,
    "pair#00000001 left:Item = Pair;\nitem#00000002 x:int = Item;",
    "pair#00000001 left:Item = Pair;\nitem#00000002 flags:# x:int pair:flags.0?Pair = Item;",
);

case!(
    a_new_constructor_can_rename_existing_variants,
    BREAKING,
    "fooBar#00000001 = Foo;\nfooBaz#00000002 = Foo;",
    "fooBar#00000001 = Foo;\nfooBaz#00000002 = Foo;\nbar#00000003 = Foo;",
);

case!(
    definition_moving_from_constructors_to_functions_is_a_removal_and_an_addition,
    BREAKING,
    "pong#00000001 id:long = Pong;\nping#00000002 id:long = Pong;",
    "pong#00000001 id:long = Pong;\n---functions---\nping#00000002 id:long = Pong;",
);

case!(
    generic_parameters_change_is_breaking,
    BREAKING,
    "---functions---\ninvoke#00000001 {X:Type} query:!X = X;",
    "---functions---\ninvoke#00000001 {X:Type} {Y:Type} query:!X other:!Y = X;",
);

#[test]
fn moves_between_constructors_and_functions_are_one_removal_and_one_addition() {
    let d = diff(
        "pong#00000001 id:long = Pong;\nping#00000002 id:long = Pong;",
        "pong#00000001 id:long = Pong;\n---functions---\nping#00000002 id:long = Pong;",
    );
    let kinds: Vec<(Item, &str, &str)> = d
        .changes
        .iter()
        .map(|c| (c.item, c.name.as_str(), c.kind.as_str()))
        .collect();
    assert!(
        kinds.contains(&(Item::Constructor, "ping", "removed")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(Item::Function, "ping", "added")),
        "{kinds:?}"
    );
    assert!(
        !d.changes
            .iter()
            .any(|c| c.kind.as_str() == "changed" && c.name == "ping"),
        "{kinds:?}"
    );
}

/// One pair with changes of every class, in the three formats.
const OLD: &str = "// LAYER 100
user#00000001 flags:# id:long name:flags.0?string = User;
userEmpty#00000002 id:long = User;
chat#00000003 id:long = Chat;
---functions---
getUser#00000010 id:long = User;
";
const NEW: &str = "// LAYER 101
user#00000001 flags:# id:long name:flags.0?string about:flags.1?string = User;
userEmpty#00000022 id:long = User;
userDeleted#00000004 id:long = User;
channel#00000005 id:long title:string = Channel;
---functions---
getUser#00000010 id:long = User;
getChannel#00000011 id:long = Channel;
";

#[test]
fn text_report() {
    insta::assert_snapshot!(diff(OLD, NEW).render(Format::Text));
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!(diff(OLD, NEW).render(Format::Markdown));
}

#[test]
fn json_report() {
    insta::assert_snapshot!(diff(OLD, NEW).render(Format::Json));
}

#[test]
fn classes_of_the_mixed_pair() {
    let d = diff(OLD, NEW);
    let class = |item, name| d.find(item, name).map(|c| c.class);
    assert_eq!(class(Item::Constructor, "user"), ADDITIVE);
    assert_eq!(class(Item::Constructor, "userEmpty"), WIRE);
    assert_eq!(class(Item::Constructor, "userDeleted"), BREAKING);
    assert_eq!(class(Item::Constructor, "channel"), ADDITIVE);
    assert_eq!(class(Item::Constructor, "chat"), BREAKING);
    assert_eq!(class(Item::Type, "User"), BREAKING);
    assert_eq!(class(Item::Type, "Chat"), BREAKING);
    assert_eq!(class(Item::Type, "Channel"), ADDITIVE);
    assert_eq!(class(Item::Function, "getChannel"), ADDITIVE);
    assert_eq!(class(Item::Function, "getUser"), None);
    assert_eq!((d.old.layer, d.new.layer), (Some(100), Some(101)));
    assert_eq!(d.old.files, ["old.tl"]);
}

#[test]
fn schema_errors_are_reported_with_their_location() {
    let error = Layer::from_texts(&[("broken.tl", "user#00000001 id:Nope = User;")]).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("broken.tl:1:"), "{text}");
    assert!(text.contains("unknown type `Nope`"), "{text}");
    assert!(matches!(error, tlgen_codegen::Error::Schema(_)));
}

#[test]
fn several_files_make_one_side() {
    let old = Layer::from_texts(&[
        ("api.tl", "// LAYER 7\nuser#00000001 id:long = User;"),
        ("mtproto.tl", "pong#00000002 ping_id:long = Pong;"),
    ])
    .unwrap();
    let new =
        Layer::from_texts(&[("api.tl", "// LAYER 8\nuser#00000001 id:long = User;")]).unwrap();
    let d = diff::diff(&old, &new);
    assert_eq!(d.old.files, ["api.tl", "mtproto.tl"]);
    assert_eq!(d.old.layer, Some(7));
    let names: Vec<&str> = d.changes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Pong", "pong"]);
    assert_eq!(d.worst(), BREAKING);
}

#[test]
fn the_readme_example_is_this_report() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let section = readme
        .split("## When a new layer lands")
        .nth(1)
        .expect("the README has a section on tlgen diff");
    let example = section
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the section shows a text report");
    let report = diff(OLD, NEW).render(Format::Text);
    let shown: Vec<&str> = example.lines().filter(|l| l.trim() != "...").collect();
    assert!(shown.len() > 10, "{example}");
    for line in shown {
        assert!(
            report.lines().any(|l| l == line),
            "not in the report: {line:?}\n{report}"
        );
    }
}

case!(
    bool_turned_true_flag_without_new_is_wire,
    WIRE,
    "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\nsettings#00000001 has_recovery:Bool = Settings;",
    "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\nsettings#00000001 flags:# has_recovery:flags.0?true = Settings;",
);

case!(
    bool_turned_true_flag_with_new_is_breaking,
    BREAKING,
    "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\nsettings#00000001 flags:# has_recovery:Bool hint:flags.1?string = Settings;",
    "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\nsettings#00000001 flags:# has_recovery:flags.0?true hint:flags.1?string = Settings;",
);
