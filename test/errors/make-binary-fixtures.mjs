// Writes the two fixtures that cannot be typed as text: a NUL byte and invalid UTF-8 in row 3.
// Run from anywhere: node test/errors/make-binary-fixtures.mjs (the outputs are committed).
import { writeFileSync } from 'node:fs';

const dir = new URL('./', import.meta.url);
const header = Buffer.from('beneficiary_id,performance_year,expenditure,aligned_months,risk_score,benchmark_pbpm\n');
const row1 = Buffer.from('B001,2023,10250.00,12,1.05,1000.00\n');
const row3 = Buffer.from('B003,2023,15000.00,9,1.20,1000.00\n');

// Line 3, column 13 (inside the expenditure value "84\0" + "00.50"): a NUL byte.
const nul = Buffer.concat([Buffer.from('B002,2023,84'), Buffer.from([0x00]), Buffer.from('00.50,12,0.95,1000.00\n')]);
writeFileSync(new URL('nul-byte.csv', dir), Buffer.concat([header, row1, nul, row3]));

// Line 3, column 2: a Latin-1 "é" (the byte 0xE9, not valid UTF-8) in the beneficiary id "Bé02".
const latin1 = Buffer.concat([Buffer.from('B'), Buffer.from([0xe9]), Buffer.from('02,2023,8400.50,12,0.95,1000.00\n')]);
writeFileSync(new URL('invalid-utf8.csv', dir), Buffer.concat([header, row1, latin1, row3]));

// The whole of ok.csv as UTF-16 little-endian with a byte-order mark (as Excel's "Unicode text").
const ok = Buffer.concat([header, row1, row3]).toString('utf8');
writeFileSync(new URL('utf16.csv', dir), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ok, 'utf16le')]));
