//! [`Writer`]: the cursor encoders write through, into a `Vec<u8>`'s spare capacity.

use std::mem::MaybeUninit;

use crate::primitives::{MAX_BYTES_LEN, bytes_len};

/// Where encoders write: a cursor over the spare capacity of a `Vec<u8>`.
///
/// Why not the `Vec` itself: every `extend_from_slice` loads the length and capacity from memory,
/// may call into the allocator, and stores the length back, and since a byte store may alias
/// anything the compiler cannot keep them in registers across writes. A `Writer` never grows:
/// each write is one bounds check against a slice the compiler holds in registers, and a store.
///
/// A write that does not fit is skipped but still counted, so after writing a whole value
/// [`Writer::len`] is its exact length whether or not it fitted; [`Serialize::serialize`]
/// then grows the `Vec` to that length and writes again. With a reused buffer that has room (or a
/// buffer sized by [`Serialize::serialized_len`], as [`Serialize::to_bytes`] does) there is one
/// pass and no length computation at all.
///
/// [`Serialize::serialize`]: crate::Serialize::serialize
/// [`Serialize::serialized_len`]: crate::Serialize::serialized_len
/// [`Serialize::to_bytes`]: crate::Serialize::to_bytes
pub struct Writer<'a> {
    /// Fixed for the writer's life, so the compiler can keep it in registers: only `pos` moves.
    buf: &'a mut [MaybeUninit<u8>],
    /// Bytes written. Invariants: `pos <= buf.len()`; while `excess == 0`, `buf[..pos]` is
    /// initialized (each write fills exactly the bytes it claims, right after the last ones).
    pos: usize,
    /// Bytes counted but not written, because they did not fit. The first write that does not fit
    /// makes it non-zero (for good) and sets `pos` to `buf.len()`, so that no later (non-empty)
    /// write lands after the gap it leaves.
    excess: usize,
}

impl Writer<'_> {
    /// The number of bytes written so far, counting those that did not fit.
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
    /// (and so the `unsafe` in [`Writer::try_append`]) rests on. `pos` moves only once it has
    /// returned, so a panic inside leaves the writer as it was.
    #[inline]
    fn write_with(&mut self, n: usize, fill: impl FnOnce(&mut [MaybeUninit<u8>])) {
        // `min` is a no-op (invariant `pos <= len`), but it shows the compiler that the
        // subtraction cannot wrap and the slicing cannot fail: one compare per write, no panic path.
        let len = self.buf.len();
        let pos = self.pos.min(len);
        if n <= len - pos {
            fill(&mut self.buf[pos..][..n]);
            self.pos = pos + n;
        } else {
            self.overflow(n);
        }
    }

    /// Counts a write of `n` bytes that does not fit, and closes the buffer to later writes.
    #[cold]
    fn overflow(&mut self, n: usize) {
        self.excess = self.len().saturating_add(n) - self.buf.len();
        self.pos = self.buf.len();
    }

    /// Writes `bytes` (a fixed-size value, e.g. `x.to_le_bytes()`).
    #[inline]
    pub fn put<const N: usize>(&mut self, bytes: [u8; N]) {
        self.write_with(N, |dst| {
            for (d, s) in dst.iter_mut().zip(bytes) {
                *d = MaybeUninit::new(s);
            }
        });
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
    pub fn reserve_u32(&mut self) -> Slot {
        let at = self.pos;
        self.put([0; 4]);
        Slot(at)
    }

    /// Overwrites the bytes of `slot` with `value`, little-endian. (If they did not fit, there is
    /// nothing to overwrite: the writer is only counting.)
    #[inline]
    pub fn fill_u32(&mut self, slot: Slot, value: u32) {
        // Only bytes below `pos` were written; the slot's are, unless it did not fit.
        if slot.0 + 4 <= self.pos
            && let Some(dst) = self.buf.get_mut(slot.0..slot.0 + 4)
        {
            for (d, s) in dst.iter_mut().zip(value.to_le_bytes()) {
                *d = MaybeUninit::new(s);
            }
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

    /// Appends what `write` writes to `out`: into its spare capacity if it fits, else (that pass
    /// having measured it) after growing `out` to fit, in a second pass.
    ///
    /// # Panics
    ///
    /// If `write` writes more on the second pass than on the first (a bug of the encoder).
    #[inline]
    pub(crate) fn append(out: &mut Vec<u8>, write: impl Fn(&mut Writer<'_>)) {
        if let Err(needed) = Self::try_append(out, &write) {
            out.reserve(needed);
            let written = Self::try_append(out, &write);
            assert!(written.is_ok(), "an encoder wrote more on a second pass");
        }
    }

    /// Writes `write`'s bytes into `out`'s spare capacity and extends `out` over them; if they did
    /// not all fit, leaves `out` as it was and returns how many bytes `write` needs.
    fn try_append(out: &mut Vec<u8>, write: impl FnOnce(&mut Writer<'_>)) -> Result<(), usize> {
        let start = out.len();
        let mut w = Writer {
            buf: out.spare_capacity_mut(),
            pos: 0,
            excess: 0,
        };
        write(&mut w);
        if w.excess > 0 {
            return Err(w.len());
        }
        let written = w.pos;
        // SAFETY: `excess == 0`, so by `Writer::pos`'s invariant the first `written` bytes of the
        // spare capacity (the bytes after `start`) are initialized.
        unsafe { out.set_len(start + written) };
        Ok(())
    }
}

/// Where [`Writer::reserve_u32`] left 4 bytes to fill in later.
#[derive(Debug)]
#[must_use = "a reserved slot is meant to be filled with `Writer::fill_u32`"]
pub struct Slot(usize);

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
