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
    },
    sync: function (options) {
      return exportsPromise.then(function (api) { return api.sync(options); });
    },
    // A client exists only once the module has loaded: its own cursors() does the work.
    cursors: function (container, options) {
      if (!options || typeof options !== "object" || !options.client || typeof options.client.cursors !== "function") {
        throw new TypeError("Entangle.cursors: options.client must be a client from Entangle.connect");
      }
      return options.client.cursors(container, options);
    },
    // The panel opens once the module has loaded; the handle works at once.
    devtools: function () {
      if (loaded) {
        return loaded.devtools();
      }
      var handle = null;
      var closed = false;
      exportsPromise.then(function (api) {
        if (!closed) {
          handle = api.devtools();
        }
      });
      return {
        close: function () {
          closed = true;
          if (handle) {
            handle.close();
          }
        },
        get open() {
          return handle ? handle.open : !closed;
        }
      };
    },
    // Usable before the module has loaded: kept until it has, then handed over before any connect.
    registerTransform: function (name, forward, inverse) {
      if (loaded) {
        loaded.registerTransform(name, forward, inverse);
      } else if (typeof name !== "string" || typeof forward !== "function" || typeof inverse !== "function") {
        throw new TypeError("Entangle.registerTransform(name, forward, inverse): a string and two functions");
      } else {
        queued.push([name, forward, inverse]);
      }
    }
  };
  var loaded = null;
  var queued = [];
  exportsPromise.then(function (api) {
    loaded = api;
    queued.forEach(function (q) { api.registerTransform(q[0], q[1], q[2]); });
    Entangle.version = api.version;
  });
  window.Entangle = Entangle;
})();
