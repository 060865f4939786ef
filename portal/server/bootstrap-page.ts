// The page a browser gets on its first visit to a site, before the service worker controls the
// origin: it registers the worker and reloads, after which every request of the site is answered
// in the browser. Without JavaScript or service workers it falls back to the server-rendered file.

export const NO_SW_PARAM = '__floe-nosw';

export function bootstrapPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Loading…</title>
<noscript><meta http-equiv="refresh" content="0; url=?${NO_SW_PARAM}=1"></noscript>
<style>
body{font:16px/1.5 system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;color:#1d2a3a;background:#f6f8fb}
p{margin:0}small{color:#5b6b7f}
</style>
</head>
<body data-floe-bootstrap>
<main><p>Verifying this site in your browser…</p><p><small id="floe-status">installing Floe's service worker</small></p></main>
<script type="module" src="/__floe/bootstrap.js"></script>
</body>
</html>
`;
}
