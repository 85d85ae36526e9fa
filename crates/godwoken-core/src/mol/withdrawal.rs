//! The withdrawal types: the raw request a user signs, the signed request, and the args of a
//! withdrawal cell's lock (spec §1, §4, §6).

use molecule::prelude::{Builder, Entity, Reader};

use super::generated as packed;
use super::*;
use crate::hash::ckb_hash;
use crate::hex::H256;

/// The fee of a withdrawal, paid in the sUDT `sudt_id` (1 = CKB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fee {
    /// Layer 2 account id of the fee's sUDT (1 for CKB).
    pub sudt_id: u32,
    /// The fee in the sUDT's smallest unit (shannons for CKB).
    pub amount: u128,
}

/// The 200-byte struct a user signs (spec §1, §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RawWithdrawalRequest {
    /// The account's nonce, which must match exactly.
    pub nonce: u32,
    /// CKB to withdraw, in shannons.
    pub capacity: u64,
    /// sUDT amount (0 for a CKB withdrawal).
    pub amount: u128,
    /// The sUDT's script hash (zeros for CKB).
    pub sudt_script_hash: H256,
    /// The Layer 2 account's script hash.
    pub account_script_hash: H256,
    /// For sale (unused by the page: 0).
    pub sell_amount: u128,
    /// For sale (unused by the page: 0).
    pub sell_capacity: u64,
    /// The Layer 1 lock that receives the funds.
    pub owner_lock_hash: H256,
    /// For sale (unused by the page: zeros).
    pub payment_lock_hash: H256,
    /// The fee.
    pub fee: Fee,
}

/// Size of [`RawWithdrawalRequest`] on the wire.
pub const RAW_WITHDRAWAL_REQUEST_LEN: usize = 200;
/// Size of a [`WithdrawalRequest`] with a 65-byte signature.
pub const WITHDRAWAL_REQUEST_LEN: usize = 281;
/// Size of [`WithdrawalLockArgs`] on the wire.
pub const WITHDRAWAL_LOCK_ARGS_LEN: usize = 192;
/// Size of a signature (r ‖ s ‖ v).
pub const SIGNATURE_LEN: usize = 65;

impl RawWithdrawalRequest {
    fn to_packed(self) -> packed::RawWithdrawalRequest {
        let fee = packed::Fee::new_builder()
            .sudt_id(uint32(self.fee.sudt_id))
            .amount(uint128(self.fee.amount))
            .build();
        packed::RawWithdrawalRequest::new_builder()
            .nonce(uint32(self.nonce))
            .capacity(uint64(self.capacity))
            .amount(uint128(self.amount))
            .sudt_script_hash(byte32(&self.sudt_script_hash))
            .account_script_hash(byte32(&self.account_script_hash))
            .sell_amount(uint128(self.sell_amount))
            .sell_capacity(uint64(self.sell_capacity))
            .owner_lock_hash(byte32(&self.owner_lock_hash))
            .payment_lock_hash(byte32(&self.payment_lock_hash))
            .fee(fee)
            .build()
    }

    fn from_reader(reader: packed::RawWithdrawalRequestReader<'_>) -> Self {
        RawWithdrawalRequest {
            nonce: read_u32(reader.nonce()),
            capacity: read_u64(reader.capacity()),
            amount: read_u128(reader.amount()),
            sudt_script_hash: read_h256(reader.sudt_script_hash()),
            account_script_hash: read_h256(reader.account_script_hash()),
            sell_amount: read_u128(reader.sell_amount()),
            sell_capacity: read_u64(reader.sell_capacity()),
            owner_lock_hash: read_h256(reader.owner_lock_hash()),
            payment_lock_hash: read_h256(reader.payment_lock_hash()),
            fee: Fee {
                sudt_id: read_u32(reader.fee().sudt_id()),
                amount: read_u128(reader.fee().amount()),
            },
        }
    }

    /// The 200 molecule bytes (a struct: no header).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_packed().as_slice().to_vec()
    }

    /// Strictly decodes the 200 bytes.
    pub fn from_bytes(data: &[u8]) -> Result<Self, DecodeError> {
        strict("RawWithdrawalRequest", data).map(Self::from_reader)
    }

    /// The withdrawal hash: `ckb_hash(raw)`, the signature excluded (spec §3).
    pub fn hash(&self) -> H256 {
        ckb_hash(&self.to_bytes())
    }
}

/// A signed withdrawal request as submitted to `gw_submit_withdrawal_request` (a table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalRequest {
    /// What was signed.
    pub raw: RawWithdrawalRequest,
    /// r ‖ s ‖ v with v = 0/1.
    pub signature: [u8; SIGNATURE_LEN],
}

/// Strictly parses a WithdrawalRequest table but keeps a signature of any length, as Godwoken's
/// RPC does before the lock checks the signature.
pub fn parse_withdrawal_request_parts(
    data: &[u8],
) -> Result<(RawWithdrawalRequest, Vec<u8>), DecodeError> {
    let reader: packed::WithdrawalRequestReader<'_> = strict("WithdrawalRequest", data)?;
    Ok((RawWithdrawalRequest::from_reader(reader.raw()), reader.signature().raw_data().to_vec()))
}

/// Like [`parse_withdrawal_request_parts`], but a failure is molecule's own text (e.g.
/// `WithdrawalRequestReader total size doesn't match, expect 281, actual 280`), which is what a
/// Godwoken node forwards to its RPC caller.
pub fn parse_withdrawal_request_as_godwoken(
    data: &[u8],
) -> Result<(RawWithdrawalRequest, Vec<u8>), String> {
    let reader = packed::WithdrawalRequestReader::from_slice(data).map_err(|err| err.to_string())?;
    Ok((RawWithdrawalRequest::from_reader(reader.raw()), reader.signature().raw_data().to_vec()))
}

impl WithdrawalRequest {
    /// The molecule bytes: 281 of them.
    pub fn to_bytes(&self) -> Vec<u8> {
        packed::WithdrawalRequest::new_builder()
            .raw(self.raw.to_packed())
            .signature(bytes(&self.signature))
            .build()
            .as_slice()
            .to_vec()
    }

    /// Strictly decodes a table: header, offsets, no extra fields, 65-byte signature.
    pub fn from_bytes(data: &[u8]) -> Result<Self, DecodeError> {
        let (raw, signature) = parse_withdrawal_request_parts(data)?;
        let signature = <[u8; SIGNATURE_LEN]>::try_from(signature.as_slice())
            .map_err(|_| DecodeError::WrongSignatureLength(signature.len()))?;
        Ok(WithdrawalRequest { raw, signature })
    }

    /// The withdrawal hash (of the raw request only).
    pub fn hash(&self) -> H256 {
        self.raw.hash()
    }
}

/// The args of a withdrawal cell's lock after the rollup type hash (spec §1, §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WithdrawalLockArgs {
    /// The withdrawing account.
    pub account_script_hash: H256,
    /// The Layer 2 block that included the withdrawal.
    pub withdrawal_block_hash: H256,
    /// Its number: the withdrawal is final once this is ≤ the last finalized block.
    pub withdrawal_block_number: u64,
    /// The sUDT (zeros for CKB).
    pub sudt_script_hash: H256,
    /// For sale.
    pub sell_amount: u128,
    /// For sale (Godwoken ≤ v0.9 wrote the capacity here, ≥ v0.10 zero).
    pub sell_capacity: u64,
    /// Who receives the funds on Layer 1.
    pub owner_lock_hash: H256,
    /// For sale.
    pub payment_lock_hash: H256,
}

impl WithdrawalLockArgs {
    /// The 192 molecule bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        packed::WithdrawalLockArgs::new_builder()
            .account_script_hash(byte32(&self.account_script_hash))
            .withdrawal_block_hash(byte32(&self.withdrawal_block_hash))
            .withdrawal_block_number(uint64(self.withdrawal_block_number))
            .sudt_script_hash(byte32(&self.sudt_script_hash))
            .sell_amount(uint128(self.sell_amount))
            .sell_capacity(uint64(self.sell_capacity))
            .owner_lock_hash(byte32(&self.owner_lock_hash))
            .payment_lock_hash(byte32(&self.payment_lock_hash))
            .build()
            .as_slice()
            .to_vec()
    }

    /// Strictly decodes the 192 bytes.
    pub fn from_bytes(data: &[u8]) -> Result<Self, DecodeError> {
        let reader: packed::WithdrawalLockArgsReader<'_> = strict("WithdrawalLockArgs", data)?;
        Ok(WithdrawalLockArgs {
            account_script_hash: read_h256(reader.account_script_hash()),
            withdrawal_block_hash: read_h256(reader.withdrawal_block_hash()),
            withdrawal_block_number: read_u64(reader.withdrawal_block_number()),
            sudt_script_hash: read_h256(reader.sudt_script_hash()),
            sell_amount: read_u128(reader.sell_amount()),
            sell_capacity: read_u64(reader.sell_capacity()),
            owner_lock_hash: read_h256(reader.owner_lock_hash()),
            payment_lock_hash: read_h256(reader.payment_lock_hash()),
        })
    }

    /// The full lock args of a withdrawal cell: `rollup_type_hash ‖ args` (224 bytes).
    pub fn to_lock_args(&self, rollup_type_hash: &H256) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + WITHDRAWAL_LOCK_ARGS_LEN);
        out.extend_from_slice(&rollup_type_hash.0);
        out.extend_from_slice(&self.to_bytes());
        out
    }

    /// Decodes either the bare 192 bytes or the 224-byte lock args with the rollup type hash
    /// prefix, returning that prefix when present.
    pub fn from_lock_args(data: &[u8]) -> Result<(Option<H256>, Self), DecodeError> {
        match data.len() {
            WITHDRAWAL_LOCK_ARGS_LEN => Ok((None, Self::from_bytes(data)?)),
            len if len == 32 + WITHDRAWAL_LOCK_ARGS_LEN => {
                let mut prefix = [0u8; 32];
                prefix.copy_from_slice(&data[..32]);
                Ok((Some(H256(prefix)), Self::from_bytes(&data[32..])?))
            }
            actual => Err(DecodeError::WrongTotalSize {
                type_name: "WithdrawalLockArgs",
                expected: WITHDRAWAL_LOCK_ARGS_LEN,
                actual,
            }),
        }
    }
}

