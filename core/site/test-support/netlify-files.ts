// Typical `_headers` and `_redirects` files, as Netlify documents them: the unit tests pin what
// they parse to, and the fuzzer starts from them.

/** Two path blocks with indented headers, a comment inside a block and a blank line. */
export const HEADERS_FILE_EXAMPLE = [
  '# Security headers for every page',
  '/*',
  '  X-Frame-Options: DENY',
  '  Referrer-Policy: no-referrer',
  '',
  '/assets/*',
  '\tCache-Control: public, max-age=31536000, immutable',
  '  # a comment inside a block',
  '  Access-Control-Allow-Origin: *',
].join('\n');

/** Every redirect status, then two 200 rewrites (routes), aligned in columns. */
export const REDIRECTS_FILE_EXAMPLE = [
  '# Moved pages',
  '/old-page      /new-page                 301',
  '/blog/*        https://blog.example.com  302',
  '/temp          /elsewhere                307',
  '/see-other     /x                        303',
  '/perm          /y                        308',
  '',
  '/app/*         /app/index.html           200',
  '/*             /index.html               200',
].join('\n');
