//! `AnyObject` with a tiny hand-written registry: decoding by id, unknown ids, clone/eq/downcast,
//! and the depth limit on objects nested in objects.

mod common;

use common::{hex, unhex};
use tlgen_runtime::{
    AnyObject, BareDeserialize, BareSerialize, DecodeError, DecodeErrorKind, DecodeOptions,
    Deserialize, DynObject, Fixed, Identifiable, Reader, Registry, RegistryEntry, Serialize,
    Writer, decode_entry,
};

/// `ping#7abe77ec ping_id:long = Pong;` (as a generated crate would write it).
#[derive(Clone, Debug, PartialEq)]
struct Ping {
    ping_id: i64,
}

impl Identifiable for Ping {
    const CONSTRUCTOR_ID: u32 = 0x7abe_77ec;
    const NAME: &'static str = "ping";
}

impl BareSerialize for Ping {
    fn bare_len(&self) -> usize {
        self.ping_id.serialized_len()
    }

    fn write_prefixed<P: Fixed>(&self, prefix: P, out: &mut Writer) {
        out.put_fixed((prefix, self.ping_id));
    }
}

impl BareDeserialize for Ping {
    fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            ping_id: i64::deserialize(r)?,
        })
    }
}

/// `wrap#11111111 label:string inner:Object = Wrap;`: an object holding any object.
#[derive(Clone, Debug, PartialEq)]
struct Wrap {
    label: String,
    inner: AnyObject<TestRegistry>,
}

impl Identifiable for Wrap {
    const CONSTRUCTOR_ID: u32 = 0x1111_1111;
    const NAME: &'static str = "wrap";
}

impl BareSerialize for Wrap {
    fn bare_len(&self) -> usize {
        self.label.serialized_len() + self.inner.serialized_len()
    }

    fn write_prefixed<P: Fixed>(&self, prefix: P, out: &mut Writer) {
        out.put_fixed(prefix);
        self.label.write_to(out);
        self.inner.write_to(out);
    }
}

impl BareDeserialize for Wrap {
    fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            label: String::deserialize(r)?,
            inner: AnyObject::deserialize(r)?,
        })
    }
}

struct TestRegistry;

impl Registry for TestRegistry {
    const NAMES: &'static [(u32, &'static str)] = &[
        (Wrap::CONSTRUCTOR_ID, Wrap::NAME),
        (Ping::CONSTRUCTOR_ID, Ping::NAME),
    ];
    const ENTRIES: &'static [RegistryEntry] = &[
        RegistryEntry {
            id: Wrap::CONSTRUCTOR_ID,
            name: Wrap::NAME,
            decode: decode_entry::<Wrap>,
        },
        RegistryEntry {
            id: Ping::CONSTRUCTOR_ID,
            name: Ping::NAME,
            decode: decode_entry::<Ping>,
        },
    ];
}

type Object = AnyObject<TestRegistry>;

fn ping(ping_id: i64) -> Object {
    Object::new(Ping { ping_id })
}

#[test]
fn registry_is_sorted_and_looks_up() {
    assert!(TestRegistry::ENTRIES.windows(2).all(|w| w[0].id < w[1].id));
    assert!(TestRegistry::NAMES.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(TestRegistry::name_for_id(0x7abe_77ec), Some("ping"));
    assert_eq!(TestRegistry::name_for_id(0x1111_1111), Some("wrap"));
    assert_eq!(TestRegistry::name_for_id(0), None);
    assert_eq!(TestRegistry::name_for_id(u32::MAX), None);
    // The built-in vector, in no registry's tables, is named but not decodable by id.
    assert_eq!(
        TestRegistry::name_for_id(tlgen_runtime::VECTOR_ID),
        Some("vector")
    );
    assert!(TestRegistry::lookup(tlgen_runtime::VECTOR_ID).is_none());
    assert_eq!(
        TestRegistry::lookup(0x7abe_77ec).map(|e| e.id),
        Some(0x7abe_77ec)
    );
}

#[test]
fn decode_by_id() {
    let bytes = unhex("ec77be7a0100000000000000");
    let obj = Object::from_bytes(&bytes).unwrap();
    assert_eq!(obj.constructor_id(), 0x7abe_77ec);
    assert_eq!(obj.name(), "ping");
    assert_eq!(obj.downcast_ref::<Ping>(), Some(&Ping { ping_id: 1 }));
    assert_eq!(obj.downcast_ref::<Wrap>(), None);
    assert_eq!(hex(&obj.to_bytes()), hex(&bytes));
    assert_eq!(obj.serialized_len(), 12);
    assert_eq!(format!("{obj:?}"), "Ping { ping_id: 1 }");

    let wrap = Object::new(Wrap {
        label: "hi".into(),
        inner: ping(-1),
    });
    let bytes = wrap.to_bytes();
    assert_eq!(hex(&bytes), "1111111102686900ec77be7affffffffffffffff");
    assert_eq!(Object::from_bytes(&bytes).unwrap(), wrap);
    // The concrete type decodes the same bytes through the blanket `Deserialize`.
    assert_eq!(
        Wrap::from_bytes(&bytes).unwrap(),
        *wrap.downcast_ref::<Wrap>().unwrap()
    );
}

#[test]
fn unknown_id() {
    // The unknown id sits inside a `wrap`, after its label: offset 8.
    let bytes = unhex("1111111102686900785634120000");
    let e = Object::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        *e.kind(),
        DecodeErrorKind::UnknownConstructor {
            id: 0x1234_5678,
            expected: "Object"
        }
    );
    assert_eq!(e.offset(), 8);
    assert_eq!(
        e.to_string(),
        "unknown constructor 0x12345678 for type Object at byte 8"
    );
    // The boxed form of a concrete type reports its own name.
    let e = Ping::from_bytes(&unhex("111111110000000000000000")).unwrap_err();
    assert_eq!(
        *e.kind(),
        DecodeErrorKind::UnknownConstructor {
            id: 0x1111_1111,
            expected: "ping"
        }
    );
    assert_eq!(e.offset(), 0);
}

#[test]
fn clone_eq_downcast() {
    let a = ping(5);
    let b = a.clone();
    assert_eq!(a, b);
    assert_ne!(a, ping(6));
    let w = Object::new(Wrap {
        label: String::new(),
        inner: ping(5),
    });
    assert_ne!(a, w, "different types are never equal");
    assert_ne!(w, a);

    // Box<dyn DynObject> is Clone and PartialEq, so it can sit in derived structs.
    let boxed: Box<dyn DynObject> = Box::new(Ping { ping_id: 5 });
    assert!(boxed.clone() == boxed);
    // ... and in a struct that derives them, as generated code writes a `!X` field.
    #[derive(Clone, Debug, PartialEq)]
    struct Holder {
        query: Box<dyn DynObject>,
        maybe: Option<Box<dyn DynObject>>,
        many: Vec<Box<dyn DynObject>>,
    }
    let holder = Holder {
        query: boxed.clone(),
        maybe: Some(boxed.clone()),
        many: vec![boxed.clone()],
    };
    assert_eq!(holder.clone(), holder);
    assert_ne!(
        holder,
        Holder {
            query: Box::new(Ping { ping_id: 6 }),
            ..holder.clone()
        }
    );
    assert_eq!(boxed.name(), "ping");
    assert_eq!(boxed.serialized_len(), 12);
    assert_eq!(boxed.to_bytes(), a.to_bytes());

    let w = match w.downcast::<Ping>() {
        Ok(_) => panic!("a wrap is not a ping"),
        Err(w) => w,
    };
    assert_eq!(w.name(), "wrap", "downcast failure gives the object back");
    let wrap: Wrap = w.downcast().unwrap();
    assert_eq!(wrap.inner, a);
    assert_eq!(b.downcast::<Ping>().unwrap(), Ping { ping_id: 5 });
    assert_eq!(a.into_inner().constructor_id(), 0x7abe_77ec);

    fn send_sync<T: Send + Sync + Clone + 'static>() {}
    send_sync::<Object>();
}

/// `wrap` nested `levels` deep around a `ping`, as bytes.
fn nested_bytes(levels: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(levels * 8 + 12);
    for _ in 0..levels {
        bytes.extend_from_slice(&unhex("1111111100000000")); // wrap, empty label
    }
    bytes.extend_from_slice(&unhex("ec77be7a0700000000000000"));
    bytes
}

#[test]
fn nesting_counts_toward_the_depth_limit() {
    // 99 wraps + the ping = 100 objects: exactly the default limit.
    let ok = Object::from_bytes(&nested_bytes(99)).unwrap();
    assert_eq!(ok.to_bytes(), nested_bytes(99));

    // One more: the 101st object is refused where it starts (at its constructor id).
    let e = Object::from_bytes(&nested_bytes(100)).unwrap_err();
    assert_eq!(*e.kind(), DecodeErrorKind::TooDeep { limit: 100 });
    assert_eq!(e.offset(), 100 * 8);

    // A higher limit through the options.
    let bytes = nested_bytes(300);
    let mut r = Reader::with_options(
        &bytes,
        DecodeOptions {
            max_depth: 301,
            // The stack budget also stops deep nesting (first, in debug builds): raise both.
            max_stack_bytes: usize::MAX,
            ..DecodeOptions::default()
        },
    );
    let deep = Object::deserialize(&mut r).unwrap();
    r.finish().unwrap();
    assert_eq!(deep.to_bytes(), bytes);
}

/// A million nested objects on a 256 KiB stack: a depth error, not a stack overflow.
#[test]
fn a_million_levels_on_a_small_stack() {
    let bytes = nested_bytes(1_000_000);
    let result = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || Object::from_bytes(&bytes).map(|_| ()))
        .unwrap()
        .join()
        .expect("no stack overflow or panic");
    assert!(matches!(
        result.unwrap_err().kind(),
        DecodeErrorKind::TooDeep { limit: 100 }
    ));
}
