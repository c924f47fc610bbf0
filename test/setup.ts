// Runs before every test file: the file's temporary folders go when it ends.
import { afterAll } from 'vitest';
import { removeTempDirs } from './tmp.js';

afterAll(removeTempDirs);
