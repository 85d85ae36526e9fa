//! Whether a node belongs to the network the user chose: its rollup constants must match before
//! the page lets anyone sign (a request signed for one rollup must never go to another).

use godwoken_core::network::NetworkConstants;
use godwoken_core::H256;

/// A node's constants that differ from the chosen network's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "This node belongs to another Godwoken network: its {what} is {found}, but the selected network expects {expected}. \
     Signing is disabled; choose the matching network or another node."
)]
pub struct ConstantsMismatch {
    /// Which constant.
    pub what: &'static str,
    /// The network's value.
    pub expected: H256,
    /// The node's value.
    pub found: H256,
}

/// Compares what the node answered to `poly_getRollupTypeHash` and `poly_getEthAccountLockHash`
/// with the chosen network.
pub fn check_node_constants(
    expected: &NetworkConstants,
    rollup_type_hash: H256,
    eth_account_lock_hash: H256,
) -> Result<(), ConstantsMismatch> {
    if rollup_type_hash != expected.rollup_type_hash {
        return Err(ConstantsMismatch {
            what: "rollup type hash",
            expected: expected.rollup_type_hash,
            found: rollup_type_hash,
        });
    }
    if eth_account_lock_hash != expected.eth_account_lock_code_hash {
        return Err(ConstantsMismatch {
            what: "ETH account lock hash",
            expected: expected.eth_account_lock_code_hash,
            found: eth_account_lock_hash,
        });
    }
    Ok(())
}

/// Origins the page's Content-Security-Policy (`connect-src` in index.html) lets it reach besides
/// its own and loopback. Keep the two lists equal.
pub const ALLOWED_REMOTE_ORIGINS: &[&str] = &[
    "https://godwoken-testnet-web3-rpc.ckbapp.dev",
    "https://indexer-testnet.ckb.tools",
    "https://testnet.ckb.dev",
    "https://mainnet.godwoken.io",
    "https://indexer.ckb.tools",
    "https://mainnet.ckb.dev",
];

/// Why a node URL cannot be used from this page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NodeUrlProblem {
    /// Not an http(s) URL.
    #[error("{0} is not an http:// or https:// URL.")]
    NotHttp(String),
    /// Outside the Content-Security-Policy.
    #[error(
        "This page may only connect to its own origin, to nodes on this computer (127.0.0.1, localhost) and to the 2021 endpoints \
         (its Content-Security-Policy), so it cannot reach {0}. Run the node locally, or serve the page with a policy that allows it."
    )]
    NotAllowed(String),
}

/// The `scheme://host[:port]` of a URL, lower-cased, if it is http(s).
pub fn origin_of(url: &str) -> Option<String> {
    // Split at the first ':' and then require "//": the same split as at "://" (a scheme has no
    // ':'), without the substring searcher, which costs the shipped page about 2 KB of code.
    let (scheme, rest) = url.trim().split_once(':')?;
    let rest = rest.strip_prefix("//")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    // Credentials in a node URL are refused: they would be sent to whoever answers.
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some(format!("{scheme}://{authority}"))
}

/// Whether the page may connect to `url`, given its own origin.
pub fn check_node_url(url: &str, page_origin: &str) -> Result<(), NodeUrlProblem> {
    let origin = origin_of(url).ok_or_else(|| NodeUrlProblem::NotHttp(url.to_owned()))?;
    let host = origin.split_once(':').and_then(|(_, rest)| rest.strip_prefix("//")).unwrap_or("");
    let host = host.rsplit_once(':').filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit())).map_or(host, |(h, _)| h);
    let loopback = origin.starts_with("http://") && (host == "127.0.0.1" || host == "localhost");
    if loopback || origin == page_origin.to_ascii_lowercase() || ALLOWED_REMOTE_ORIGINS.contains(&origin.as_str()) {
        Ok(())
    } else {
        Err(NodeUrlProblem::NotAllowed(origin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use godwoken_core::network::{mainnet_2021_constants, testnet_2021_constants};

    #[test]
    fn node_urls_within_the_policy() {
        let page = "http://127.0.0.1:8024";
        for ok in ["http://127.0.0.1:9000/rpc", "http://localhost:8024/indexer", "http://LOCALHOST/rpc",
            "https://indexer.ckb.tools", "https://mainnet.godwoken.io/rpc", "http://127.0.0.1:8024/rpc"] {
            assert_eq!(check_node_url(ok, page), Ok(()), "{ok}");
        }
        assert_eq!(check_node_url("https://example.org/rpc", page), Err(NodeUrlProblem::NotAllowed("https://example.org".into())));
        assert!(matches!(check_node_url("http://127.0.0.1.evil.net/rpc", page), Err(NodeUrlProblem::NotAllowed(_))));
        assert!(matches!(check_node_url("https://127.0.0.1/rpc", page), Err(NodeUrlProblem::NotAllowed(_))));
        assert!(matches!(check_node_url("http://user:pw@127.0.0.1/rpc", page), Err(NodeUrlProblem::NotHttp(_))));
        assert!(matches!(check_node_url("ftp://127.0.0.1/rpc", page), Err(NodeUrlProblem::NotHttp(_))));
        assert!(matches!(check_node_url("127.0.0.1:8024", page), Err(NodeUrlProblem::NotHttp(_))));
        // The page's own origin is allowed wherever it is.
        assert_eq!(check_node_url("https://tools.example/rpc", "https://tools.example"), Ok(()));
    }

    #[test]
    fn the_csp_names_the_same_remote_origins() {
        let index = include_str!("../../index.html");
        for origin in ALLOWED_REMOTE_ORIGINS {
            assert!(index.contains(origin), "index.html's CSP lacks {origin}");
        }
        assert!(index.contains("http://127.0.0.1:* http://localhost:*"));
        // Every endpoint of the presets, the CKB node's included, is reachable under it.
        for network in [godwoken_core::network::testnet_2021(), godwoken_core::network::mainnet_2021()] {
            for url in [&network.rpc_url, &network.indexer_url, &network.ckb_url] {
                assert_eq!(check_node_url(url, "http://127.0.0.1:8024"), Ok(()), "{url}");
            }
        }
    }

    #[test]
    fn matches_and_mismatches() {
        let testnet = testnet_2021_constants();
        let mainnet = mainnet_2021_constants();
        assert_eq!(check_node_constants(&testnet, testnet.rollup_type_hash, testnet.eth_account_lock_code_hash), Ok(()));
        let err = check_node_constants(&testnet, mainnet.rollup_type_hash, testnet.eth_account_lock_code_hash)
            .expect_err("mismatch");
        assert_eq!(err.what, "rollup type hash");
        assert!(err.to_string().contains("Signing is disabled"));
        let err = check_node_constants(&testnet, testnet.rollup_type_hash, mainnet.eth_account_lock_code_hash)
            .expect_err("mismatch");
        assert_eq!(err.what, "ETH account lock hash");
    }
}
