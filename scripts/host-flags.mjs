// How the browser-mode host is started: `node <HOST_NODE_FLAGS> out/main/host.js …` (npm start, the e2e fixtures and
// the bench all start it this way).
//
// --max-semi-space-size=4: V8's young generation at most 4 MB each way (its default grows to 16 MB). Under bursts of
// allocation — people signing in, paging and opening the 工作台 at once — V8 grows it and keeps the pages: the
// host's peak resident set rose by about 6 MB per session opened (10-year district, 20 sessions: 255 → 387 MB).
// With 4 MB it stays near 270 MB; minor collections are more frequent and each is shorter. The flag must be given
// at start: set from inside the process (v8.setFlagsFromString) it changed nothing.
export const HOST_NODE_FLAGS = ['--max-semi-space-size=4'];
