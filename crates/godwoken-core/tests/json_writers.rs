//! The page's JSON writer against serde_json: every `ToJson` writes the very bytes serde_json
//! writes for the same value's `Serialize` (what the devnet and real nodes read), and the page's
//! own reader reads it back.

use godwoken_core::json::{self, ToJson};
use godwoken_core::mol::{HashType, Script};
use godwoken_core::quantity::Quantity;
use godwoken_core::rpc::{CellOutput, IndexerCell, OutPoint, Order, Pagination, Request, ScriptType, SearchKey, SearchKeyFilter};
use godwoken_core::{HexBytes, H256};
use proptest::prelude::*;

/// Asserts that both encoders write the same text.
fn same_bytes<T: ToJson + serde::Serialize + ?Sized>(value: &T) {
    let ours = json::to_string(value);
    let serde = serde_json::to_string(value).expect("serde_json writes it");
    assert_eq!(ours, serde);
}

fn hash_type() -> impl Strategy<Value = HashType> {
    prop_oneof![Just(HashType::Data), Just(HashType::Type), Just(HashType::Data1)]
}

fn script() -> impl Strategy<Value = Script> {
    (any::<[u8; 32]>(), hash_type(), proptest::collection::vec(any::<u8>(), 0..80)).prop_map(
        |(code_hash, hash_type, args)| Script {
            code_hash: H256(code_hash),
            hash_type,
            args: HexBytes(args),
        },
    )
}

fn range() -> impl Strategy<Value = Option<[Quantity<u64>; 2]>> {
    proptest::option::of(any::<[u64; 2]>().prop_map(|[a, b]| [Quantity(a), Quantity(b)]))
}

fn search_key() -> impl Strategy<Value = SearchKey> {
    let filter = proptest::option::of(
        (proptest::option::of(script()), range(), range(), range()).prop_map(
            |(script, output_data_len_range, output_capacity_range, block_range)| {
                SearchKeyFilter {
                    script,
                    output_data_len_range,
                    output_capacity_range,
                    block_range,
                }
            },
        ),
    );
    (
        script(),
        prop_oneof![Just(ScriptType::Lock), Just(ScriptType::Type)],
        filter,
    )
        .prop_map(|(script, script_type, filter)| SearchKey {
            script,
            script_type,
            filter,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any text, control characters, quotes, backslashes and non-ASCII included.
    #[test]
    fn strings_are_escaped_like_serde_json(text in any::<String>(), control in "[\\x00-\\x1f\"\\\\\\x7f]{0,12}") {
        same_bytes(text.as_str());
        same_bytes(&control);
        prop_assert_eq!(json::read::<String>(&json::to_string(&text)), Ok(text));
    }

    #[test]
    fn numbers_and_literals_like_serde_json(a in any::<u64>(), b in any::<u32>(), flag in any::<bool>(), maybe in proptest::option::of(any::<u64>())) {
        same_bytes(&a);
        same_bytes(&b);
        same_bytes(&flag);
        same_bytes(&maybe);
        same_bytes(&(a, b, flag, maybe));
        same_bytes(&vec![maybe, None, Some(a)]);
    }

    #[test]
    fn quantities_hashes_and_bytes_like_serde_json(
        small in any::<u32>(), wide in any::<u64>(), huge in any::<u128>(),
        hash in any::<[u8; 32]>(), bytes in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        same_bytes(&(Quantity(small), Quantity(wide), Quantity(huge)));
        same_bytes(&(H256(hash), HexBytes(bytes.clone())));
        prop_assert_eq!(json::read::<H256>(&json::to_string(&H256(hash))), Ok(H256(hash)));
        prop_assert_eq!(json::read::<HexBytes>(&json::to_string(&HexBytes(bytes.clone()))), Ok(HexBytes(bytes)));
    }

    /// The indexer's search key: optional members are left out exactly where serde leaves them out.
    #[test]
    fn search_keys_like_serde_json(key in search_key(), order in prop_oneof![Just(Order::Asc), Just(Order::Desc)], limit in any::<u64>(), cursor in proptest::collection::vec(any::<u8>(), 0..40)) {
        same_bytes(&key);
        same_bytes(&(&key, order, Quantity(limit), HexBytes(cursor)));
        let script = &key.script;
        prop_assert_eq!(json::read::<Script>(&json::to_string(script)), Ok(script.clone()));
    }

    /// A page of the indexer's cells, as the devnet writes `get_cells` answers with this writer.
    #[test]
    fn indexer_pages_like_serde_json(
        cells in proptest::collection::vec(
            (any::<u64>(), script(), proptest::option::of(script()), proptest::collection::vec(any::<u8>(), 0..40), any::<[u8; 32]>(), any::<u32>(), any::<u64>(), any::<u32>()),
            0..4,
        ),
        cursor in proptest::collection::vec(any::<u8>(), 0..48),
    ) {
        let objects = cells
            .into_iter()
            .map(|(capacity, lock, type_, data, tx_hash, index, block_number, tx_index)| IndexerCell {
                output: CellOutput { capacity, lock, type_ },
                output_data: HexBytes(data),
                out_point: OutPoint { tx_hash: H256(tx_hash), index },
                block_number,
                tx_index,
            })
            .collect();
        let page = Pagination { objects, last_cursor: HexBytes(cursor) };
        same_bytes(&page);
        prop_assert_eq!(json::read::<Pagination<IndexerCell>>(&json::to_string(&page)), Ok(page));
    }

    /// The JSON-RPC envelope the page sends.
    #[test]
    fn requests_like_serde_json(id in any::<u64>(), method in "[a-z_]{1,40}", hash in any::<[u8; 32]>(), key in search_key()) {
        let params = (H256(hash),);
        prop_assert_eq!(
            json::request_text(id, &method, &params),
            serde_json::to_string(&Request::new(id, &method, &params)).expect("serde_json writes it")
        );
        let params = (&key, Order::Asc, Quantity(100u64));
        prop_assert_eq!(
            json::request_text(id, &method, &params),
            serde_json::to_string(&Request::new(id, &method, &params)).expect("serde_json writes it")
        );
    }
}

#[test]
fn edges_like_serde_json() {
    same_bytes("");
    same_bytes("\u{0}\u{8}\u{9}\u{a}\u{c}\u{d}\u{1f}\u{7f}\"\\/é😀");
    same_bytes(&(Quantity(0u64), Quantity(u128::MAX), u64::MAX, 0u32));
    same_bytes::<[u64]>(&[]);
    same_bytes(&Vec::<Script>::new());
    same_bytes(&[Quantity(1u64), Quantity(2u64)]);
    let empty_filter = SearchKeyFilter::default();
    same_bytes(&empty_filter);
    assert_eq!(json::to_string(&empty_filter), "{}");
    let no_params: [u64; 0] = [];
    assert_eq!(
        json::request_text(7, "poly_getRollupTypeHash", &no_params),
        r#"{"jsonrpc":"2.0","id":7,"method":"poly_getRollupTypeHash","params":[]}"#
    );
}
