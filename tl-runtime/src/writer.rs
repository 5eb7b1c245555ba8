//! [`Writer`]: the buffer encoders write through.

use std::mem::{ManuallyDrop, MaybeUninit};

use crate::fixed::Fixed;
use crate::primitives::{MAX_BYTES_LEN, bytes_len};

/// Where encoders write: an output buffer and a position.
///
/// Why not write to the `Vec<u8>` directly: every `extend_from_slice` loads the length and the
/// capacity, may call the allocator, and stores the length back; with a call on a path, the
/// compiler keeps nothing in registers across writes. A `Writer` makes all of its buffer
/// writable up front (its length is its capacity), and a write that does not fit is counted
/// rather than written (no call): a write is one compare, a store and a position update. With
/// flags words filled in late ([`Writer::reserve_u32`]), encoding takes a third fewer
/// instructions.
///
/// Growing happens between the items of vectors (an item that did not fit is written again
/// after growing the buffer, which then makes room for the rest of the vector too,
/// [`Writer::items`]) and, for whatever is left, by writing the whole value again at its now
/// known length. So [`Serialize::to_bytes`](crate::Serialize::to_bytes)
/// needs no measuring pass.
pub struct Writer {
    /// The output; its length is its capacity, so that all of it can be written.
    /// Invariants: `pos <= buf.len()`, and while `excess == 0`, `buf[..pos]` is initialized
    /// (each write initializes exactly the bytes it moves `pos` past, right after the last ones).
    buf: Vec<MaybeUninit<u8>>,
    /// Bytes written.
    pos: usize,
    /// Bytes counted but not written, because they did not fit. The first write that does not fit
    /// makes it non-zero and sets `pos` to `buf.len()`, so that no later (non-empty) write
    /// lands after the gap it leaves; only a rewind to a point before it ([`Writer::items`],
    /// [`Writer::encode`]) clears it.
    excess: usize,
}

impl Writer {
    /// A writer that appends to `out`.
    fn from_vec(out: Vec<u8>) -> Self {
        let mut out = ManuallyDrop::new(out);
        let (ptr, len, capacity) = (out.as_mut_ptr(), out.len(), out.capacity());
        // SAFETY: the parts of a live `Vec<u8>`, given up (`ManuallyDrop`), as a
        // `Vec<MaybeUninit<u8>>`: the same layout, and any byte is a valid `MaybeUninit<u8>`.
        let mut buf = unsafe { Vec::from_raw_parts(ptr.cast::<MaybeUninit<u8>>(), len, capacity) };
        buf.resize(capacity, MaybeUninit::uninit());
        Self {
            buf,
            pos: len,
            excess: 0,
        }
    }

    /// The bytes written, after those of the `Vec` it was made from.
    fn into_vec(self) -> Vec<u8> {
        assert!(self.excess == 0, "Writer::into_vec of an incomplete output");
        let mut buf = ManuallyDrop::new(self.buf);
        let (ptr, capacity) = (buf.as_mut_ptr(), buf.capacity());
        // SAFETY: the parts of a live `Vec<MaybeUninit<u8>>`, given up, as a `Vec<u8>` of length
        // `pos`: the same layout, `pos <= buf.len() <= capacity`, and, `excess` being 0, the
        // first `pos` bytes are initialized (invariant).
        unsafe { Vec::from_raw_parts(ptr.cast::<u8>(), self.pos, capacity) }
    }

    /// Appends what `write` writes to `out`, in one pass if it fits in `out`'s capacity or
    /// vectors' items take the growth, else in a second one at the length the first measured.
    ///
    /// # Panics
    ///
    /// If `write` writes more on the second pass than on the first (a bug of the encoder).
    pub(crate) fn encode(out: Vec<u8>, write: impl Fn(&mut Writer)) -> Vec<u8> {
        let mut w = Self::from_vec(out);
        let start = w.pos;
        write(&mut w);
        if w.excess > 0 {
            w.rewind_and_grow(start);
            write(&mut w);
        }
        w.into_vec()
    }

    /// [`Writer::encode`] in place. If `write` panics, `out` is left empty.
    #[inline]
    pub(crate) fn append(out: &mut Vec<u8>, write: impl Fn(&mut Writer)) {
        *out = Self::encode(std::mem::take(out), write);
    }

    /// Writes the items of a sequence, each by `write`. An item that does not fit is written again
    /// after growing the buffer, so that a value with many items (a vector of messages) grows as
    /// it goes instead of being measured, or written twice. Once the buffer has grown during the
    /// sequence (for one of its items or inside one), it grows to hold the rest of the sequence
    /// too, as estimated from the items written so far: a vector of like items grows about once,
    /// not once per doubling.
    #[inline]
    pub fn items<T>(&mut self, items: &[T], write: impl Fn(&mut Writer, &T)) {
        let start = self.pos;
        let mut capacity = self.buf.len();
        let mut rest = items.iter();
        while let Some(item) = rest.next() {
            let mark = self.pos;
            let complete = self.excess == 0;
            write(self, item);
            // Only if all was written up to the item: else rewinding would drop the earlier gap.
            if complete && self.excess > 0 {
                self.retry(mark, |w| write(w, item));
            }
            if self.buf.len() != capacity {
                let left = rest.len();
                self.reserve_rest(start, items.len() - left, left);
                capacity = self.buf.len();
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn retry(&mut self, mark: usize, write: impl Fn(&mut Writer)) {
        self.rewind_and_grow(mark);
        write(self);
    }

    /// Makes room for `left` more items like the `done` ones written since `start`, up to
    /// [`Writer::MAX_ESTIMATE`] bytes (past it, items are rarely alike enough to bet on the first
    /// ones, and the buffer doubles as usual).
    #[cold]
    #[inline(never)]
    fn reserve_rest(&mut self, start: usize, done: usize, left: usize) {
        if self.excess > 0 {
            return; // Only counting now: a second pass will be written at the measured length.
        }
        let average = self.pos.saturating_sub(start) / done;
        let estimate = average.saturating_mul(left).min(Self::MAX_ESTIMATE);
        let room = self.buf.len() - self.pos;
        if estimate > room {
            self.grow(estimate - room);
        }
    }

    /// See [`Writer::reserve_rest`].
    const MAX_ESTIMATE: usize = 1 << 20;

    /// Goes back to `mark`, where all was written (`excess` was 0), forgetting what came after,
    /// and grows the buffer to hold what was counted from there. The invariant holds at `mark`:
    /// nothing before it was written over with anything but initialized bytes since.
    fn rewind_and_grow(&mut self, mark: usize) {
        let needed = self.len();
        self.pos = mark;
        self.excess = 0;
        if let Some(more) = needed.checked_sub(self.buf.len())
            && more > 0
        {
            self.grow(more);
        }
    }

    /// Makes the buffer at least `more` bytes longer; as `buf.len() == buf.capacity()`, this at
    /// least doubles it (amortized growth). Written bytes stay where they are.
    fn grow(&mut self, more: usize) {
        self.buf.reserve(more);
        self.buf.resize(self.buf.capacity(), MaybeUninit::uninit());
    }

    /// The number of bytes written so far (counting those that did not fit yet).
    #[inline]
    pub fn len(&self) -> usize {
        self.pos.saturating_add(self.excess)
    }

    /// Whether nothing was written yet.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Has `fill` initialize the next `n` bytes and moves past them, or, if they do not fit,
    /// counts them as excess. `fill` must initialize all `n` bytes: that is what `pos`'s invariant
    /// (and so the `unsafe` in [`Writer::into_vec`]) rests on. `pos` moves only once it has
    /// returned, so a panic inside leaves the writer as it was.
    #[inline]
    fn write_with(&mut self, n: usize, fill: impl FnOnce(&mut [MaybeUninit<u8>])) {
        // `buf.len() - pos` cannot wrap (invariant `pos <= buf.len()`): one compare per write.
        if n <= self.buf.len() - self.pos {
            // SAFETY: `pos <= buf.len()` (invariant) and `n <= buf.len() - pos`, so
            // `pos..pos + n` is in bounds. (Checked slicing here costs a third more instructions
            // per write, the bulk of encoding, as the compiler cannot see the invariant.)
            let dst = unsafe { self.buf.get_unchecked_mut(self.pos..self.pos + n) };
            fill(dst);
            self.pos += n;
        } else {
            self.overflow(n);
        }
    }

    /// Counts a write of `n` bytes that does not fit, and closes the buffer to later writes.
    /// No call to the allocator here: a call on any path would keep the compiler from holding
    /// `pos` in a register across writes.
    #[cold]
    fn overflow(&mut self, n: usize) {
        self.excess = self.len().saturating_add(n) - self.buf.len();
        self.pos = self.buf.len();
    }

    /// Writes `bytes` (a fixed-size value, e.g. `x.to_le_bytes()`).
    #[inline]
    pub fn put<const N: usize>(&mut self, bytes: [u8; N]) {
        self.put_fixed(bytes);
    }

    /// Writes a run of fixed-size values (a tuple of them) with one bounds check for the run:
    /// `out.put_fixed((self.offset, self.length))` is `self.offset.write_to(out);
    /// self.length.write_to(out);` with one compare instead of two.
    ///
    /// Returns where the run starts, for placeholders in it (`0u32` for a flags word) to be filled
    /// in later with [`Writer::fill_u32`] (see [`Slot::after`]).
    #[inline]
    pub fn put_fixed<T: Fixed>(&mut self, values: T) -> Slot {
        let at = self.pos;
        self.write_with(T::LEN, |dst| values.store(dst));
        Slot(at)
    }

    /// Writes a little-endian `u32` (a constructor id, a count, a flags word).
    #[inline]
    pub fn put_u32(&mut self, value: u32) {
        self.put(value.to_le_bytes());
    }

    /// Writes 4 placeholder bytes, to be overwritten with [`Writer::fill_u32`] once their value is
    /// known: a flags word, whose bits say which of the fields after it are present. Setting a
    /// bit as each present field is written tests each field once, where computing the word first
    /// tests every field twice.
    #[inline]
    #[must_use = "a reserved slot is meant to be filled with `Writer::fill_u32`"]
    pub fn reserve_u32(&mut self) -> Slot {
        self.put_fixed(0u32)
    }

    /// Overwrites the bytes of `slot` with `value`, little-endian. (If they did not fit, there is
    /// nothing to overwrite: the writer is only counting, and will write them again.)
    #[inline]
    pub fn fill_u32(&mut self, slot: Slot, value: u32) {
        // Writing initialized bytes anywhere in `buf` keeps the invariant; the slot's bytes are
        // in it unless they did not fit.
        // `wrapping_add`: a slot past `usize::MAX - 4` (only `Slot::after` could make one) gives
        // an empty range, so nothing. (A saturating add here cost 7% more encoding instructions.)
        if let Some(dst) = self.buf.get_mut(slot.0..slot.0.wrapping_add(u32::LEN)) {
            value.store(dst);
        }
    }

    /// Writes `data` as a TL `bytes`: length prefix, data, zero padding to a multiple of 4.
    ///
    /// # Panics
    ///
    /// If `data` is longer than [`MAX_BYTES_LEN`]; see [`serialize_bytes`](crate::serialize_bytes).
    #[inline]
    pub fn put_bytes(&mut self, data: &[u8]) {
        let n = data.len();
        assert!(
            n <= MAX_BYTES_LEN,
            "TL bytes/string of {n} bytes is longer than the maximum of {MAX_BYTES_LEN} bytes"
        );
        self.write_with(bytes_len(n), |dst| write_bytes(dst, data));
    }
}

/// Where [`Writer::reserve_u32`] (or [`Writer::put_fixed`]) left bytes to fill in later.
#[derive(Debug, Clone, Copy)]
pub struct Slot(usize);

impl Slot {
    /// The slot `bytes` bytes further on: a placeholder inside a run written by
    /// [`Writer::put_fixed`] (`(0u32, self.id, 0u32)`: the second is `at.after(8)`). A slot
    /// outside what was written can only make [`Writer::fill_u32`] write nothing or the wrong
    /// bytes, never memory it does not own.
    #[inline]
    pub fn after(self, bytes: usize) -> Slot {
        Slot(self.0.wrapping_add(bytes))
    }
}

/// Fills `dst` (exactly `bytes_len(data.len())` long, so at least 4) with `data` as a TL `bytes`.
///
/// Every byte of `dst` is written: the last 4, then the prefix and the data from the start, and
/// `bytes_len` pads by at most 3, so the two ranges meet.
#[inline]
fn write_bytes(dst: &mut [MaybeUninit<u8>], data: &[u8]) {
    let n = data.len();
    // The padding (0 to 3 bytes) is the end of the last 4-byte word: zero that word first, then
    // write the prefix and data over its start. One store instead of a `memset` call.
    if let Some(last) = dst.last_chunk_mut::<4>() {
        *last = [MaybeUninit::new(0); 4];
    }
    let body = if n < 254 {
        dst[0] = MaybeUninit::new(n as u8);
        &mut dst[1..]
    } else {
        let [a, b, c, _] = (n as u32).to_le_bytes();
        dst[..4].copy_from_slice(&[0xfe, a, b, c].map(MaybeUninit::new));
        &mut dst[4..]
    };
    // An element-wise copy, which the compiler turns into `memcpy` (`write_copy_of_slice` is newer
    // than the crate's minimum Rust).
    for (d, &s) in body.iter_mut().zip(data) {
        *d = MaybeUninit::new(s);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Serialize, VECTOR_ID};

    /// What `Vec<Vec<String>>` encodes to, written by hand.
    fn expected(value: &[Vec<String>]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&VECTOR_ID.to_le_bytes());
        out.extend_from_slice(&(value.len() as u32).to_le_bytes());
        for inner in value {
            out.extend_from_slice(&expected_flat(inner));
        }
        out
    }

    /// Growth at every point: items that cross the end of the buffer (retried after growing),
    /// nested ones, and an appended-to buffer too small for the first item.
    #[test]
    fn grows_between_items_and_passes() {
        let value: Vec<Vec<String>> = (0..40)
            .map(|i| (0..i % 7).map(|j| "x".repeat(i * 13 + j * 101)).collect())
            .collect();
        let bytes = expected(&value);
        assert_eq!(value.to_bytes(), bytes);
        assert_eq!(value.serialized_len(), bytes.len());
        for capacity in [0, 1, 5, 8, 300, bytes.len(), bytes.len() + 1] {
            let mut out = Vec::with_capacity(capacity);
            out.extend_from_slice(b"head");
            value.serialize(&mut out);
            assert_eq!(&out[..4], b"head", "capacity {capacity}");
            assert_eq!(&out[4..], &bytes[..], "capacity {capacity}");
        }
    }

    /// A vector of like items grows to its whole length once the first growth shows the items'
    /// size, instead of doubling all the way: with identical items the estimate is exact.
    #[test]
    fn grows_for_the_rest_of_a_vector() {
        for (count, size) in [(100, 100), (1000, 7), (40, 1000)] {
            let value: Vec<String> = (0..count).map(|_| "y".repeat(size)).collect();
            let bytes = value.to_bytes();
            assert_eq!(bytes, expected_flat(&value));
            assert_eq!(
                bytes.capacity(),
                bytes.len(),
                "{count} items of {size} bytes"
            );
        }
    }

    /// What `Vec<String>` encodes to, written by hand.
    fn expected_flat(value: &[String]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&VECTOR_ID.to_le_bytes());
        out.extend_from_slice(&(value.len() as u32).to_le_bytes());
        for s in value {
            crate::serialize_bytes(s.as_bytes(), &mut out);
        }
        out
    }
}
