})(undefined, { TeaVM: TeaVM });

const runtime = TeaVM.wasmGC;
let loading = null;
let loadingFrom = null;
let api = null;
const queuedTransforms = [];

/** The URL of options.wasmUrl (a string or a URL), or undefined; a TypeError names anything else. */
function wasmUrlOf(call, options) {
  const given = options !== null && typeof options === "object" ? options.wasmUrl : undefined;
  if (given === undefined || given === null) {
    return undefined;
  }
  if (typeof given === "string") {
    return new URL(given, typeof location !== "undefined" ? location.href : undefined).href;
  }
  if (typeof URL !== "undefined" && given instanceof URL) {
    return given.href;
  }
  throw new TypeError(call + ": options.wasmUrl must be a string or a URL, got " + typeof given);
}

/** The devtools panel's file, named so that bundlers emit it beside this module. */
const devtoolsUrl = new URL("./entangle-devtools.mjs", import.meta.url).href;

/** The panel's bundle beside this file, unless options.url says where (the module checks what it is). */
function devtoolsOptions(options) {
  if (options === undefined || options === null) {
    return { url: devtoolsUrl };
  }
  if (typeof options === "object" && options.url === undefined) {
    return Object.assign({}, options, { url: devtoolsUrl });
  }
  return options;
}

/** ?entangle-devtools in the page's address: the panel opens as soon as the module has loaded. */
function askedInAddress() {
  try {
    return typeof location !== "undefined" && typeof document !== "undefined"
        && new URLSearchParams(location.search).has("entangle-devtools");
  } catch (e) {
    return false;
  }
}

/** Loads entangle.wasm once; resolves with the module's Entangle. */
function start(call, options) {
  let url;
  try {
    url = wasmUrlOf(call, options);
  } catch (error) {
    return Promise.reject(error);
  }
  if (loading !== null) {
    if (url !== undefined && url !== loadingFrom) {
      return Promise.reject(new TypeError(call + ": entangle.wasm is already loaded from " + loadingFrom
          + ", not " + url));
    }
    return loading;
  }
  loadingFrom = url !== undefined ? url : new URL("./entangle.wasm", import.meta.url).href;
  const from = loadingFrom;
  loading = runtime.load(from).then(function (teavm) {
    api = teavm.exports.Entangle;
    queuedTransforms.splice(0).forEach(function (q) { api.registerTransform(q[0], q[1], q[2]); });
    if (askedInAddress()) {
      api.devtools(devtoolsOptions());
    }
    return api;
  }, function (error) {
    loading = null; // a later call may try again (the network came back, another wasmUrl)
    loadingFrom = null;
    throw new Error("Entangle: could not load " + from + " (" + (error && error.message || error)
        + "); serve it with Content-Type application/wasm, or pass wasmUrl");
  });
  return loading;
}

export const Entangle = {
  build: "wasm",
  get ready() {
    return start("Entangle.ready").then(function () { return undefined; });
  },
  get version() {
    return api !== null ? api.version : undefined;
  },
  load: function (options) {
    return start("Entangle.load", options).then(function () { return undefined; });
  },
  connect: function (options) {
    return start("Entangle.connect", options).then(function (loaded) { return loaded.connect(options); });
  },
  sync: function (options) {
    return start("Entangle.sync", options).then(function (loaded) { return loaded.sync(options); });
  },
  // A client exists only once the module has loaded: its own cursors() does the work.
  cursors: function (container, options) {
    if (!options || typeof options !== "object" || !options.client || typeof options.client.cursors !== "function") {
      throw new TypeError("Entangle.cursors: options.client must be a client from Entangle.connect");
    }
    return options.client.cursors(container, options);
  },
  // The panel opens once the module has loaded (this starts loading it); the handle works at once.
  devtools: function (options) {
    const given = devtoolsOptions(options);
    if (api !== null) {
      return api.devtools(given);
    }
    let handle = null;
    let closed = false;
    const ready = start("Entangle.devtools").then(function (loaded) {
      if (!closed) {
        handle = loaded.devtools(given);
        return handle.ready;
      }
    });
    ready.catch(function () {}); // logged where it failed; nobody has to listen
    return {
      close: function () {
        closed = true;
        if (handle !== null) {
          handle.close();
        }
      },
      get open() {
        return handle !== null ? handle.open : !closed;
      },
      ready: ready
    };
  },
  // Usable before the module has loaded: kept until it has, then handed over before any connect.
  registerTransform: function (name, forward, inverse) {
    if (api !== null) {
      api.registerTransform(name, forward, inverse);
    } else if (typeof name !== "string" || typeof forward !== "function" || typeof inverse !== "function") {
      throw new TypeError("Entangle.registerTransform(name, forward, inverse): a string and two functions");
    } else {
      queuedTransforms.push([name, forward, inverse]);
    }
  }
};

export default Entangle;
