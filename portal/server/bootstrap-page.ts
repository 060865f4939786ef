// The page a first visit gets when the portal has no read slot free to answer it with the site's
// own page (see server.ts): it registers the service worker and reloads, and the worker then reads
// and verifies every file in the browser, which costs the portal nothing. Without JavaScript or
// service workers it falls back to the server-rendered file (`?__floe-nosw=1`), which clients use
// to ask for no worker at all.
import { BOOTSTRAP_SCRIPT_PATH, BOOTSTRAP_STATUS_ID, NO_SW_PARAM } from '../../core/serve/portal-protocol.ts';

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
<main><p>Verifying this site in your browser…</p><p><small id="${BOOTSTRAP_STATUS_ID}">installing Floe's service worker</small></p></main>
<script type="module" src="${BOOTSTRAP_SCRIPT_PATH}"></script>
</body>
</html>
`;
}
