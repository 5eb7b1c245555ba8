//! Hostile input for every direction: deep nesting on a small stack, lying lengths and counts
//! (with the peak of allocation measured), and garbage bytes, text and JSON. Each must give an
//! error, never a panic, a stack overflow or an allocation the input does not pay for.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use tlgen_codec::{Schema, Text, TypeRef, decode, encode, parse_json, parse_text};
use tlgen_runtime::{DecodeErrorKind, DecodeOptions};

/// Counts the bytes allocated and their peak, so that a test can bound what decoding holds.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The tests of this file one at a time, so that each one's peak of allocation is its own.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poison| poison.into_inner())
}

const TL: &str = "
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
node#00000001 next:Node = Node;
leaf#00000002 = Node;
flag#00000005 b:Bool = Node;
wrap#00000003 items:Vector<Vector<Vector<long>>> = Wrap;
blob#00000004 data:bytes = Blob;
";

fn schema() -> Schema {
    Schema::from_tl(TL).unwrap()
}

/// Runs `f` on a 256 KiB stack, as the generated decoders' tests do.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no stack overflow or panic");
}

#[test]
fn deep_bytes_text_and_json_fail_with_too_deep() {
    let _serial = serial();
    on_small_stack(|| {
        let s = schema();
        let any = TypeRef::any();
        let mut bytes = Vec::new();
        for _ in 0..100_000 {
            bytes.extend_from_slice(&1u32.to_le_bytes());
        }
        bytes.extend_from_slice(&2u32.to_le_bytes());
        let err = decode(&s, &bytes, &any, DecodeOptions::default()).unwrap_err();
        // 100 levels, or fewer where the stack budget (192 KiB) runs out first: unoptimized
        // builds have far larger frames.
        let DecodeErrorKind::TooDeep { limit } = *err.kind() else {
            panic!("{err}")
        };
        assert!((32..=100).contains(&limit), "{err}");
        if !cfg!(debug_assertions) {
            assert_eq!(limit, 100);
        }
        // The first object one level too many ends its id at this byte.
        assert_eq!(err.offset(), 4 * (limit as usize + 1));

        // A value as deep as the limits allow prints and reads back (unoptimized builds: as
        // deep as their stack budget allows the text reader too).
        let levels = if cfg!(debug_assertions) { 30 } else { 100 };
        let nodes = levels - 1;
        // The deepest object holds a `Bool`, `(boolTrue)` in text: no level of its own.
        let ok = [
            &1u32.to_le_bytes().repeat(nodes)[..],
            &5u32.to_le_bytes(),
            &tlgen_runtime::BOOL_TRUE_ID.to_le_bytes(),
        ]
        .concat();
        let value = decode(&s, &ok, &any, DecodeOptions::default()).unwrap();
        let text = Text::new(&s, &value).to_string();
        assert_eq!(
            parse_text(&s, &text, &any, &DecodeOptions::default())
                .unwrap()
                .0,
            value
        );
        let pretty = format!("{:#}", Text::new(&s, &value));
        assert_eq!(
            parse_text(&s, &pretty, &any, &DecodeOptions::default())
                .unwrap()
                .0,
            value
        );

        let deep = format!("{}(leaf){}", "(node ".repeat(100_000), ")".repeat(100_000));
        let err = parse_text(&s, &deep, &any, &DecodeOptions::default()).unwrap_err();
        assert!(
            err.message.starts_with("nested deeper than the limit of "),
            "{err}"
        );
        let deep = format!(
            "{}{{\"_\":\"leaf\"}}{}",
            "{\"_\":\"node\",\"next\":".repeat(100_000),
            "}".repeat(100_000)
        );
        assert!(parse_json(&s, &deep, &any, &DecodeOptions::default()).is_err());
        let json = tlgen_codec::Json::new(&s, &value).to_string();
        assert_eq!(
            parse_json(&s, &json, &any, &DecodeOptions::default()).unwrap(),
            value
        );
        let limits = DecodeOptions {
            max_depth: levels as u32 - 1,
            ..DecodeOptions::default()
        };
        let err = parse_json(&s, &json, &any, &limits).unwrap_err();
        assert_eq!(
            err.message,
            format!("nested deeper than the limit of {}", levels - 1)
        );
        assert_eq!(err.path, ".next".repeat(levels - 1));
    });
}

#[test]
fn lying_lengths_fail_before_allocating() {
    let _serial = serial();
    let s = schema();
    let any = TypeRef::any();
    // wrap with a vector claiming 2^31 items.
    let bytes = [
        &3u32.to_le_bytes()[..],
        &tlgen_runtime::VECTOR_ID.to_le_bytes(),
        &0x8000_0000u32.to_le_bytes(),
    ]
    .concat();
    let err = decode(&s, &bytes, &any, DecodeOptions::default()).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::LengthTooLarge { .. }),
        "{err}"
    );
    assert_eq!(err.offset(), 8);
    // blob with a 16 MiB length and four bytes.
    let bytes = [&4u32.to_le_bytes()[..], &[0xfe, 0xff, 0xff, 0xff], &[0; 4]].concat();
    let err = decode(&s, &bytes, &any, DecodeOptions::default()).unwrap_err();
    assert!(matches!(
        err.kind(),
        DecodeErrorKind::LengthTooLarge {
            length: 0xff_ffff,
            ..
        }
    ));
    assert_eq!(err.offset(), 4);
}

/// Vectors nested three deep, the outer two each claiming as many items as the bytes left
/// could hold (so that the count check passes), and the innermost not there at all: the levels
/// reserve capacity from one budget, the bytes left, so what they hold together stays within
/// the input's size (without the shared budget each level would reserve as much again).
#[test]
fn nested_lying_counts_allocate_within_the_input() {
    let _serial = serial();
    let s = schema();
    let any = TypeRef::any();
    let size = 64 * 1024;
    let mut bytes = 3u32.to_le_bytes().to_vec();
    for _ in 0..2 {
        bytes.extend_from_slice(&tlgen_runtime::VECTOR_ID.to_le_bytes());
        let left = size - bytes.len() - 4;
        bytes.extend_from_slice(&((left / 4) as u32).to_le_bytes());
    }
    let bad_at = bytes.len();
    bytes.resize(size, 0);
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let err = decode(&s, &bytes, &any, DecodeOptions::default()).unwrap_err();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(
        matches!(
            err.kind(),
            DecodeErrorKind::UnknownConstructor { id: 0, .. }
        ),
        "{err}"
    );
    assert_eq!(err.offset(), bad_at);
    assert!(
        peak <= size + 4096,
        "peak {peak} bytes for {size} bytes of input"
    );
}

/// Honest input decodes to a value within a small factor of its size: a `long` is 8 bytes in
/// and a 32-byte `Value` out, and a growing `Vec` may hold twice its items while it moves.
#[test]
fn honest_input_decodes_within_a_small_factor_of_its_size() {
    let _serial = serial();
    let s = schema();
    let any = TypeRef::any();
    let mut honest = 3u32.to_le_bytes().to_vec();
    for count in [1u32, 1, 8000] {
        honest.extend_from_slice(&tlgen_runtime::VECTOR_ID.to_le_bytes());
        honest.extend_from_slice(&count.to_le_bytes());
    }
    honest.resize(honest.len() + 8000 * 8, 7);
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let value = decode(&s, &honest, &any, DecodeOptions::default()).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert!(
        peak <= 16 * honest.len(),
        "peak {peak} bytes for {} bytes",
        honest.len()
    );
    drop(value);
}

/// A small deterministic generator (xorshift64*), so that a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Telegram's schema, for garbage over real constructors.
fn telegram() -> Schema {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let api = std::fs::read_to_string(root.join("schema/api.tl")).unwrap();
    let mtproto = std::fs::read_to_string(root.join("schema/mtproto.tl")).unwrap();
    let parsed = tlgen_parser::parse_files(&[("api.tl", &api), ("mtproto.tl", &mtproto)]).unwrap();
    Schema::from_parsed(&parsed.schemas).unwrap()
}

/// Mutations of valid bytes, text and JSON: each is decoded or parsed, and what succeeds is
/// encoded; nothing may panic.
#[test]
fn garbage_never_panics() {
    let _serial = serial();
    let s = telegram();
    let any = TypeRef::any();
    let seeds = [
        r#"(messages.sendMessage no_webpage:true peer:(inputPeerUser user_id:5 access_hash:-9) message:"héllo\n" random_id:77 entities:[(messageEntityBold offset:0 length:2)])"#,
        r#"(updateShortMessage out:true id:1 user_id:2 message:"x" pts:3 pts_count:4 date:5 fwd_from:(messageFwdHeader date:6) entities:[])"#,
        r#"(inputMediaGeoLive stopped:true geo_point:(inputGeoPoint lat:1.5 long:-0.0) period:60)"#,
        r#"(req_pq_multi nonce:0x3e0549828cca27e966b301a48fece2fc)"#,
    ];
    let mut rng = Rng(0x5eed_f00d);
    let mut decoded = 0;
    for seed in seeds {
        let (value, _) =
            parse_text(&s, seed, &any, &DecodeOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let bytes = encode(&s, &value, &any).unwrap();
        let json = tlgen_codec::Json::new(&s, &value).to_string();
        for round in 0..3000 {
            let mut b = bytes.clone();
            let mut t = seed.as_bytes().to_vec();
            let mut j = json.as_bytes().to_vec();
            for buf in [&mut b, &mut t, &mut j] {
                for _ in 0..1 + rng.below(3) {
                    let at = rng.below(buf.len());
                    match rng.below(4) {
                        0 => buf[at] = rng.next() as u8,
                        1 => buf.truncate(at),
                        2 => buf.insert(at, b"()[]\":\\ 0x-e1"[rng.below(13)]),
                        _ => buf[at] ^= 1 << rng.below(8),
                    }
                    if buf.is_empty() {
                        break;
                    }
                }
            }
            let lenient = DecodeOptions {
                lossy_utf8: round % 2 == 0,
                allow_nonzero_padding: round % 3 == 0,
                ..DecodeOptions::default()
            };
            if let Ok(v) = decode(&s, &b, &any, lenient) {
                decoded += 1;
                let text = Text::new(&s, &v).to_string();
                let (back, _) = parse_text(&s, &text, &any, &DecodeOptions::default()).unwrap();
                assert_eq!(back, v, "{text}");
                let again = encode(&s, &back, &any).unwrap();
                assert_eq!(decode(&s, &again, &any, lenient).unwrap(), v);
            }
            let t = String::from_utf8_lossy(&t);
            if let Ok((v, ty)) = parse_text(&s, &t, &any, &DecodeOptions::default()) {
                let _ = encode(&s, &v, &ty);
            }
            let j = String::from_utf8_lossy(&j);
            if let Ok(v) = parse_json(&s, &j, &any, &DecodeOptions::default()) {
                let _ = encode(&s, &v, &any);
            }
        }
    }
    assert!(decoded > 100, "mutations that still decode: {decoded}");
}
