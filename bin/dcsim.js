#!/usr/bin/env node
// dcsim's executable: the compiled, bundled CLI (built by `npm ci` / `npm run build`).
import '../dist/bundle/cli.js';
