//! The native tests' stand-ins for the page's outside world: a scripted node (any transport
//! answer, recorded calls), a wallet that signs with Hardhat key #0 or refuses, and an executor
//! for futures that never wait.
#![allow(dead_code)] // Each test file uses its own share.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

use ckb_l2_withdraw::rpc::{Endpoint, RpcError, Transport};
use ckb_l2_withdraw::services::Signer;
use ckb_l2_withdraw::wallet::WalletError;
use godwoken_core::eth::{DevSigner, EthAddress};
use godwoken_core::hex;
use serde_json::{json, Value};

/// Hardhat development key #0.
pub(crate) const HARDHAT_0: &str = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/// Runs a future whose awaits are all ready at once (the fakes here never wait).
pub(crate) fn run<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(value) => value,
        std::task::Poll::Pending => panic!("a fake answered later than at once"),
    }
}

/// What the scripted node answers to one call: a JSON-RPC result or error object, a raw body, or
/// no answer at all.
#[derive(Clone)]
pub(crate) enum Answer {
    Result(Value),
    Error(i64, &'static str),
    Raw(&'static str),
    Lost,
}

pub(crate) type Script = Rc<dyn Fn(&Value) -> Answer>;

/// A node that answers each method with a script; calls are recorded in order.
#[derive(Clone, Default)]
pub(crate) struct FakeNode {
    scripts: Rc<RefCell<HashMap<&'static str, Script>>>,
    calls: Rc<RefCell<Vec<String>>>,
}

impl FakeNode {
    pub(crate) fn on(&self, method: &'static str, script: impl Fn(&Value) -> Answer + 'static) -> &Self {
        self.scripts.borrow_mut().insert(method, Rc::new(script));
        self
    }

    pub(crate) fn called(&self, method: &str) -> usize {
        self.calls.borrow().iter().filter(|m| *m == method).count()
    }
}

impl Transport for FakeNode {
    async fn exchange(&self, _: Endpoint, body: String) -> Result<String, RpcError> {
        let request: Value = serde_json::from_str(&body).expect("the page sends JSON");
        let method = request["method"].as_str().expect("a method").to_owned();
        self.calls.borrow_mut().push(method.clone());
        let script = self.scripts.borrow().get(method.as_str()).cloned();
        let id = request["id"].clone();
        let answer = script.map_or(Answer::Error(-32601, "Method not found"), |script| script(&request["params"]));
        match answer {
            Answer::Result(result) => Ok(json!({"jsonrpc": "2.0", "id": id, "result": result}).to_string()),
            Answer::Error(code, message) => Ok(json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}).to_string()),
            Answer::Raw(text) => Ok(text.replace("ID", &id.to_string())),
            Answer::Lost => Err(RpcError::Unreachable { url: "http://127.0.0.1:8024/rpc".into() }),
        }
    }
}

/// A wallet that signs with Hardhat key #0, or refuses.
pub(crate) struct FakeWallet {
    pub(crate) signer: DevSigner,
    pub(crate) account: Option<EthAddress>,
    pub(crate) refuse: bool,
    pub(crate) signed: RefCell<u32>,
}

impl FakeWallet {
    pub(crate) fn new() -> Self {
        let signer = DevSigner::from_hex(HARDHAT_0).expect("key");
        FakeWallet { account: Some(signer.address()), signer, refuse: false, signed: RefCell::new(0) }
    }
}

impl Signer for FakeWallet {
    async fn connected_account(&self) -> Result<Option<EthAddress>, WalletError> {
        Ok(self.account)
    }

    async fn personal_sign(&self, params: [String; 2]) -> Result<String, WalletError> {
        if self.refuse {
            return Err(WalletError::Rejected);
        }
        assert_eq!(params[1], self.signer.address().to_lower_hex(), "data first, then the address");
        *self.signed.borrow_mut() += 1;
        let message = hex::decode(&params[0]).expect("hex message");
        Ok(hex::encode(self.signer.personal_sign(&message).expect("signs")))
    }
}

