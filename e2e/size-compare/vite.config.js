// One Vite build, one entry per client library: each entry's output is what a page loading only
// that client downloads. Only React itself is shared, by the two React entries (a chunk of its own,
// which an app with React has anyway).
export default {
  logLevel: 'info',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    minify: true,
    reportCompressedSize: true,
    rollupOptions: {
      input: {
        'entangle-full': 'src/entangle-full.js',
        'entangle-lite': 'src/entangle-lite.js',
        'socketio': 'src/socketio.js',
        'yjs-y-websocket': 'src/yjs.js',
        'entangle-react': 'src/entangle-react.js',
        'liveblocks-react': 'src/liveblocks-react.js',
      },
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunk-[name].js' },
      preserveEntrySignatures: 'strict',
    },
  },
};
