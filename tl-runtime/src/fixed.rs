//! [`Fixed`]: values of a fixed wire size, and tuples of them, written with one bounds check.

use std::mem::MaybeUninit;

use crate::{BOOL_FALSE_ID, BOOL_TRUE_ID};

/// A value whose wire form always takes [`Fixed::LEN`] bytes: `int`, `#`, `long`, `double`,
/// `int128`, `int256`, `Bool`, `()` (nothing), and tuples of up to 8 of them (a run of such fields, written by
/// [`Writer::put_fixed`](crate::Writer::put_fixed) with one bounds check for the whole run).
///
/// Sealed: the [`Writer`](crate::Writer) relies on [`Fixed::store`] initializing exactly `LEN`
/// bytes, so no other crate may implement it.
pub trait Fixed: Copy + sealed::Sealed {
    /// The number of bytes [`Fixed::store`] writes.
    const LEN: usize;

    /// Writes the wire form into `dst`, which is exactly [`Fixed::LEN`] bytes long (with a
    /// constant `LEN`, the length checks fold away once inlined).
    fn store(self, dst: &mut [MaybeUninit<u8>]);
}

/// A [`Fixed`] value that any [`Fixed::LEN`] bytes decode to: all but `Bool` (whose bytes must
/// be one of two ids), and tuples of them. Read with one bounds check for the whole run by
/// [`Reader::read_fixed`](crate::Reader::read_fixed).
pub trait FixedRead: Fixed {
    /// The value whose wire form is `src`, which is exactly [`Fixed::LEN`] bytes long (the
    /// reader checked that many are there; with a constant `LEN` the length checks fold away).
    fn load(src: &[u8]) -> Self;
}

mod sealed {
    /// See [`Fixed`](super::Fixed).
    pub trait Sealed {}
}

/// The `N` bytes of `src`, which must be as long.
#[inline(always)]
fn array<const N: usize>(src: &[u8]) -> [u8; N] {
    let mut bytes = [0; N];
    bytes.copy_from_slice(src);
    bytes
}

/// Copies `bytes` into `dst`, which must be as long.
#[inline(always)]
fn copy<const N: usize>(dst: &mut [MaybeUninit<u8>], bytes: [u8; N]) {
    dst.copy_from_slice(&bytes.map(MaybeUninit::new));
}

/// The little-endian numbers.
macro_rules! fixed_le {
    ($($ty:ty),*) => {$(
        impl sealed::Sealed for $ty {}
        impl Fixed for $ty {
            const LEN: usize = size_of::<$ty>();
            #[inline(always)]
            fn store(self, dst: &mut [MaybeUninit<u8>]) {
                copy(dst, self.to_le_bytes());
            }
        }
        impl FixedRead for $ty {
            #[inline(always)]
            fn load(src: &[u8]) -> Self {
                <$ty>::from_le_bytes(array(src))
            }
        }
    )*};
}

fixed_le!(i32, u32, i64, f64);

/// `int128` and `int256`: raw bytes, in wire order.
impl<const N: usize> sealed::Sealed for [u8; N] {}
impl<const N: usize> Fixed for [u8; N] {
    const LEN: usize = N;
    #[inline(always)]
    fn store(self, dst: &mut [MaybeUninit<u8>]) {
        copy(dst, self);
    }
}
impl<const N: usize> FixedRead for [u8; N] {
    #[inline(always)]
    fn load(src: &[u8]) -> Self {
        array(src)
    }
}

/// Nothing: the prefix of a bare form ([`BareSerialize::write_prefixed`](crate::BareSerialize::write_prefixed)).
impl sealed::Sealed for () {}
impl Fixed for () {
    const LEN: usize = 0;
    #[inline(always)]
    fn store(self, _dst: &mut [MaybeUninit<u8>]) {}
}
impl FixedRead for () {
    #[inline(always)]
    fn load(_src: &[u8]) -> Self {}
}

/// `Bool`: `boolTrue` or `boolFalse`.
impl sealed::Sealed for bool {}
impl Fixed for bool {
    const LEN: usize = 4;
    #[inline(always)]
    fn store(self, dst: &mut [MaybeUninit<u8>]) {
        let id = if self { BOOL_TRUE_ID } else { BOOL_FALSE_ID };
        copy(dst, id.to_le_bytes());
    }
}

/// A run of fixed-size values, in order: `(a, b)` writes `a`, then `b`.
macro_rules! fixed_tuple {
    ($($name:ident)+) => {
        impl<$($name: Fixed),+> sealed::Sealed for ($($name,)+) {}
        impl<$($name: Fixed),+> Fixed for ($($name,)+) {
            const LEN: usize = 0 $(+ $name::LEN)+;
            #[inline(always)]
            #[allow(non_snake_case)]
            fn store(self, dst: &mut [MaybeUninit<u8>]) {
                let ($($name,)+) = self;
                let mut at = 0;
                $(
                    $name.store(&mut dst[at..at + $name::LEN]);
                    at += $name::LEN;
                )+
                debug_assert_eq!(at, dst.len());
            }
        }
        impl<$($name: FixedRead),+> FixedRead for ($($name,)+) {
            #[inline(always)]
            fn load(src: &[u8]) -> Self {
                let mut at = 0;
                let values = ($({
                    let value = $name::load(&src[at..at + $name::LEN]);
                    at += $name::LEN;
                    value
                },)+);
                debug_assert_eq!(at, src.len());
                values
            }
        }
    };
}

// Up to 8: tlgen-codegen's `MAX_RUN` (emit/mod.rs) writes no longer runs.
fixed_tuple!(A B);
fixed_tuple!(A B C);
fixed_tuple!(A B C D);
fixed_tuple!(A B C D E);
fixed_tuple!(A B C D E F);
fixed_tuple!(A B C D E F G);
fixed_tuple!(A B C D E F G H);

#[cfg(test)]
mod tests {
    use crate::{Serialize, Writer};

    /// A run written at once is the same bytes as its values written one by one.
    #[test]
    fn a_run_is_its_values_in_order() {
        let run = (
            7i32,
            u32::MAX,
            -2i64,
            1.5f64,
            [9u8; 16],
            true,
            false,
            [3u8; 32],
        );
        let mut one_by_one = Vec::new();
        for part in [
            run.0.to_bytes(),
            run.1.to_bytes(),
            run.2.to_bytes(),
            run.3.to_bytes(),
            run.4.to_bytes(),
            run.5.to_bytes(),
            run.6.to_bytes(),
            run.7.to_bytes(),
        ] {
            one_by_one.extend_from_slice(&part);
        }
        let mut at_once = Vec::new();
        Writer::append(&mut at_once, |w| {
            w.put_fixed(run);
        });
        assert_eq!(at_once, one_by_one);
        assert_eq!(
            at_once.len(),
            <(i32, u32, i64, f64, [u8; 16], bool, bool, [u8; 32]) as super::Fixed>::LEN
        );
    }

    /// Placeholders in a run are filled in at their offset from the run's start, also when the
    /// run did not fit the first time.
    #[test]
    fn placeholders_in_a_run_are_filled_in() {
        for capacity in [0, 8, 12, 16] {
            let mut out = Vec::with_capacity(capacity);
            Writer::append(&mut out, |w| {
                let at = w.put_fixed((0u32, 5i32, 0u32));
                w.put_u32(6);
                w.fill_u32(at, 1);
                w.fill_u32(at.after(8), 2);
            });
            assert_eq!(
                out,
                [1, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 6, 0, 0, 0],
                "capacity {capacity}"
            );
        }
    }

    /// A run reads back what it wrote, and a short input is an error at the run's start.
    #[test]
    fn a_run_reads_back() {
        use crate::{DecodeErrorKind, Reader};
        type Run = (u32, i32, i64, f64, [u8; 16], [u8; 32]);
        let run: Run = (u32::MAX, -7, i64::MIN, -0.5, [1; 16], [2; 32]);
        let mut bytes = vec![0xee];
        Writer::append(&mut bytes, |w| {
            w.put_fixed(run);
        });
        let mut r = Reader::new(&bytes);
        r.read_raw(1).unwrap();
        assert_eq!(r.read_fixed::<Run>(), Ok(run));
        assert!(r.is_empty());

        let mut short = Reader::new(&bytes[..bytes.len() - 1]);
        short.read_raw(1).unwrap();
        let err = short.read_fixed::<Run>().unwrap_err();
        assert_eq!(err.offset(), 1);
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::UnexpectedEnd {
                needed: 72,
                available: 71
            }
        ));
        assert_eq!(
            short.position(),
            1,
            "a failed read leaves the reader where it was"
        );
    }

    /// A run that does not fit is counted, and written whole after the buffer grows.
    #[test]
    fn a_run_that_does_not_fit_is_written_after_growing() {
        for capacity in [0, 3, 4, 11, 12, 13] {
            let mut out = Vec::with_capacity(capacity);
            out.push(0xaa);
            Writer::append(&mut out, |w| {
                w.put_fixed((1i32, 2i64));
            });
            assert_eq!(
                out,
                [0xaa, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0],
                "capacity {capacity}"
            );
        }
    }
}
