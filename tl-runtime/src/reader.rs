//! A bounds-checked cursor over untrusted input: every read is checked, never panics, and carries its offset.

use crate::{BOOL_FALSE_ID, BOOL_TRUE_ID, DecodeError, DecodeErrorKind, FixedRead};

/// How strict a [`Reader`] is. The defaults are strict; see the crate docs for why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOptions {
    /// The most objects [`Reader::nested`] may be inside one another. Default 100.
    pub max_depth: u32,
    /// Replace invalid UTF-8 in `string` with U+FFFD instead of failing with
    /// [`DecodeErrorKind::InvalidUtf8`]. Default `false`.
    pub lossy_utf8: bool,
    /// Accept non-zero padding after `bytes`/`string` instead of failing with
    /// [`DecodeErrorKind::NonZeroPadding`]. Default `false`.
    pub allow_nonzero_padding: bool,
    /// The most stack [`Reader::nested`] lets nested decoding use, in bytes, measured from the
    /// outermost nested object. Default 192 KiB. Frames of generated decoders are far larger in
    /// debug builds than in release ones, so a level count alone cannot promise no stack overflow
    /// on a small thread stack; past this budget decoding stops with
    /// [`DecodeErrorKind::TooDeep`] at the level reached.
    pub max_stack_bytes: usize,
}

impl DecodeOptions {
    /// The default nesting limit: deep enough for every real Telegram payload, shallow enough
    /// that generated recursive decoders stay far from the end of a small thread stack.
    pub const DEFAULT_MAX_DEPTH: u32 = 100;
    /// The default stack budget of nested decoding: room on a 256 KiB thread stack.
    pub const DEFAULT_MAX_STACK_BYTES: usize = 192 * 1024;
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            max_depth: Self::DEFAULT_MAX_DEPTH,
            lossy_utf8: false,
            allow_nonzero_padding: false,
            max_stack_bytes: Self::DEFAULT_MAX_STACK_BYTES,
        }
    }
}

/// A cursor over a byte slice that decodes TL primitives.
///
/// Every read checks bounds first and returns a [`DecodeError`] with the byte offset of the fault;
/// a failed primitive read leaves the position where it was. Borrowed reads ([`Reader::read_raw`],
/// [`Reader::read_bytes`]) return slices of the input, so nothing is allocated by the reader itself.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
    /// Bytes that vectors still being decoded have reserved up front. Nested vectors are all
    /// live at once, so their reservations share one budget: the input's size.
    reserved: usize,
    /// The stack address where the outermost [`Reader::nested`] call ran (0 outside any).
    stack_origin: usize,
    options: DecodeOptions,
}

/// Vector capacity taken from a [`Reader`]'s reservation budget (see [`Reader::reserve`]).
#[must_use = "a reservation is given back with Reader::release"]
pub(crate) struct Reservation {
    /// How many items to pre-allocate.
    pub(crate) capacity: usize,
    bytes: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`, with the default (strict) [`DecodeOptions`].
    #[inline]
    pub fn new(bytes: &'a [u8]) -> Self {
        Self::with_options(bytes, DecodeOptions::default())
    }

    /// A reader at the start of `bytes`, with the given options (e.g. a different depth limit).
    #[inline]
    pub fn with_options(bytes: &'a [u8], options: DecodeOptions) -> Self {
        Self {
            bytes,
            pos: 0,
            depth: 0,
            reserved: 0,
            stack_origin: 0,
            options,
        }
    }

    /// The options this reader was created with.
    #[inline]
    pub fn options(&self) -> &DecodeOptions {
        &self.options
    }

    /// The offset of the next byte to read.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// How many bytes are left.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// Whether every byte was read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// How many [`Reader::nested`] calls are currently open.
    #[inline]
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// An error of `kind` at `offset`.
    #[inline]
    fn error(&self, kind: DecodeErrorKind, offset: usize) -> DecodeError {
        DecodeError::new(kind, offset)
    }

    /// The `UnexpectedEnd` for a read of `needed` bytes at the current position.
    #[cold]
    fn unexpected_end(&self, needed: usize) -> DecodeError {
        self.error(
            DecodeErrorKind::UnexpectedEnd {
                needed,
                available: self.remaining(),
            },
            self.pos,
        )
    }

    /// The next `n` bytes, borrowed from the input.
    #[inline]
    pub fn read_raw(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        // `get` rather than indexing: no panic path, and `pos + n` cannot overflow because the
        // check is written as `n <= remaining`.
        if n > self.remaining() {
            return Err(self.unexpected_end(n));
        }
        let slice = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(slice)
    }

    /// The next `N` bytes, copied into an array.
    #[inline]
    pub fn read_array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        match self
            .bytes
            .get(self.pos..)
            .and_then(|rest| rest.first_chunk::<N>())
        {
            Some(array) => {
                self.pos += N;
                Ok(*array)
            }
            None => Err(self.unexpected_end(N)),
        }
    }

    /// Reserves `Vec` capacity for up to `count` items of `item_size` bytes, as far as the shared
    /// budget allows: the bytes left in the input less what enclosing vectors have reserved. A
    /// lying count, even repeated at every level of nesting, can therefore never make the decoder
    /// hold more than the input's size in reservations; honest vectors grow past their reservation
    /// as their items actually decode. Give it back with [`Reader::release`] once the items are
    /// read (or failed to).
    ///
    /// Not generic, and not a closure-taking wrapper: one copy serves every item type, where
    /// a generic one was compiled again for each of the ~200 vector item types of a schema.
    pub(crate) fn reserve(&mut self, count: usize, item_size: usize) -> Reservation {
        let budget = self.remaining().saturating_sub(self.reserved);
        let capacity = count.min(budget / item_size.max(1));
        let bytes = capacity * item_size;
        self.reserved += bytes;
        Reservation { capacity, bytes }
    }

    /// Returns what [`Reader::reserve`] took from the budget.
    pub(crate) fn release(&mut self, reservation: Reservation) {
        self.reserved -= reservation.bytes;
    }

    /// A little-endian `u32` (TL `#`, and constructor ids).
    #[inline]
    pub fn read_u32(&mut self) -> Result<u32, DecodeError> {
        self.read_array().map(u32::from_le_bytes)
    }

    /// A field `flags.N?T`: `Some` of what `read` reads if the field is `present` (its flags bit
    /// is set), else `None`, reading nothing. One call per optional field, where an `if` around
    /// each read would repeat the same branches in every decoder of a generated crate; `read` is a
    /// function pointer so that one instance per `T` serves every field of that type.
    ///
    /// ```
    /// use tlgen_runtime::{Deserialize, Reader};
    ///
    /// let mut r = Reader::new(&[7, 0, 0, 0]);
    /// assert_eq!(r.read_if(false, i32::deserialize), Ok(None)); // reads nothing
    /// assert_eq!(r.read_if(true, i32::deserialize), Ok(Some(7)));
    /// assert!(r.read_if(true, i32::deserialize).is_err()); // nothing left to read
    /// ```
    #[inline]
    pub fn read_if<T>(
        &mut self,
        present: bool,
        read: fn(&mut Reader<'_>) -> Result<T, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        if present {
            read(self).map(Some)
        } else {
            Ok(None)
        }
    }

    /// A run of fixed-size values (a tuple of them) with one bounds check for the run:
    /// `let (flags, id): (u32, i32) = r.read_fixed()?` reads a flags word and an `int`. If the
    /// run is not all there, the error is at its start and the reader stays there.
    #[inline]
    pub fn read_fixed<T: FixedRead>(&mut self) -> Result<T, DecodeError> {
        self.read_raw(T::LEN).map(T::load)
    }

    /// The next little-endian `u32` (a constructor id, say), without consuming it.
    #[inline]
    pub fn peek_u32(&self) -> Result<u32, DecodeError> {
        self.clone().read_u32()
    }

    /// A little-endian `i32` (TL `int`).
    #[inline]
    pub fn read_i32(&mut self) -> Result<i32, DecodeError> {
        self.read_array().map(i32::from_le_bytes)
    }

    /// A little-endian `i64` (TL `long`).
    #[inline]
    pub fn read_i64(&mut self) -> Result<i64, DecodeError> {
        self.read_array().map(i64::from_le_bytes)
    }

    /// A little-endian IEEE 754 `f64` (TL `double`).
    #[inline]
    pub fn read_f64(&mut self) -> Result<f64, DecodeError> {
        self.read_array().map(f64::from_le_bytes)
    }

    /// The body of a TL `bytes` (or `string`), borrowed from the input.
    ///
    /// Layout: one length byte `< 0xfe`, or `0xfe` and a 3-byte little-endian length; the data;
    /// zero bytes padding the whole (prefix included) to a multiple of 4.
    ///
    /// Errors, all at the offset of the length prefix unless said otherwise:
    /// - [`UnexpectedEnd`](DecodeErrorKind::UnexpectedEnd) if the prefix itself or the padding is cut off;
    /// - [`LengthTooLarge`](DecodeErrorKind::LengthTooLarge) if the declared length exceeds the bytes
    ///   left after the prefix (checked before anything else is looked at);
    /// - [`InvalidLengthPrefix`](DecodeErrorKind::InvalidLengthPrefix) for a prefix byte of `0xff`;
    /// - [`NonZeroPadding`](DecodeErrorKind::NonZeroPadding), at the offending byte, unless
    ///   [`DecodeOptions::allow_nonzero_padding`].
    ///
    /// A long prefix (`0xfe`) holding a length below 254 is accepted, as other TL implementations
    /// do; re-encoding such a value gives the (shorter) canonical form.
    pub fn read_bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let start = self.pos;
        let rest = &self.bytes[start..];
        let (header, len) = match rest.first() {
            None => return Err(self.unexpected_end(1)),
            Some(&b) if b < 0xfe => (1, usize::from(b)),
            Some(&0xfe) => match rest.first_chunk::<4>() {
                Some(&[_, a, b, c]) => (4, u32::from_le_bytes([a, b, c, 0]) as usize),
                None => return Err(self.unexpected_end(4)),
            },
            Some(_) => {
                return Err(self.error(DecodeErrorKind::InvalidLengthPrefix, start));
            }
        };
        let available = rest.len() - header;
        if len > available {
            return Err(self.error(
                DecodeErrorKind::LengthTooLarge {
                    length: len,
                    available,
                },
                start,
            ));
        }
        // `header + len <= rest.len()`, so neither this nor the padding sum can overflow.
        let padded = (header + len + 3) & !3;
        if padded > rest.len() {
            return Err(self.unexpected_end(padded));
        }
        let data = &rest[header..header + len];
        if !self.options.allow_nonzero_padding
            && let Some(i) = rest[header + len..padded].iter().position(|&b| b != 0)
        {
            return Err(self.error(DecodeErrorKind::NonZeroPadding, start + header + len + i));
        }
        self.pos = start + padded;
        Ok(data)
    }

    /// A TL `string`: [`Reader::read_bytes`], then UTF-8.
    ///
    /// Invalid UTF-8 is [`DecodeErrorKind::InvalidUtf8`] at the string's offset, unless
    /// [`DecodeOptions::lossy_utf8`], which replaces each invalid sequence with U+FFFD.
    pub fn read_string(&mut self) -> Result<String, DecodeError> {
        let start = self.pos;
        let data = self.read_bytes()?;
        match validate_utf8(data) {
            Some(s) => Ok(s.to_owned()),
            None if self.options.lossy_utf8 => Ok(String::from_utf8_lossy(data).into_owned()),
            None => {
                // Leave the position at the string, as for any other failed read.
                self.pos = start;
                Err(self.error(DecodeErrorKind::InvalidUtf8, start))
            }
        }
    }

    /// A boxed TL `Bool`: `boolTrue#997275b5` or `boolFalse#bc799737`; any other id is
    /// [`DecodeErrorKind::InvalidBool`] at the id's offset.
    #[inline]
    pub fn read_bool(&mut self) -> Result<bool, DecodeError> {
        let start = self.pos;
        match self.read_u32()? {
            BOOL_TRUE_ID => Ok(true),
            BOOL_FALSE_ID => Ok(false),
            id => {
                self.pos = start;
                Err(self.error(DecodeErrorKind::InvalidBool { id }, start))
            }
        }
    }

    /// A vector's item count, rejected with [`DecodeErrorKind::LengthTooLarge`] (at the count's
    /// offset) if the bytes left cannot hold that many items.
    ///
    /// Every item of a TL vector takes at least 4 bytes (an id, an `int`, a length-prefixed
    /// `bytes` padded to 4...), so a count above `remaining / 4` is a lie, and rejecting it here
    /// is what keeps a caller from pre-allocating for it. (A bare vector of a bare type with no
    /// fields would break that rule; no real schema has one.)
    #[inline]
    pub fn read_count(&mut self) -> Result<usize, DecodeError> {
        let start = self.pos;
        let count = self.read_u32()? as usize;
        let available = self.remaining();
        if count > available / 4 {
            self.pos = start;
            return Err(self.error(
                DecodeErrorKind::LengthTooLarge {
                    length: count,
                    available,
                },
                start,
            ));
        }
        Ok(count)
    }

    /// Runs `f` one nesting level deeper, failing with [`DecodeErrorKind::TooDeep`] (at the
    /// current position) instead if that would exceed [`DecodeOptions::max_depth`].
    ///
    /// Generated code wraps the decoding of every value that may contain itself, so that crafted
    /// input cannot recurse until the stack overflows.
    #[inline]
    pub fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let here = stack_address();
        if self.depth == 0 {
            self.stack_origin = here;
        }
        let stack_used = self.stack_origin.abs_diff(here);
        if self.depth >= self.options.max_depth || stack_used > self.options.max_stack_bytes {
            return Err(self.error(DecodeErrorKind::TooDeep { limit: self.depth }, self.pos));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// The error for a constructor id `id` that is not one of `expected`'s, just read by the caller
    /// (so the offset is 4 bytes back, the start of the id).
    #[cold]
    pub fn unknown_constructor(&self, id: u32, expected: &'static str) -> DecodeError {
        self.error(
            DecodeErrorKind::UnknownConstructor { id, expected },
            self.pos.saturating_sub(4),
        )
    }

    /// `Ok` if every byte was read, else [`DecodeErrorKind::TrailingBytes`] at the first unread byte.
    #[inline]
    pub fn finish(&self) -> Result<(), DecodeError> {
        match self.remaining() {
            0 => Ok(()),
            count => Err(self.error(DecodeErrorKind::TrailingBytes { count }, self.pos)),
        }
    }
}

/// `data` as a `str` if it is valid UTF-8. With the `simd-utf8` feature, SIMD validation; std's
/// otherwise (the invalid case, rare, needs no speed: the caller fails or goes lossy).
#[inline]
fn validate_utf8(data: &[u8]) -> Option<&str> {
    #[cfg(feature = "simd-utf8")]
    return simdutf8::basic::from_utf8(data).ok();
    #[cfg(not(feature = "simd-utf8"))]
    return std::str::from_utf8(data).ok();
}

/// The address of a local of the caller's frame: where the stack is now. Safe (the address is
/// only compared, never dereferenced) and works whichever way the stack grows.
#[inline(never)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}
