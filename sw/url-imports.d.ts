// Vite's `?url` imports resolve to the emitted asset's URL. Declared here rather than through
// `vite/client`, whose other globals (import.meta.env, hot) have no place in the Node typecheck.
declare module '*?url' {
  const url: string;
  export default url;
}
