  })(undefined, { TeaVM: TeaVM });
  var runtime = TeaVM.wasmGC;
  var exportsPromise = runtime.load(base + "entangle.wasm").then(function (teavm) {
    return teavm.exports.Entangle;
  });
  var Entangle = {
    ready: exportsPromise.then(function () { return undefined; }),
    build: "wasm",
    connect: function (options) {
      return exportsPromise.then(function (api) { return api.connect(options); });
    }
  };
  exportsPromise.then(function (api) { Entangle.version = api.version; });
  window.Entangle = Entangle;
})();
