// Drives the real pw-core 0.4.0-alpha.12 — the library of the December 2021 CKB Tools page and of
// nervos-godwoken-integration — against a devnet, as the 2021 "Create Layer 2 account" did: pw-core
// reads the chain from get_blockchain_info, asks the wallet for its account, collects the account's
// PW-lock cells through the indexer, builds the deposit with its SimpleBuilder (fee = size, change
// back to the wallet), has the wallet sign with personal_sign and sends it with "passthrough".
//
// The wallet is a test EIP-1193 object over a known development key; it signs exactly what pw-core
// asks (params [address, message], the 32 raw bytes under EIP-191), like MetaMask.
//
// Usage: node pw_core_deposit.js <ckb url> <indexer url> <private key> <deposit lock code hash>
//        <deposit lock args> <amount in CKB>
// Prints one JSON line: {"hash", "address", "chain_id", "wallet_calls"} or {"error"}.
'use strict';

const { ec: EC } = require('elliptic');
const { keccak_256: keccak256 } = require('js-sha3');
const pw = require('@lay2/pw-core');

const PWCore = pw.default;
const [ckbUrl, indexerUrl, privateKey, codeHash, args, amount] = process.argv.slice(2);

const key = new EC('secp256k1').keyFromPrivate(privateKey.replace(/^0x/, ''), 'hex');
const publicKey = Buffer.from(key.getPublic(false, 'hex').slice(2), 'hex');
const address = '0x' + keccak256(publicKey).slice(-40);

const walletCalls = [];
globalThis.window = {
  ethereum: {
    async request({ method, params }) {
      walletCalls.push({ method, params });
      if (method === 'eth_requestAccounts' || method === 'eth_accounts') {
        return [address];
      }
      if (method === 'personal_sign') {
        const [from, message] = params;
        if (from.toLowerCase() !== address) {
          throw new Error(`asked to sign for ${from}, not ${address}`);
        }
        const bytes = Buffer.from(message.replace(/^0x/, ''), 'hex');
        const prefix = Buffer.from(`\x19Ethereum Signed Message:\n${bytes.length}`);
        const digest = keccak256(Buffer.concat([prefix, bytes]));
        const signature = key.sign(digest, { canonical: true });
        const hex = (n) => n.toString(16).padStart(64, '0');
        return '0x' + hex(signature.r) + hex(signature.s) + (27 + signature.recoveryParam).toString(16);
      }
      throw new Error(`the test wallet does not answer ${method}`);
    },
  },
};

(async () => {
  const pwcore = await new PWCore(ckbUrl).init(new pw.EthProvider(), new pw.IndexerCollector(indexerUrl));
  const depositLock = new pw.Script(codeHash, args, pw.HashType.type);
  const hash = await pwcore.send(depositLock.toAddress(), new pw.Amount(amount));
  console.log(JSON.stringify({ hash, address, chain_id: PWCore.chainId, wallet_calls: walletCalls }));
})().catch((error) => {
  console.log(JSON.stringify({ error: String((error && error.stack) || error), wallet_calls: walletCalls }));
  process.exit(1);
});
