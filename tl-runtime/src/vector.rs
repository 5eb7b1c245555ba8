//! TL vectors: the boxed `Vector t` (`vector#1cb5c415`, as `Vec<T>`), and the bare `vector t`,
//! bare-item and nested forms that generated code calls as free functions.
//!
//! Every decoder here reads the count with [`Reader::read_count`] (which rejects a count the input
//! cannot hold) and pre-allocates only what [`Reader`]'s shared reservation budget allows (the bytes
//! left, less what enclosing vectors reserved), so lying counts, even nested, can never make it
//! allocate more than the input's size up front.

use crate::{
    BareDeserialize, BareSerialize, DecodeError, Deserialize, Reader, Serialize, VECTOR_ID, Writer,
};

/// The count as written on the wire.
///
/// # Panics
///
/// With more than `u32::MAX` items, which TL cannot represent (a bug of the caller, not input).
#[inline]
fn write_count(len: usize, out: &mut Writer) {
    let count = u32::try_from(len)
        .unwrap_or_else(|_| panic!("TL vector of {len} items is longer than u32::MAX"));
    out.put_u32(count);
}

/// Checks the `vector` constructor id of a boxed vector.
#[inline]
fn read_vector_id(r: &mut Reader<'_>) -> Result<(), DecodeError> {
    let id = r.read_u32()?;
    if id != VECTOR_ID {
        return Err(r.unknown_constructor(id, "Vector"));
    }
    Ok(())
}

/// Boxed `Vector t`: the `vector` id, the count, then each item as `T` serializes itself.
impl<T: Serialize> Serialize for Vec<T> {
    #[inline]
    fn serialized_len(&self) -> usize {
        4 + bare_len(self)
    }

    #[inline]
    fn write_to(&self, out: &mut Writer) {
        out.put_u32(VECTOR_ID);
        write_bare(self, out);
    }
}

/// Boxed `Vector t`; an id other than `vector#1cb5c415` is an unknown constructor of `"Vector"`.
impl<T: Deserialize> Deserialize for Vec<T> {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        read_vector_id(r)?;
        deserialize_bare(r)
    }
}

/// The serialized length of a bare `vector t` of `items`: the count, then each item.
#[inline]
pub fn bare_len<T: Serialize>(items: &[T]) -> usize {
    4 + items.iter().map(Serialize::serialized_len).sum::<usize>()
}

/// Appends a bare `vector t` (no `vector` id): the count, then each item as `T` serializes itself
/// (boxed for boxed types, plain for primitives).
///
/// # Panics
///
/// With more than `u32::MAX` items.
pub fn serialize_bare<T: Serialize>(items: &[T], out: &mut Vec<u8>) {
    Writer::append(out, |w| write_bare(items, w));
}

/// [`serialize_bare`] through a [`Writer`], as generated encoders call it.
pub fn write_bare<T: Serialize>(items: &[T], out: &mut Writer) {
    write_count(items.len(), out);
    out.items(items, |w, item| item.write_to(w));
}

/// Reads a bare `vector t` (no `vector` id): the count, then that many `T`.
pub fn deserialize_bare<T: Deserialize>(r: &mut Reader<'_>) -> Result<Vec<T>, DecodeError> {
    read_items(r, T::deserialize)
}

/// The count, then that many items read by `read_item` (a function pointer, not a generic
/// closure, so that both item forms of one type share this function's one copy).
fn read_items<T>(
    r: &mut Reader<'_>,
    read_item: fn(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let count = r.read_count()?;
    let reservation = r.reserve(count, size_of::<T>());
    let mut items = Vec::with_capacity(reservation.capacity);
    for _ in 0..count {
        match read_item(r) {
            Ok(item) => items.push(item),
            Err(e) => {
                r.release(reservation);
                return Err(e);
            }
        }
    }
    r.release(reservation);
    Ok(items)
}

/// The serialized length of a vector whose items are in bare form (`vector<%T>`, `Vector<%T>`):
/// the `vector` id if `boxed_vector`, the count, then each item without its constructor id.
#[inline]
pub fn len_of_bare_items<T: BareSerialize>(items: &[T], boxed_vector: bool) -> usize {
    let id = if boxed_vector { 4 } else { 0 };
    id + 4 + items.iter().map(BareSerialize::bare_len).sum::<usize>()
}

/// Appends a vector whose items are in bare form: the `vector` id if `boxed_vector`, the count,
/// then each item without its constructor id.
///
/// # Panics
///
/// With more than `u32::MAX` items.
pub fn serialize_bare_items<T: BareSerialize>(items: &[T], out: &mut Vec<u8>, boxed_vector: bool) {
    Writer::append(out, |w| write_bare_items(items, w, boxed_vector));
}

/// [`serialize_bare_items`] through a [`Writer`], as generated encoders call it.
pub fn write_bare_items<T: BareSerialize>(items: &[T], out: &mut Writer, boxed_vector: bool) {
    if boxed_vector {
        out.put_u32(VECTOR_ID);
    }
    write_count(items.len(), out);
    out.items(items, |w, item| item.write_bare(w));
}

/// Reads a vector whose items are in bare form: the `vector` id if `boxed_vector`, the count, then
/// that many bare `T`.
pub fn deserialize_bare_items<T: BareDeserialize>(
    r: &mut Reader<'_>,
    boxed_vector: bool,
) -> Result<Vec<T>, DecodeError> {
    if boxed_vector {
        read_vector_id(r)?;
    }
    read_items(r, T::deserialize_bare)
}

/// The serialized length of a vector whose items are written by a function of their own (a
/// vector of vectors not all boxed: `vector<vector<T>>`, `Vector<vector<%T>>`): the `vector` id if
/// `boxed_vector`, the count, then each item's length as `item_len` measures it.
///
/// Function pointers rather than generic closures, as for [`deserialize_with`].
#[inline]
pub fn len_with<T>(items: &[T], boxed_vector: bool, item_len: fn(&T) -> usize) -> usize {
    let id = if boxed_vector { 4 } else { 0 };
    id + 4 + items.iter().map(item_len).sum::<usize>()
}

/// Appends a vector whose items are written by `write_item` (see [`len_with`]): the `vector` id if
/// `boxed_vector`, the count, then each item.
///
/// # Panics
///
/// With more than `u32::MAX` items.
pub fn serialize_with<T>(
    items: &[T],
    out: &mut Vec<u8>,
    boxed_vector: bool,
    write_item: fn(&T, &mut Writer),
) {
    Writer::append(out, |w| write_with(items, w, boxed_vector, write_item));
}

/// [`serialize_with`] through a [`Writer`], as generated encoders call it.
pub fn write_with<T>(
    items: &[T],
    out: &mut Writer,
    boxed_vector: bool,
    write_item: fn(&T, &mut Writer),
) {
    if boxed_vector {
        out.put_u32(VECTOR_ID);
    }
    write_count(items.len(), out);
    out.items(items, |w, item| write_item(item, w));
}

/// Reads a vector whose items are read by `read_item` (see [`len_with`]): the `vector` id if
/// `boxed_vector`, the count, then that many items.
///
/// Each level of a nested vector reserves its capacity from the [`Reader`]'s one budget, as every
/// vector does: however the counts lie, the reservations of all levels together stay within the
/// bytes left in the input.
///
/// `read_item` is a function pointer (generated code passes a closure that captures nothing) so
/// that one copy of this function serves every vector of one item type.
pub fn deserialize_with<T>(
    r: &mut Reader<'_>,
    boxed_vector: bool,
    read_item: fn(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    if boxed_vector {
        read_vector_id(r)?;
    }
    read_items(r, read_item)
}
