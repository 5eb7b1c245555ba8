//! Lowering: parsed schemas -> [`Ir`], as a sequence of named passes (see [`lower`]). Every
//! decision about names, types, boxing, flag groups and how values are coded is made here, and
//! every definition that cannot be mapped is reported (none is dropped).

mod api;
mod collisions;
mod combinator;
mod enums;
mod flags;
mod names;
mod plan;
mod recursion;
mod size;
mod types;

use tlgen_parser::{Category, Definition, DefinitionKind, Schema};

use crate::error::{Error, Unsupported};
use crate::ir::Ir;

pub use names::{pascal_case, snake_case};

/// One definition to generate, with the schema it came from.
#[derive(Clone, Copy)]
pub(crate) struct Source<'s, 'a> {
    pub schema: &'s Schema<'a>,
    pub def: &'s Definition<'a>,
}

impl Source<'_, '_> {
    fn problem(&self, offset: usize, message: String) -> Unsupported {
        Unsupported::at(self.schema.file_name, self.schema.source, offset, message)
    }
}

/// Turns the schemas (already parsed and validated together) into the IR, pass by pass.
pub fn lower(schemas: &[Schema<'_>]) -> Result<Ir, Error> {
    // 1. What is generated: the regular definitions, as constructors and functions.
    let sources = Sources::select(schemas);
    // 2. One enum per boxed type, in order of first appearance, its variants named.
    let declared = enums::declare(&sources.constructors);
    // 3. Structs: fields, flag groups and wire order of every constructor and function.
    let names = types::Names::new(
        &declared.enums,
        &sources.constructors,
        &declared.constructor_paths,
    );
    let lowered = combinator::lower_all(&sources, &declared, &names);
    // 4. No two TL names may map to one Rust item.
    let mut problems = lowered.problems;
    problems.extend(collisions::check(
        &declared,
        &lowered.constructors,
        &lowered.functions,
    ));
    if !problems.is_empty() {
        return Err(Error::Unsupported(problems));
    }
    let mut enums = declared.enums;
    let mut constructors: Vec<_> = lowered.constructors.into_iter().map(|(_, c)| c).collect();
    let mut functions: Vec<_> = lowered.functions.into_iter().map(|(_, c)| c).collect();
    // 5. Recursion: box the fields that close a cycle, guard the decoders that can recurse.
    recursion::resolve(&mut enums, &mut constructors);
    // 6. Large variants, and constructors' fields of large one-constructor types, in a `Box`.
    size::box_large(&mut enums, &mut constructors);
    // 7. How each combinator is coded: its flags words, and the runs of fixed-size values.
    for c in constructors.iter_mut().chain(&mut functions) {
        plan::plan(c);
    }
    // 8. What users get beyond coding: `Default`, `new`, accessors on enums.
    api::plan(&mut enums, &mut constructors, &mut functions);
    Ok(Ir {
        layer: schemas.iter().find_map(|s| s.layer),
        sources: schemas.iter().map(|s| s.file_name.to_owned()).collect(),
        constructors,
        functions,
        enums,
        bool_constructors: sources.bool_constructors,
        shared_ids: tlgen_parser::shared_id_owners(schemas)
            .into_iter()
            .map(|(id, def)| (id, def.name.to_string()))
            .collect(),
    })
}

/// The definitions to generate, by what they become.
pub(crate) struct Sources<'s, 'a> {
    /// Constructors of types other than the runtime's own (`Bool`, `Vector`, `Int`...).
    pub constructors: Vec<Source<'s, 'a>>,
    pub functions: Vec<Source<'s, 'a>>,
    /// `boolTrue` and `boolFalse` (`(id, TL name)`), which the registry names and decodes.
    pub bool_constructors: Vec<(u32, String)>,
}

impl<'s, 'a> Sources<'s, 'a> {
    fn select(schemas: &'s [Schema<'a>]) -> Self {
        let regular = schemas.iter().flat_map(|schema| {
            schema
                .definitions
                .iter()
                .filter(|d| d.kind == DefinitionKind::Regular)
                .map(move |def| Source { schema, def })
        });
        let mut sources = Sources {
            constructors: Vec::new(),
            functions: Vec::new(),
            bool_constructors: Vec::new(),
        };
        for source in regular {
            let def = source.def;
            match def.category {
                Category::Function => sources.functions.push(source),
                Category::Type => {
                    let result = def.result.name.to_string();
                    if result == "Bool" {
                        sources
                            .bool_constructors
                            .push((def.id(), def.name.to_string()));
                    }
                    if !types::is_runtime_type(&result) {
                        sources.constructors.push(source);
                    }
                }
            }
        }
        sources
    }
}
