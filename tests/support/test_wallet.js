// A test EIP-1193 wallet, injected before the page's scripts. It announces itself through
// EIP-6963 and as window.ethereum. personal_sign requests wait in window.__testWallet.signRequests
// until the test harness (Rust, holding the dev key) resolves or rejects them.
(() => {
  // Content-Security-Policy violations, recorded from the first moment for the tests to check.
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
  const config = { address: "__ADDRESS__", chainId: "0x116e1" };
  const listeners = {};
  const waiting = {};
  let nextId = 1;
  const connectedKey = "test-wallet-connected";
  const emit = (event, value) => (listeners[event] || []).slice().forEach((f) => f(value));
  const wallet = {
    signRequests: [],
    calls: [],
    // "reject" (4001), "pending" (-32002), "disconnected" (4900); "normal" waits for the harness;
    // "silent" never answers eth_accounts (a wallet that hangs).
    mode: "normal",
    resolve(id, signature) { const w = waiting[id]; delete waiting[id]; if (w) w.resolve(signature); },
    reject(id, code, message) { const w = waiting[id]; delete waiting[id]; if (w) w.reject({ code, message }); },
    switchAccount(address) { config.address = address; emit("accountsChanged", [address]); },
    switchChain(chainId) { config.chainId = chainId; emit("chainChanged", chainId); },
    // A wallet whose account changed without telling the page (no accountsChanged event).
    switchAccountSilently(address) { config.address = address; },
    listenerCount(event) { return (listeners[event] || []).length; },
  };
  window.__testWallet = wallet;
  // Fake timers for timeout tests: with window.__fastTimeouts set, the page's long timers (its
  // 15 s RPC timeout) fire after 300 ms, so a timeout is tested without waiting 15 s.
  // (Operations of the global object live on window itself, not on Window.prototype.)
  const realSetTimeout = window.setTimeout.bind(window);
  window.setTimeout = function (callback, delay, ...rest) {
    const fast = window.__fastTimeouts && delay >= 10000 ? 300 : delay;
    return realSetTimeout(callback, fast, ...rest);
  };
  const provider = {
    async request({ method, params }) {
      wallet.calls.push(method);
      switch (method) {
        case "eth_requestAccounts":
          sessionStorage.setItem(connectedKey, "1");
          return [config.address];
        case "eth_accounts":
          if (wallet.mode === "silent") return new Promise(() => {});
          return sessionStorage.getItem(connectedKey) ? [config.address] : [];
        case "eth_chainId":
          return config.chainId;
        // eth_sign of a 32-byte digest, as the 2021 CKB Tools page signed withdrawals.
        case "eth_sign":
        case "personal_sign":
          if (wallet.mode === "reject") throw { code: 4001, message: "User rejected the request." };
          if (wallet.mode === "pending") throw { code: -32002, message: "Request already pending." };
          if (wallet.mode === "disconnected") throw { code: 4900, message: "Disconnected." };
          return new Promise((resolve, reject) => {
            const id = nextId++;
            waiting[id] = { resolve, reject };
            wallet.signRequests.push({ id, method, params, at: performance.now() });
          });
        default:
          throw { code: 4200, message: "The test wallet does not support " + method };
      }
    },
    on(event, listener) { (listeners[event] = listeners[event] || []).push(listener); },
    removeListener(event, listener) {
      listeners[event] = (listeners[event] || []).filter((l) => l !== listener);
    },
  };
  window.ethereum = provider;
  const info = Object.freeze({
    uuid: "6f4b3c1e-0000-4000-8000-00000000test",
    name: "Test Wallet",
    icon: "data:image/svg+xml;base64,PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnIHZpZXdCb3g9JzAgMCAxIDEnPjxyZWN0IHdpZHRoPScxJyBoZWlnaHQ9JzEnIGZpbGw9JyMwMGNjOWInLz48L3N2Zz4=",
    rdns: "dev.ckb-l2-withdraw.test-wallet",
  });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();
