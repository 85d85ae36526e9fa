//! CKB transactions: their JSON (as the CKB RPC and pw-core write it), molecule bytes and hash
//! (L1 §1.1, §1.2), size and fee (§1.3).

use super::encode::{bytes, fixvec, table};
use crate::hash::ckb_hash;
use crate::hex::{HexBytes, H256};
use crate::rpc::{CellOutput, OutPoint};
use crate::wire::{wire_enum, wire_struct};

wire_enum! {
    /// How a cell dep is used.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum DepType {
        /// The cell's data is code.
        Code = "code",
        /// The cell's data lists out points, each a dep of its own (L1 §5.2).
        DepGroup = "dep_group",
    }
}

wire_struct! {
    /// A cell the transaction reads without consuming it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CellDep {
        /// Where the cell is.
        out_point: OutPoint,
        /// Code, or a group of deps.
        dep_type: DepType,
    }
}

wire_struct! {
    /// A cell the transaction consumes.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CellInput {
        /// When it may be consumed (L1 §1.4); 0 = no condition.
        since: u64 as quantity,
        /// Where the cell is.
        previous_output: OutPoint,
    }
}

wire_struct! {
    /// A transaction with its witnesses (the default: version 0 and nothing else).
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct Transaction {
        /// Always 0 in CKB v0.101.
        version: u32 as quantity,
        /// Cells read.
        cell_deps: Vec<CellDep>,
        /// Headers read.
        header_deps: Vec<H256>,
        /// Cells consumed.
        inputs: Vec<CellInput>,
        /// Cells created.
        outputs: Vec<CellOutput>,
        /// The data of each output.
        outputs_data: Vec<HexBytes>,
        /// Lock proofs, by input index (not hashed).
        witnesses: Vec<HexBytes>,
    }
}

/// The 36 bytes of an out point: `tx_hash ‖ u32 index`.
pub fn out_point_bytes(out_point: &OutPoint) -> [u8; 36] {
    let mut out = [0u8; 36];
    out[..32].copy_from_slice(&out_point.tx_hash.0);
    out[32..].copy_from_slice(&out_point.index.to_le_bytes());
    out
}

/// A cell output as a molecule table: `capacity ‖ lock ‖ type (absent: nothing)`.
pub fn cell_output_bytes(output: &CellOutput) -> Vec<u8> {
    let type_ = output.type_.as_ref().map(|script| script.to_bytes()).unwrap_or_default();
    table(&[&output.capacity.to_le_bytes(), &output.lock.to_bytes(), &type_])
}

impl Transaction {
    /// The `RawTransaction` table: everything but the witnesses.
    pub fn raw_bytes(&self) -> Vec<u8> {
        let cell_deps: Vec<u8> = self
            .cell_deps
            .iter()
            .flat_map(|dep| {
                let mut item = out_point_bytes(&dep.out_point).to_vec();
                item.push(match dep.dep_type {
                    DepType::Code => 0,
                    DepType::DepGroup => 1,
                });
                item
            })
            .collect();
        let header_deps: Vec<u8> = self.header_deps.iter().flat_map(|hash| hash.0).collect();
        let inputs: Vec<u8> = self
            .inputs
            .iter()
            .flat_map(|input| [&input.since.to_le_bytes()[..], &out_point_bytes(&input.previous_output)].concat())
            .collect();
        let outputs: Vec<Vec<u8>> = self.outputs.iter().map(cell_output_bytes).collect();
        let outputs_data: Vec<Vec<u8>> = self.outputs_data.iter().map(|data| bytes(&data.0)).collect();
        table(&[
            &self.version.to_le_bytes(),
            &fixvec(self.cell_deps.len(), &cell_deps),
            &fixvec(self.header_deps.len(), &header_deps),
            &fixvec(self.inputs.len(), &inputs),
            &table(&outputs.iter().map(Vec::as_slice).collect::<Vec<_>>()),
            &table(&outputs_data.iter().map(Vec::as_slice).collect::<Vec<_>>()),
        ])
    }

    /// The `Transaction` table: the raw transaction and the witnesses.
    pub fn to_bytes(&self) -> Vec<u8> {
        let witnesses: Vec<Vec<u8>> = self.witnesses.iter().map(|witness| bytes(&witness.0)).collect();
        table(&[&self.raw_bytes(), &table(&witnesses.iter().map(Vec::as_slice).collect::<Vec<_>>())])
    }

    /// The transaction hash: `ckb_hash` of the raw transaction (witnesses are not hashed).
    pub fn hash(&self) -> H256 {
        ckb_hash(&self.raw_bytes())
    }

    /// Its size in a block, which the minimum fee is reckoned on: the bytes plus 4.
    pub fn size_in_block(&self) -> u64 {
        self.to_bytes().len() as u64 + 4
    }
}

/// The least fee the pool accepts at `fee_rate` shannons per 1 000 bytes (CKB's default 1 000).
pub fn min_fee(size_in_block: u64, fee_rate: u64) -> u64 {
    size_in_block.saturating_mul(fee_rate) / 1000
}
