//! The ckb-indexer queries: live cells by lock or type script with args as a prefix, paged by a
//! cursor, and their total capacity. They run on the `cells` table's B-tree indexes. Cells a
//! pending transaction spends are not listed (as ckb-indexer does when it tracks the pool), so a
//! client never picks the same input twice.

use godwoken_core::hex::HexBytes;
use godwoken_core::mol::Script;
use godwoken_core::rpc::{
    CellOutput, CellsCapacity, IndexerCell, IndexerTip, Order, OutPoint, Pagination, ScriptType, SearchKey,
    SearchKeyFilter,
};
use rusqlite::types::Value as SqlValue;

use super::layer1::layer1_tip;
use super::storage::{blob_at, h256_from_blob, i64_of, optional_blob_at, script_from_columns, type_from_columns, u32_of, u64_of};
use super::{Chain, ChainError, RequestError, MAX_PAGE_LIMIT};

impl Chain {
    /// The indexer's tip: the Layer 1 tip (cells are indexed as soon as their block exists).
    pub fn indexer_tip(&self) -> Result<IndexerTip, ChainError> {
        let tip = layer1_tip(&self.conn)?;
        Ok(IndexerTip { block_hash: tip.hash, block_number: tip.number })
    }

    /// ckb-indexer `get_cells`: live cells whose lock (or type) matches the search key's script
    /// with its args as a prefix, paged by `after_cursor`.
    pub fn get_cells(
        &self,
        key: &SearchKey,
        order: Order,
        limit: u64,
        after_cursor: Option<&[u8]>,
    ) -> Result<Pagination<IndexerCell>, RequestError> {
        if limit == 0 || limit > MAX_PAGE_LIMIT {
            return Err(RequestError::OutOfBounds(format!("limit must be between 1 and {MAX_PAGE_LIMIT}")));
        }
        let (mut sql, mut values, args_column) = search_conditions(key);
        if let Some(cursor) = after_cursor.filter(|c| !c.is_empty()) {
            if cursor.len() < 8 {
                return Err(RequestError::OutOfBounds("invalid after_cursor".into()));
            }
            let (args, seq) = cursor.split_at(cursor.len() - 8);
            let mut seq_bytes = [0u8; 8];
            seq_bytes.copy_from_slice(seq);
            let comparison = if order == Order::Asc { ">" } else { "<" };
            sql.push_str(&format!(" AND ({args_column}, seq) {comparison} (?, ?)"));
            values.push(SqlValue::Blob(args.to_vec()));
            values.push(SqlValue::Integer(i64::from_be_bytes(seq_bytes)));
        }
        let direction = if order == Order::Asc { "ASC" } else { "DESC" };
        let query = format!(
            "SELECT seq, tx_hash, output_index, capacity, lock_code_hash, lock_hash_type, lock_args,
                    type_code_hash, type_hash_type, type_args, data, block_number, tx_index
             FROM cells WHERE {sql} ORDER BY {args_column} {direction}, seq {direction} LIMIT {limit}"
        );
        let mut stmt = self.conn.prepare_cached(&query)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        let mut objects = Vec::new();
        let mut last_seq = 0i64;
        while let Some(row) = rows.next()? {
            last_seq = row.get(0)?;
            // Fixed-size blobs are read in place; only what the cell keeps is copied.
            let lock = script_from_columns(blob_at(row, 4)?, row.get(5)?, row.get(6)?)?;
            let type_ = type_from_columns(optional_blob_at(row, 7)?, row.get(8)?, row.get(9)?)?;
            objects.push(IndexerCell {
                output: CellOutput { capacity: u64_of(row.get(3)?)?, lock, type_ },
                output_data: HexBytes(row.get(10)?),
                out_point: OutPoint {
                    tx_hash: h256_from_blob(blob_at(row, 1)?)?,
                    index: u32_of(row.get(2)?, "output index")?,
                },
                block_number: u64_of(row.get(11)?)?,
                tx_index: u32_of(row.get(12)?, "transaction index")?,
            });
        }
        // The cursor is the last cell's position in the index: its searched args, then its seq.
        // A type search only finds cells with a type script, so its args are there.
        let mut last_cursor = match (objects.last(), key.script_type) {
            (Some(cell), ScriptType::Type) => cell.output.type_.as_ref().map_or_else(Vec::new, |type_| type_.args.0.clone()),
            (Some(cell), ScriptType::Lock) => cell.output.lock.args.0.clone(),
            (None, _) => Vec::new(),
        };
        if !objects.is_empty() {
            last_cursor.extend_from_slice(&last_seq.to_be_bytes());
        }
        Ok(Pagination { objects, last_cursor: HexBytes(last_cursor) })
    }

    /// ckb-indexer `get_cells_capacity`: the total capacity of the matching live cells.
    pub fn get_cells_capacity(&self, key: &SearchKey) -> Result<CellsCapacity, RequestError> {
        let (sql, values, _) = search_conditions(key);
        let capacity: i64 = self.conn.query_row(
            &format!("SELECT COALESCE(SUM(capacity), 0) FROM cells WHERE {sql}"),
            rusqlite::params_from_iter(values),
            |r| r.get(0),
        )?;
        let tip = self.indexer_tip()?;
        Ok(CellsCapacity { capacity: u64_of(capacity)?, block_hash: tip.block_hash, block_number: tip.block_number })
    }
}

/// The smallest byte string greater than every string starting with `prefix`, if any.
fn prefix_upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut bound = prefix.to_vec();
    while let Some(last) = bound.pop() {
        if last < 0xff {
            bound.push(last + 1);
            return Some(bound);
        }
    }
    None
}

fn search_conditions(key: &SearchKey) -> (String, Vec<SqlValue>, &'static str) {
    let mut sql = String::from("pool_spender IS NULL");
    let mut values = Vec::new();
    let args_column = match key.script_type {
        ScriptType::Lock => {
            push_script_conditions(&mut sql, &mut values, "lock", &key.script);
            "lock_args"
        }
        ScriptType::Type => {
            push_script_conditions(&mut sql, &mut values, "type", &key.script);
            "type_args"
        }
    };
    if let Some(filter) = &key.filter {
        push_filter_conditions(&mut sql, &mut values, key.script_type, filter);
    }
    (sql, values, args_column)
}

fn push_script_conditions(sql: &mut String, values: &mut Vec<SqlValue>, prefix: &str, script: &Script) {
    if !sql.is_empty() {
        sql.push_str(" AND ");
    }
    sql.push_str(&format!("{prefix}_code_hash = ? AND {prefix}_hash_type = ? AND {prefix}_args >= ?"));
    values.push(SqlValue::Blob(script.code_hash.0.to_vec()));
    values.push(SqlValue::Integer(i64::from(script.hash_type.to_byte())));
    values.push(SqlValue::Blob(script.args.0.clone()));
    if let Some(bound) = prefix_upper_bound(&script.args.0) {
        sql.push_str(&format!(" AND {prefix}_args < ?"));
        values.push(SqlValue::Blob(bound));
    }
}

fn push_filter_conditions(
    sql: &mut String,
    values: &mut Vec<SqlValue>,
    searched: ScriptType,
    filter: &SearchKeyFilter,
) {
    if let Some(script) = &filter.script {
        let other = if searched == ScriptType::Lock { "type" } else { "lock" };
        push_script_conditions(sql, values, other, script);
    }
    let ranges = [
        ("length(data)", filter.output_data_len_range),
        ("capacity", filter.output_capacity_range),
        ("block_number", filter.block_range),
    ];
    for (column, range) in ranges {
        if let Some([min, max]) = range {
            sql.push_str(&format!(" AND {column} >= ? AND {column} < ?"));
            values.push(SqlValue::Integer(i64_of(min.0)));
            values.push(SqlValue::Integer(i64_of(max.0)));
        }
    }
}
