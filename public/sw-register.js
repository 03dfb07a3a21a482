// Registers the service worker. A plain script (not WASM) so the portal is
// installable and works offline even where the WASM bundle never loads.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  });
}
