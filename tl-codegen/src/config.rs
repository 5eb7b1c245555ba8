//! The builder users configure generation with, in the style of `prost-build`.

use std::path::{Path, PathBuf};

use crate::emit::{Codec, Options, Serde};
use crate::{Error, Generated, GeneratedFile};

/// A schema to generate from: a file, or text already in memory.
#[derive(Debug, Clone)]
enum SchemaInput {
    File(PathBuf),
    Text { name: String, text: String },
}

/// What to generate and how. Start with [`Config::new`], add schemas, then call
/// [`Config::generate`] from a build script, or [`Config::generate_single_file`] /
/// [`Config::generate_crate`] to get the files as strings.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     tlgen_codegen::Config::new()
///         .schema("schema/api.tl")
///         .type_attribute("#[derive(Hash)]")
///         .generate()?;
///     Ok(())
/// }
/// // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/tl.rs"));
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    schemas: Vec<SchemaInput>,
    runtime_path: String,
    type_attributes: Vec<String>,
    out_dir: Option<PathBuf>,
    file_name: String,
    rerun_if_changed: bool,
    print_warnings: bool,
    function_decoders: bool,
    doc_links: DocLinks,
    display: bool,
    serde: bool,
    codec_path: String,
}

/// Where rustdoc links each generated item.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DocLinks {
    /// To core.telegram.org for Telegram's schemas, nowhere for others.
    Auto,
    /// Nowhere.
    Off,
    /// To pages under this base URL.
    Base(String),
}

/// The file beside a generated crate's root holding its schema as compact TL.
const SCHEMA_FILE: &str = "schema.tl";

/// Where Telegram documents each constructor, method and type of its schemas.
pub const TELEGRAM_DOCS: &str = "https://core.telegram.org";

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

impl Config {
    pub fn new() -> Self {
        Self {
            schemas: Vec::new(),
            runtime_path: "::tlgen_runtime".to_owned(),
            type_attributes: Vec::new(),
            out_dir: None,
            file_name: "tl.rs".to_owned(),
            rerun_if_changed: true,
            print_warnings: true,
            function_decoders: true,
            doc_links: DocLinks::Auto,
            display: true,
            serde: false,
            codec_path: "::tlgen_codec".to_owned(),
        }
    }

    /// Adds a schema file. Several schemas are validated and generated together.
    pub fn schema(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.schemas
            .push(SchemaInput::File(path.as_ref().to_owned()));
        self
    }

    /// Adds schema text held in memory; `name` is used in diagnostics.
    pub fn schema_text(&mut self, name: impl Into<String>, text: impl Into<String>) -> &mut Self {
        self.schemas.push(SchemaInput::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// The path generated code uses for the runtime crate (default `::tlgen_runtime`), for a
    /// renamed dependency or a re-export such as `::my_client::tlgen_runtime`.
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = path.into();
        self
    }

    /// An attribute put on every generated struct and enum, e.g. `#[derive(Hash)]` or
    /// `#[derive(serde::Serialize)]` (`Debug`, `Clone` and `PartialEq` are always derived).
    pub fn type_attribute(&mut self, attribute: impl Into<String>) -> &mut Self {
        self.type_attributes.push(attribute.into());
        self
    }

    /// Where [`Config::generate`] writes (default: the `OUT_DIR` cargo gives build scripts).
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// The file [`Config::generate`] writes in the output directory (default `tl.rs`).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = name.into();
        self
    }

    /// Whether [`Config::generate`] prints `cargo:rerun-if-changed` for each schema file (default true).
    pub fn emit_rerun_if_changed(&mut self, enabled: bool) -> &mut Self {
        self.rerun_if_changed = enabled;
        self
    }

    /// Whether [`Config::generate`] prints schema warnings (such as a declared id that differs from
    /// the computed one) as `cargo:warning=` (default true). Errors always stop generation.
    pub fn print_warnings(&mut self, enabled: bool) -> &mut Self {
        self.print_warnings = enabled;
        self
    }

    /// Whether functions get decoders (default true): `BareDeserialize` for every function struct,
    /// and entries in the decoder table, so that the generated `Object` decodes a function by its
    /// id. A client only ever sends functions, never reads them: without their decoders the
    /// generated code builds faster (Telegram's schema: about 8% less time in dev, 9% in release,
    /// 4% to 5% less peak memory). Functions keep their encoders, `RemoteCall` and their names in
    /// `name_for_id` either way.
    pub fn function_decoders(&mut self, enabled: bool) -> &mut Self {
        self.function_decoders = enabled;
        self
    }

    /// Links each item's rustdoc to its page under `base`: `{base}/constructor/auth.sentCode`,
    /// `{base}/method/auth.sendCode`, `{base}/type/auth.SentCode`. By default items of
    /// Telegram's schemas (those that define `invokeWithLayer` or `req_pq_multi`) link to
    /// [`TELEGRAM_DOCS`] and others link nowhere.
    pub fn doc_links(&mut self, base: impl Into<String>) -> &mut Self {
        self.doc_links = DocLinks::Base(base.into());
        self
    }

    /// Whether every generated struct and enum implements `Display`, printing TL text through
    /// tlgen-codec (default true; the generated code then needs `tlgen-codec` as a dependency).
    /// It embeds the schema as compact TL (`TL_SCHEMA`) and costs one call per type.
    pub fn display(&mut self, enabled: bool) -> &mut Self {
        self.display = enabled;
        self
    }

    /// Whether every generated struct and enum implements serde's `Serialize` and `Deserialize`
    /// (default false), in the JSON shape of TL values: `{"_": "auth.sentCode", "type": {...},
    /// "phone_code_hash": "..."}`, TL names, absent fields left out, `bytes` as base64 in
    /// human-readable formats (see tlgen-codec). The code then needs `serde` and
    /// `tlgen-codec` with its `serde` feature. [`Config::generate_crate`] always generates them,
    /// behind the crate's `serde` feature.
    pub fn serde(&mut self, enabled: bool) -> &mut Self {
        self.serde = enabled;
        self
    }

    /// The path generated code uses for tlgen-codec (default `::tlgen_codec`), for a renamed
    /// dependency or a re-export.
    pub fn codec_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.codec_path = path.into();
        self
    }

    /// No links to documentation pages, even for Telegram's schemas.
    pub fn no_doc_links(&mut self) -> &mut Self {
        self.doc_links = DocLinks::Off;
        self
    }

    /// For build scripts: generates one file into `OUT_DIR` (or [`Config::out_dir`]), to be
    /// `include!`d, prints schema warnings as `cargo:warning=` and returns any error (rendered
    /// `file:line:col` with a caret by its `Display`). Skips the write when nothing changed.
    pub fn generate(&self) -> Result<(), Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::Config(
                        "OUT_DIR is not set; call out_dir() outside a build script".into(),
                    )
                })?,
        };
        if self.rerun_if_changed {
            for input in &self.schemas {
                if let SchemaInput::File(path) = input {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        }
        let generated = self.generate_single_file()?;
        let warnings = if self.print_warnings {
            generated.warnings.as_str()
        } else {
            ""
        };
        for warning in warnings.lines().filter(|l| !l.trim().is_empty()) {
            println!("cargo:warning={warning}");
        }
        let file = &generated.files[0];
        crate::write::write_file(&out_dir.join(&file.path), &file.contents)?;
        Ok(())
    }

    /// All the code in one file of nested modules (`types`, `enums`, `functions`) to `include!`.
    pub fn generate_single_file(&self) -> Result<Generated, Error> {
        let serde = if self.serde { Serde::On } else { Serde::Off };
        let (ir, warnings, schema_tl) = self.lower(self.wants_codec(serde))?;
        let options = self.options(None, &ir, schema_tl, None, serde)?;
        let tree = crate::emit::tree(&ir);
        let contents = crate::layout::single_file(&tree, &options, &crate::header(&ir))?;
        Ok(Generated {
            files: vec![GeneratedFile {
                path: self.file_name.clone(),
                contents,
            }],
            warnings,
        })
    }

    /// A whole crate: `Cargo.toml` and the `src/` tree, one file per namespace and kind.
    pub fn generate_crate(&self, manifest: &crate::CrateManifest) -> Result<Generated, Error> {
        let (ir, warnings, schema_tl) = self.lower(self.wants_codec(Serde::Feature))?;
        let options = self.options(
            Some("crate"),
            &ir,
            schema_tl,
            Some(SCHEMA_FILE),
            Serde::Feature,
        )?;
        let tree = crate::emit::tree(&ir);
        let header = crate::header(&ir);
        let mut files =
            crate::layout::crate_files(&tree, &options, &header, &crate::crate_doc(&ir))?;
        files.push(GeneratedFile {
            path: "Cargo.toml".to_owned(),
            contents: manifest.render(&ir),
        });
        if let Some(codec) = &options.codec {
            files.push(GeneratedFile {
                path: format!("src/{SCHEMA_FILE}"),
                contents: format!("{header}\n{}", codec.schema_tl),
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Generated { files, warnings })
    }

    /// The schemas lowered to the IR the emitters print: every struct, enum and function with
    /// its Rust path and TL name, as generation would make them. For build scripts that write
    /// code of their own about the generated items (a table of every type, say) without
    /// restating the generator's naming rules.
    pub fn ir(&self) -> Result<crate::ir::Ir, Error> {
        Ok(self.lower(false)?.0)
    }

    /// Whether the generated code calls tlgen-codec: for `Display`, or for serde.
    fn wants_codec(&self, serde: Serde) -> bool {
        self.display || serde != Serde::Off
    }

    /// Reads, parses, validates and lowers the schemas; returns the IR, the rendered warnings and,
    /// if `compact` (the code embeds it for the codec), the schemas as compact TL.
    fn lower(&self, compact: bool) -> Result<(crate::ir::Ir, String, String), Error> {
        if self.schemas.is_empty() {
            return Err(Error::Config("no schema given".into()));
        }
        let mut sources = Vec::with_capacity(self.schemas.len());
        for input in &self.schemas {
            sources.push(match input {
                SchemaInput::File(path) => {
                    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                        path: path.clone(),
                        source,
                    })?;
                    (path.display().to_string().replace('\\', "/"), text)
                }
                SchemaInput::Text { name, text } => (name.clone(), text.clone()),
            });
        }
        let borrowed: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let parsed = tlgen_parser::parse_files(&borrowed).map_err(Error::Schema)?;
        let warnings = parsed.warnings.to_string();
        let ir = crate::lower::lower(&parsed.schemas)?;
        let schema_tl = if compact {
            tlgen_codec::compact_tl(&parsed.schemas)
        } else {
            String::new()
        };
        Ok((ir, warnings, schema_tl))
    }

    fn options(
        &self,
        root: Option<&str>,
        ir: &crate::ir::Ir,
        schema_tl: String,
        schema_file: Option<&str>,
        serde: Serde,
    ) -> Result<Options, Error> {
        let type_attributes = self
            .type_attributes
            .iter()
            .map(|a| check_attributes(a))
            .collect::<Result<_, _>>()?;
        Ok(Options {
            runtime: check_path("runtime", &self.runtime_path)?,
            root: root.map(str::to_owned),
            type_attributes,
            function_decoders: self.function_decoders,
            codec: self
                .wants_codec(serde)
                .then(|| -> Result<_, Error> {
                    Ok(Codec {
                        path: check_path("codec", &self.codec_path)?,
                        schema_tl,
                        schema_file: schema_file.map(str::to_owned),
                    })
                })
                .transpose()?,
            display: self.display,
            serde,
            doc_links: match &self.doc_links {
                DocLinks::Auto if is_telegram(ir) => Some(TELEGRAM_DOCS.to_owned()),
                DocLinks::Auto | DocLinks::Off => None,
                DocLinks::Base(base) => Some(base.clone()),
            },
        })
    }
}

/// Whether the schemas are Telegram's, whose items core.telegram.org documents: the API
/// (`invokeWithLayer`) or MTProto (`req_pq_multi`).
fn is_telegram(ir: &crate::ir::Ir) -> bool {
    ir.functions
        .iter()
        .any(|f| f.tl_name == "invokeWithLayer" || f.tl_name == "req_pq_multi")
}

/// A crate path (`what`: the runtime's, the codec's) as generated code spells it (`::a::b`,
/// `crate::x`, `r#type::y`), if it is one; spaces around `::` are dropped.
fn check_path(what: &str, text: &str) -> Result<String, Error> {
    let trimmed = text.trim();
    let (leading, rest) = match trimmed.strip_prefix("::") {
        Some(rest) => ("::", rest),
        None => ("", trimmed),
    };
    let segments: Vec<&str> = rest.split("::").map(str::trim).collect();
    let is_identifier = |segment: &&str| {
        let name = segment.strip_prefix("r#").unwrap_or(segment);
        name.chars()
            .next()
            .is_some_and(|c| c == '_' || c.is_alphabetic())
            && name.chars().all(|c| c == '_' || c.is_alphanumeric())
            && name != "_"
    };
    if segments.iter().all(is_identifier) {
        Ok(format!("{leading}{}", segments.join("::")))
    } else {
        Err(Error::Config(format!(
            "invalid {what} path `{text}`: expected a path such as `::tlgen_runtime`"
        )))
    }
}

/// The attribute text, trimmed, if it is one or more outer attributes (`#[derive(Hash)]`).
fn check_attributes(text: &str) -> Result<String, Error> {
    use syn::parse::Parser as _;
    let invalid = |why: String| Error::Config(format!("invalid type attribute `{text}`: {why}"));
    let attributes = syn::Attribute::parse_outer
        .parse_str(text)
        .map_err(|e| invalid(e.to_string()))?;
    if attributes.is_empty() {
        return Err(invalid(
            "expected an attribute such as `#[derive(Hash)]`".into(),
        ));
    }
    Ok(text.trim().to_owned())
}
