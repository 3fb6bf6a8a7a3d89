// The extract reader's public face: read a Dapodik extract directory, report its rejects.

export * from './extract-reader.js';
export { parseManifest } from './manifest.js';
