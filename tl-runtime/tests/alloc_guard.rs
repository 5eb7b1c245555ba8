//! Lying lengths and counts must fail before anything is allocated for them: a counting global
//! allocator measures the peak bytes the current thread holds while a decode runs.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use tlgen_runtime::{
    BareDeserialize, DecodeError, DecodeErrorKind, Deserialize, Reader, VECTOR_ID, vector,
};

/// Counts the bytes allocated by each thread while that thread has counting enabled. Per thread,
/// because the test harness runs tests in parallel.
struct Counting;

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(false) };
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// Adds `delta` bytes to this thread's count if enabled. `try_with`: the allocator also runs while
/// thread-locals are being torn down.
fn track(delta: isize) {
    let _ = ENABLED.try_with(|enabled| {
        if enabled.get() {
            let current = CURRENT.get() + delta;
            CURRENT.set(current);
            PEAK.set(PEAK.get().max(current));
        }
    });
}

// SAFETY: delegates every call to `System` unchanged; only counts on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        track(layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        track(layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        track(new_size as isize - layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result and the peak bytes this thread held during it.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    CURRENT.set(0);
    PEAK.set(0);
    ENABLED.set(true);
    let value = f();
    ENABLED.set(false);
    (value, PEAK.get().max(0) as usize)
}

/// `id`, `count`, then `tail`.
fn vector_with_count(count: u32, tail: &[u8]) -> Vec<u8> {
    let mut bytes = VECTOR_ID.to_le_bytes().to_vec();
    bytes.extend_from_slice(&count.to_le_bytes());
    bytes.extend_from_slice(tail);
    bytes
}

#[test]
fn the_counter_counts() {
    let (v, peak) = peak_during(|| vec![0u8; 1000]);
    assert!(peak >= 1000, "peak {peak}");
    drop(v);
}

#[test]
fn vector_long_count_0x7fffffff() {
    let bytes = vector_with_count(0x7fff_ffff, &[1, 2, 3, 4, 5, 6, 7, 8]);
    let (result, peak) = peak_during(|| Vec::<i64>::from_bytes(&bytes));
    assert!(matches!(
        result.unwrap_err().kind(),
        DecodeErrorKind::LengthTooLarge {
            length: 0x7fff_ffff,
            available: 8
        }
    ));
    assert!(peak <= bytes.len(), "peak {peak} > input {}", bytes.len());
}

/// A stand-in for a large boxed type such as `Message` (size matters for the capacity guard).
#[derive(Debug)]
#[allow(dead_code)]
struct Big([u64; 64]);

impl BareDeserialize for Big {
    fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let mut words = [0u64; 64];
        words[0] = r.read_i64()? as u64;
        Ok(Self(words))
    }
}

#[test]
fn vector_of_big_objects_count_0xffffffff() {
    let bytes = vector_with_count(0xffff_ffff, &[0; 12]);
    let (result, peak) = peak_during(|| {
        let mut r = Reader::new(&bytes);
        vector::deserialize_bare_items::<Big>(&mut r, true)
    });
    assert!(result.is_err());
    assert!(peak <= bytes.len(), "peak {peak} > input {}", bytes.len());
    let (result, peak) = peak_during(|| Vec::<Vec<Vec<u8>>>::from_bytes(&bytes));
    assert!(result.is_err());
    assert!(peak <= bytes.len(), "peak {peak} > input {}", bytes.len());
}

/// An 8-byte item whose decoding fails on all-ones, to stop a decode right after the reservation.
#[derive(Debug)]
#[allow(dead_code)]
struct Word(u64);

impl BareDeserialize for Word {
    fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let start = r.position();
        match r.read_i64()? {
            -1 => Err(DecodeError::new(DecodeErrorKind::InvalidUtf8, start)),
            v => Ok(Self(v as u64)),
        }
    }
}

/// A count the input could hold in 4-byte items but not in items of this size: the reservation is
/// capped by the bytes left (here 256 bytes, where 64 items of 8 bytes would reserve 512).
#[test]
fn plausible_count_of_bigger_items_caps_the_reservation() {
    let bytes = vector_with_count(64, &[0xff; 256]);
    let (result, peak) = peak_during(|| {
        let mut r = Reader::new(&bytes);
        vector::deserialize_bare_items::<Word>(&mut r, true)
    });
    assert!(result.is_err(), "the first item fails");
    assert!(peak <= bytes.len(), "peak {peak} > input {}", bytes.len());

    // `Vec<long>` with 8 items claimed and room for 4: reserves 4, decodes them, then fails.
    let bytes = vector_with_count(8, &[0; 32]);
    let (result, peak) = peak_during(|| Vec::<i64>::from_bytes(&bytes));
    assert!(result.is_err());
    assert!(peak <= bytes.len(), "peak {peak} > input {}", bytes.len());
}

/// Nested bare vectors (`vector<vector<%Word>>`, as generated code reads TDLib's
/// `vector<vector<keyboardButton>>`) whose counts are all plausible for 4-byte items: each level
/// reserves from the one budget, so together they hold no more than the input's size (alone, the
/// outer level would take 240 bytes and the inner 512).
#[test]
fn nested_vectors_share_the_reservation_budget() {
    let mut bytes = 65u32.to_le_bytes().to_vec();
    bytes.extend_from_slice(&64u32.to_le_bytes());
    bytes.extend_from_slice(&[0xff; 256]);
    let (result, peak) = peak_during(|| {
        let mut r = Reader::new(&bytes);
        vector::deserialize_with(&mut r, false, |r| {
            vector::deserialize_bare_items::<Word>(r, false)
        })
    });
    assert!(result.is_err(), "the first item fails");
    assert!(peak <= bytes.len(), "peak {peak} > input {}", bytes.len());
    // The same counts a level deeper, the innermost boxed: `vector<vector<Vector<%Word>>>`.
    let mut bytes = 66u32.to_le_bytes().to_vec();
    bytes.extend_from_slice(&65u32.to_le_bytes());
    bytes.extend_from_slice(&VECTOR_ID.to_le_bytes());
    bytes.extend_from_slice(&63u32.to_le_bytes());
    bytes.extend_from_slice(&[0xff; 252]);
    let (result, peak) = peak_during(|| {
        let mut r = Reader::new(&bytes);
        vector::deserialize_with(&mut r, false, |r| {
            vector::deserialize_with(r, false, |r| {
                vector::deserialize_bare_items::<Word>(r, true)
            })
        })
    });
    assert!(result.is_err(), "the first item fails");
    assert!(peak <= bytes.len(), "peak {peak} > input {}", bytes.len());
}

#[test]
fn bytes_length_16_mib() {
    let bytes = [0xfe, 0xff, 0xff, 0xff, 1, 2, 3, 4];
    let (result, peak) = peak_during(|| Vec::<u8>::from_bytes(&bytes));
    assert!(matches!(
        result.unwrap_err().kind(),
        DecodeErrorKind::LengthTooLarge {
            length: 0xff_ffff,
            available: 4
        }
    ));
    assert!(peak <= bytes.len(), "peak {peak}");
    let (result, peak) = peak_during(|| String::from_bytes(&bytes));
    assert!(result.is_err());
    assert!(peak <= bytes.len(), "peak {peak}");
}
