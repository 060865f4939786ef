// Loaded with `node --import` into a child the media benchmark runs (`floe deploy`): on exit it
// writes the process's peak resident memory (getrusage's ru_maxrss, the kernel's VmHWM, worker
// threads included) in bytes to the file named by FLOE_BENCH_MAX_RSS_FILE. Read from inside,
// because a parent polling /proc misses whatever the child reaches in its last moments.
import { writeFileSync } from 'node:fs';

const file = process.env['FLOE_BENCH_MAX_RSS_FILE'];
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
