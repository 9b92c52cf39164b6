//! A serde [`Serializer`](serde::Serializer) that builds Python objects directly (`dict`, `list`, `str`, `int`,
//! `float`, `bool`, `None`), without the intermediate `serde_json::Value` of `serde_json::to_value`.
//!
//! It gives exactly what `json_to_py(&serde_json::to_value(v))` gives for the values it supports: the same keys in
//! the same order (a `dict` keeps insertion order; a repeated key keeps its first position and its last value, like
//! `serde_json::Map` with `preserve_order`), non-finite floats as `None`, bytes as a list of ints, enum variants in
//! serde's externally tagged form. Anything else — a map key that is not a string, a char or a unit variant, a
//! 128-bit integer outside 64 bits, `serde_json`'s private tokens — is refused with [`Unsupported`], and the caller
//! falls back to the `serde_json::Value` path, which then decides (the same result or the same error as before).
//!
//! Struct field names and unit variant names are `&'static str`: their Python strings are created once, interned,
//! and kept in a small cache ([`key`]), so a `dict` key costs a lookup instead of a UTF-8 decode and a hash.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use pyo3::{IntoPyObjectExt, Py};
use serde::Serialize;
use serde::ser::{self, Impossible};

/// A value this serializer does not build itself (or a Python error while building): the caller falls back to the
/// `serde_json::Value` path.
#[derive(Debug)]
pub(crate) struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not supported by the direct Python serializer")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Unsupported
    }
}

impl From<PyErr> for Unsupported {
    fn from(_: PyErr) -> Self {
        Unsupported
    }
}

type Result<T> = std::result::Result<T, Unsupported>;

/// A hasher for the key cache: the keys are two machine words (address and length), hashed FxHash-style.
#[derive(Default)]
struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.mix(u64::from(*b));
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }
}

impl AddrHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// Interned Python strings of `&'static str` names, keyed by the address and length of the name (static data
/// never moves or changes, so equal keys are equal names).
type KeyCache = HashMap<(usize, usize), Py<PyString>, BuildHasherDefault<AddrHasher>>;

static KEYS: PyOnceLock<Mutex<KeyCache>> = PyOnceLock::new();

/// The interned Python string of a static name (a struct field or a variant), created on first use.
fn key<'py>(py: Python<'py>, name: &'static str) -> Bound<'py, PyString> {
    let cache = KEYS.get_or_init(py, || Mutex::new(KeyCache::default()));
    let id = (name.as_ptr() as usize, name.len());
    // The GIL is held, so the lock is never contended; a poisoned lock only means a panic elsewhere, and the map
    // is still valid (each insert is complete or absent).
    let mut map = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    map.entry(id)
        .or_insert_with(|| PyString::intern(py, name).unbind())
        .bind(py)
        .clone()
}

/// Builds the Python object for `value`, or [`Unsupported`].
pub(crate) fn to_py_direct<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> Result<Bound<'py, PyAny>> {
    value.serialize(PySerializer { py })
}

/// The serializer: a value becomes one Python object.
#[derive(Clone, Copy)]
struct PySerializer<'py> {
    py: Python<'py>,
}

impl<'py> PySerializer<'py> {
    fn obj<T: IntoPyObjectExt<'py>>(self, value: T) -> Result<Bound<'py, PyAny>> {
        Ok(value.into_bound_py_any(self.py)?)
    }

    /// `{variant: value}` (serde's externally tagged enum form).
    fn tagged(self, variant: &'static str, value: Bound<'py, PyAny>) -> Result<Bound<'py, PyAny>> {
        let dict = PyDict::new(self.py);
        dict.set_item(key(self.py, variant), value)?;
        Ok(dict.into_any())
    }
}

impl<'py> ser::Serializer for PySerializer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Unsupported;
    type SerializeSeq = SeqBuilder<'py>;
    type SerializeTuple = SeqBuilder<'py>;
    type SerializeTupleStruct = SeqBuilder<'py>;
    type SerializeTupleVariant = SeqBuilder<'py>;
    type SerializeMap = DictBuilder<'py>;
    type SerializeStruct = DictBuilder<'py>;
    type SerializeStructVariant = DictBuilder<'py>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        self.obj(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok> {
        self.obj(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok> {
        self.obj(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok> {
        self.obj(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok> {
        self.obj(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok> {
        // `serde_json` keeps 128-bit integers that fit 64 bits and refuses the others.
        if let Ok(v) = i64::try_from(v) {
            self.obj(v)
        } else if let Ok(v) = u64::try_from(v) {
            self.obj(v)
        } else {
            Err(Unsupported)
        }
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok> {
        self.obj(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok> {
        self.obj(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok> {
        self.obj(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok> {
        self.obj(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok> {
        u64::try_from(v)
            .map_err(|_| Unsupported)
            .and_then(|v| self.obj(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        // `serde_json` turns NaN and the infinities into null.
        if v.is_finite() {
            self.obj(v)
        } else {
            Ok(self.py.None().into_bound(self.py))
        }
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        let mut buf = [0u8; 4];
        self.obj(&*v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        self.obj(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        // `serde_json` writes bytes as an array of numbers.
        Ok(PyList::new(self.py, v.iter().map(|b| u64::from(*b)))?.into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        Ok(key(self.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        if name.starts_with("$serde_json") {
            return Err(Unsupported);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        let inner = value.serialize(self)?;
        self.tagged(variant, inner)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Ok(SeqBuilder {
            list: PyList::empty(self.py),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Ok(SeqBuilder {
            list: PyList::empty(self.py),
            variant: Some(variant),
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(DictBuilder {
            dict: PyDict::new(self.py),
            next_key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        // `serde_json`'s private number and raw-value tokens (features not enabled here) are left to `serde_json`.
        if name.starts_with("$serde_json") {
            return Err(Unsupported);
        }
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Ok(DictBuilder {
            dict: PyDict::new(self.py),
            next_key: None,
            variant: Some(variant),
        })
    }
}

/// A `list` being filled (a sequence, a tuple, or the content of a tuple variant).
pub(crate) struct SeqBuilder<'py> {
    list: Bound<'py, PyList>,
    variant: Option<&'static str>,
}

impl<'py> SeqBuilder<'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let item = value.serialize(PySerializer { py: self.list.py() })?;
        Ok(self.list.append(item)?)
    }

    fn finish(self) -> Result<Bound<'py, PyAny>> {
        let py = self.list.py();
        match self.variant {
            Some(variant) => PySerializer { py }.tagged(variant, self.list.into_any()),
            None => Ok(self.list.into_any()),
        }
    }
}

/// The four sequence-like serde traits, all appending to the list: `$method` is the trait's element method.
macro_rules! seq_builder_impls {
    ($($trait:ident :: $method:ident),+) => {$(
        impl<'py> ser::$trait for SeqBuilder<'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Unsupported;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.push(value)
            }
            fn end(self) -> Result<Self::Ok> {
                self.finish()
            }
        }
    )+};
}

seq_builder_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A `dict` being filled (a map, a struct, or the content of a struct variant).
pub(crate) struct DictBuilder<'py> {
    dict: Bound<'py, PyDict>,
    next_key: Option<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> DictBuilder<'py> {
    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<()> {
        let py = self.dict.py();
        let value = value.serialize(PySerializer { py })?;
        Ok(self.dict.set_item(key(py, name), value)?)
    }

    fn finish(self) -> Result<Bound<'py, PyAny>> {
        let py = self.dict.py();
        match self.variant {
            Some(variant) => PySerializer { py }.tagged(variant, self.dict.into_any()),
            None => Ok(self.dict.into_any()),
        }
    }
}

impl<'py> ser::SerializeMap for DictBuilder<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.next_key = Some(key.serialize(KeySerializer { py: self.dict.py() })?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self.next_key.take().ok_or(Unsupported)?;
        let value = value.serialize(PySerializer { py: self.dict.py() })?;
        Ok(self.dict.set_item(key, value)?)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeStruct for DictBuilder<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<()> {
        self.field(name, value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeStructVariant for DictBuilder<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<()> {
        self.field(name, value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

/// Map keys: strings (and what `serde_json` writes as the same string: a char, a unit variant, a newtype around a
/// key). Every other key type is left to `serde_json` ([`Unsupported`]).
struct KeySerializer<'py> {
    py: Python<'py>,
}

/// Key-serializer methods for scalar types a map key cannot be here (the caller falls back to the generic path).
macro_rules! unsupported_scalars {
    ($($method:ident: $ty:ty),+ $(,)?) => {$(
        fn $method(self, _v: $ty) -> Result<Self::Ok> {
            Err(Unsupported)
        }
    )+};
}

impl<'py> ser::Serializer for KeySerializer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Unsupported;
    type SerializeSeq = Impossible<Self::Ok, Unsupported>;
    type SerializeTuple = Impossible<Self::Ok, Unsupported>;
    type SerializeTupleStruct = Impossible<Self::Ok, Unsupported>;
    type SerializeTupleVariant = Impossible<Self::Ok, Unsupported>;
    type SerializeMap = Impossible<Self::Ok, Unsupported>;
    type SerializeStruct = Impossible<Self::Ok, Unsupported>;
    type SerializeStructVariant = Impossible<Self::Ok, Unsupported>;

    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        Ok(key(self.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    unsupported_scalars!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_f32: f32,
        serialize_f64: f64,
        serialize_bytes: &[u8]
    );
    fn serialize_none(self) -> Result<Self::Ok> {
        Err(Unsupported)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<Self::Ok> {
        Err(Unsupported)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        Err(Unsupported)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        Err(Unsupported)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Self::Ok> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unsupported)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Unsupported)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unsupported)
    }
}
