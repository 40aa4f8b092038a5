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
    devtools: function (options) {
      var given = devtoolsOptions(options);
      if (loaded) {
        return loaded.devtools(given);
      }
      var handle = null;
      var closed = false;
      var ready = exportsPromise.then(function (api) {
        if (!closed) {
          handle = api.devtools(given);
          return handle.ready;
        }
      });
      ready.catch(function () {}); // logged where it failed; nobody has to listen
      return {
        close: function () {
          closed = true;
          if (handle) {
            handle.close();
          }
        },
        get open() {
          return handle ? handle.open : !closed;
        },
        ready: ready
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
  // The panel's bundle beside this script, unless options.url says where (the module checks what it is).
  var devtoolsOptions = function (options) {
    if (options === undefined || options === null) {
      return { url: base + "entangle-devtools.mjs" };
    }
    if (typeof options === "object" && options.url === undefined) {
      return Object.assign({}, options, { url: base + "entangle-devtools.mjs" });
    }
    return options;
  };
  exportsPromise.then(function (api) {
    loaded = api;
    queued.forEach(function (q) { api.registerTransform(q[0], q[1], q[2]); });
    // ?entangle-devtools in the page's address: the panel opens as soon as the module has loaded.
    var asked = false;
    try {
      asked = new URLSearchParams(location.search).has("entangle-devtools");
    } catch (e) {
      asked = false;
    }
    if (asked) {
      api.devtools(devtoolsOptions());
    }
    Entangle.version = api.version;
  });
  window.Entangle = Entangle;
})();
