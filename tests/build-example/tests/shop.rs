//! The build-script-generated types serialize to the bytes TL prescribes and decode back.

use tlgen_build_example::shop::{self, enums, functions, types};
use tlgen_runtime::{DecodeErrorKind, Deserialize, Identifiable, RemoteCall, Serialize};

fn le(word: u32) -> [u8; 4] {
    word.to_le_bytes()
}

/// `Cart` and `CartItem` have one constructor each: `enums::Cart` and `enums::CartItem` are their
/// structs.
fn sample_cart() -> enums::Cart {
    types::Cart {
        items: vec![enums::CartItem {
            product: enums::Product::from(types::Product {
                on_sale: true,
                id: 7,
                title: "Tea".into(),
                price_cents: 450,
                discount_percent: None,
                tags: vec!["green".into()],
            }),
            quantity: 2,
        }],
        coupon_coupon_value: Some(types::CartCouponCouponValue {
            coupon: "SPRING".into(),
            coupon_value: 50,
        }),
        gift: false,
    }
}

#[test]
fn cart_serializes_to_the_documented_layout() {
    let cart = sample_cart();
    let mut expected = Vec::new();
    expected.extend(le(types::Cart::CONSTRUCTOR_ID));
    expected.extend(le(0b01)); // flags: bit 0 (coupon and coupon_value, which share it)
    expected.extend(le(0x1cb5_c415)); // Vector<CartItem>
    expected.extend(le(1));
    expected.extend(le(types::CartItem::CONSTRUCTOR_ID));
    expected.extend(le(types::Product::CONSTRUCTOR_ID));
    expected.extend(le(0b01)); // flags: on_sale
    expected.extend(7i64.to_le_bytes());
    expected.extend([3, b'T', b'e', b'a']); // string: length byte, 3 bytes, no padding needed
    expected.extend(450i32.to_le_bytes());
    expected.extend(le(0x1cb5_c415)); // Vector<string>
    expected.extend(le(1));
    expected.extend([5, b'g', b'r', b'e', b'e', b'n', 0, 0]); // 1 + 5 bytes, padded to 8
    expected.extend(2i32.to_le_bytes());
    expected.extend([6, b'S', b'P', b'R', b'I', b'N', b'G', 0]); // 1 + 6 bytes, padded to 8
    expected.extend(50i32.to_le_bytes());

    assert_eq!(cart.to_bytes(), expected);
    assert_eq!(cart.serialized_len(), expected.len());
    assert_eq!(enums::Cart::from_bytes(&expected).unwrap(), cart);
}

#[test]
fn ids_are_computed_when_the_schema_gives_none() {
    // CRC32 of the normalized line, `flags.N?true` params dropped.
    assert_eq!(types::ProductUnavailable::CONSTRUCTOR_ID, 0x6975_b7b7);
    assert_eq!(shop::name_for_id(types::Cart::CONSTRUCTOR_ID), Some("cart"));
    assert_eq!(shop::LAYER, 3);
}

#[test]
fn functions_know_their_return_type() {
    let call = functions::shop::AddItem {
        user_id: 1,
        product_id: 7,
        quantity: 2,
    };
    let answer: <functions::shop::AddItem as RemoteCall>::Return =
        bool::from_bytes(&le(0x9972_75b5)).unwrap();
    assert!(answer);
    let bytes = call.to_bytes();
    assert_eq!(&bytes[..4], &le(functions::shop::AddItem::CONSTRUCTOR_ID));
    assert_eq!(functions::shop::AddItem::from_bytes(&bytes).unwrap(), call);
}

#[test]
fn any_object_decodes_by_id_and_unknown_ids_are_errors() {
    let bytes = sample_cart().to_bytes();
    let object = shop::Object::from_bytes(&bytes).unwrap();
    assert_eq!(object.name(), "cart");
    assert!(object.downcast_ref::<types::Cart>().is_some());
    let err = enums::Cart::from_bytes(&le(0xdead_beef)).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownConstructor {
            id: 0xdead_beef,
            expected: "Cart"
        }
    );
}

#[test]
fn type_attributes_from_the_builder_are_applied() {
    // `#[derive(PartialOrd)]` was added by build.rs.
    let cheap = types::ProductUnavailable { id: 1 };
    let dear = types::ProductUnavailable { id: 2 };
    assert!(cheap < dear);
}
